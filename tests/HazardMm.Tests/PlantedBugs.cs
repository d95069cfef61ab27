using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Tests;

/// <summary>
/// Deliberately broken refcount schemes: each oracle check must fail on one of them, or the check
/// proves nothing. (The full mutant catalogue runs in the systematic tests.)
/// </summary>
internal static class PlantedBugs
{
    /// <summary>No mmgrab when a CPU becomes lazy. Expected: use-after-free.</summary>
    internal sealed class RefcountWithoutLazyGrab(LazyTlbContext<HardwareMemory> context) : Decorator(new RefcountScheme<HardwareMemory>(context))
    {
        public override void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
        {
        }
    }

    /// <summary>A reference taken twice per lazy episode. Expected: leak at quiescence.</summary>
    internal sealed class RefcountGrabTwice(LazyTlbContext<HardwareMemory> context) : Decorator(new RefcountScheme<HardwareMemory>(context))
    {
        public override void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
        {
            base.MmGrabLazyTlb(cpu, mm);
            context.MmGrab(mm);
        }
    }

    /// <summary>The lazy reference dropped twice. Expected: negative count or use-after-free.</summary>
    internal sealed class RefcountDropTwice(LazyTlbContext<HardwareMemory> context) : Decorator(new RefcountScheme<HardwareMemory>(context))
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

        public void FinishSwitchLazyTlb(Cpu cpu) => inner.FinishSwitchLazyTlb(cpu);

        public void MmPutLazyTlb(Cpu cpu, MmPtr mm) => inner.MmPutLazyTlb(cpu, mm);

        public void CleanupLazyTlbs(Cpu cpu, MmPtr mm) => inner.CleanupLazyTlbs(cpu, mm);

        public void HandleLazyTlbIpi(Cpu cpu, IpiFunction function, MmPtr mm) => inner.HandleLazyTlbIpi(cpu, function, mm);

        public long LazyReferences(MmPtr mm, IReadOnlyList<Cpu> cpus) => inner.LazyReferences(mm, cpus);
    }
}
