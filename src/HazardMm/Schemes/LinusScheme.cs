using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme C, Linus (Jan 2022): "a lazy TLB mm reference requires that there's an actual active user
/// of that mm (ie mm_users &gt; 0)", and the last mm_users decrement forces a TLB flush that leaves no
/// lazy user behind (spec §3). No reference, slot or fence on the switch path. The flush is forced
/// even with no page tables left (the mmu_gather flag); where the architecture's flush runs no code
/// on the other CPUs (broadcast, hypercall) it adds the IPIs that unlazy them, the exiting CPU
/// included.
/// </summary>
public sealed class LinusScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;
    private readonly LazyShootdown<TMem> _shootdown;

    public LinusScheme(Kernel<TMem> kernel)
    {
        _kernel = kernel;
        _shootdown = new LazyShootdown<TMem>(kernel);
    }

    public string Name => "linus";

    public bool ForcesExitFlush => _kernel.Mutant != MutantId.LinusNoForcedFlush;

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

    /// <summary>
    /// After exit_mmap's forced flush: on an IPI-flush architecture it already unlazied every CPU of
    /// the mask; otherwise IPI them (every CPU without a cpumask) and wait.
    /// </summary>
    public void MmPutHook(Cpu cpu, MmPtr mm)
    {
        if (!_kernel.Arch.ExitFlushUnlazies && _kernel.Mutant != MutantId.LinusTrustsBroadcast)
        {
            _shootdown.ShootAll(cpu, _shootdown.MayBeLazy, mm, skipSelf: _kernel.Mutant == MutantId.LinusSkipsSelf);
        }
    }

    public void CleanupLazyTlbs(Cpu cpu, MmPtr mm)
    {
    }

    public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) => _shootdown.Handle(cpu, function, mm);

    public void CheckCpuInvariants(Cpu cpu)
    {
    }

    public void CheckQuiescent(Cpu cpu)
    {
    }
}
