using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Tests;

/// <summary>
/// Deliberately broken refcount schemes: each oracle check must fail on one of them, or the check
/// proves nothing. (The full mutant catalogue comes with the systematic tests.)
/// </summary>
internal static class PlantedBugs
{
    /// <summary>Spec A-m1/A-m6: no mmgrab when a CPU becomes lazy. Expected: use-after-free.</summary>
    internal sealed class RefcountWithoutLazyGrab(Kernel<HardwareMemory> kernel) : Decorator(new RefcountScheme<HardwareMemory>(kernel))
    {
        public override void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
        {
        }
    }

    /// <summary>Spec A-m2: a reference taken twice per lazy episode. Expected: leak at quiescence.</summary>
    internal sealed class RefcountGrabTwice(Kernel<HardwareMemory> kernel) : Decorator(new RefcountScheme<HardwareMemory>(kernel))
    {
        private readonly Kernel<HardwareMemory> _kernel = kernel;

        public override void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
        {
            base.MmGrabLazyTlb(cpu, mm);
            _kernel.MmOps.MmGrab(mm);
        }
    }

    /// <summary>Spec A-m7: the lazy reference dropped twice. Expected: negative count or use-after-free.</summary>
    internal sealed class RefcountDropTwice(Kernel<HardwareMemory> kernel) : Decorator(new RefcountScheme<HardwareMemory>(kernel))
    {
        public override void MmDropLazyTlb(Cpu cpu, MmPtr mm)
        {
            base.MmDropLazyTlb(cpu, mm);
            base.MmDropLazyTlb(cpu, mm);
        }
    }

    /// <summary>Passes every hook to a real scheme; a planted bug overrides one.</summary>
    internal abstract class Decorator(ILazyTlbScheme inner) : ILazyTlbScheme
    {
        public string Name => "planted-" + inner.Name;

        public bool ForcesExitFlush => inner.ForcesExitFlush;

        public IReadOnlyList<string> PerCpuWordNames => inner.PerCpuWordNames;

        public virtual void MmGrabLazyTlb(Cpu cpu, MmPtr mm) => inner.MmGrabLazyTlb(cpu, mm);

        public void LeaveLazyTlb(Cpu cpu, MmPtr mm) => inner.LeaveLazyTlb(cpu, mm);

        public virtual void MmDropLazyTlb(Cpu cpu, MmPtr mm) => inner.MmDropLazyTlb(cpu, mm);

        public void FinishTaskSwitch(Cpu cpu) => inner.FinishTaskSwitch(cpu);

        public void MmPutHook(Cpu cpu, MmPtr mm) => inner.MmPutHook(cpu, mm);

        public void CleanupLazyTlbs(Cpu cpu, MmPtr mm) => inner.CleanupLazyTlbs(cpu, mm);

        public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) => inner.HandleIpi(cpu, function, mm);

        public void CheckCpuInvariants(Cpu cpu) => inner.CheckCpuInvariants(cpu);

        public void CheckQuiescent(Cpu cpu) => inner.CheckQuiescent(cpu);
    }
}
