using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// Deliberately broken: lazy users take no reference, publish no hazard and are never shot down.
/// It is safe only when an exit flush happens to unlazy every CPU (x86 with page tables left to free),
/// which is exactly Linus's observation; elsewhere a lazy CPU walks a freed mm and the oracle must
/// say so. It is the oracle's own test.
/// </summary>
public sealed class BustedScheme : ILazyTlbScheme
{
    public string Name => "busted";

    public bool ForcesExitFlush => false;

    public IReadOnlyList<string> PerCpuWordNames => [];

    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    public void LeaveLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    public void MmDropLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    public void FinishTaskSwitch(Cpu cpu)
    {
    }

    public void MmPutHook(Cpu cpu, MmPtr mm)
    {
    }

    public void CleanupLazyTlbs(Cpu cpu, MmPtr mm)
    {
    }

    public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) =>
        throw new InvalidOperationException($"busted sends no {function} IPIs");

    public void CheckCpuInvariants(Cpu cpu)
    {
    }

    public void CheckQuiescent(Cpu cpu)
    {
    }
}
