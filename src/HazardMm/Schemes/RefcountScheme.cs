using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme A, mainline (≤ 6.1; MMU_LAZY_TLB_REFCOUNT=y): every lazy episode holds a real mm_count
/// reference, taken by mmgrab at user→kernel (and exit_mm) and dropped by mmdrop in the
/// finish_task_switch of the kernel→user switch that ends it (spec §1).
/// Cost: an atomic RMW on the mm's shared count line at each lazy entry and exit.
/// </summary>
public sealed class RefcountScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;

    public RefcountScheme(Kernel<TMem> kernel)
    {
        _kernel = kernel;
    }

    public string Name => "refcount";

    public bool ForcesExitFlush => false;

    public IReadOnlyList<string> PerCpuWordNames => [];

    /// <summary>mmgrab_lazy_tlb: atomic_inc(mm_count); no barrier is needed, the caller holds a users ref.</summary>
    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (_kernel.Mutant != MutantId.RefcountNoLazyGrab)
        {
            _kernel.MmOps.MmGrab(mm);
        }
    }

    /// <summary>Nothing here: the reference rides in rq->prev_mm to finish_task_switch.</summary>
    public void LeaveLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// mmdrop_lazy_tlb: atomic_dec_and_test, fully ordered; its barrier is also the one membarrier()
    /// relies on between the switch to a user mm and the return to user space.
    /// </summary>
    public void MmDropLazyTlb(Cpu cpu, MmPtr mm) => _kernel.MmOps.MmDrop(cpu, mm);

    public void FinishTaskSwitch(Cpu cpu)
    {
    }

    public void MmPutHook(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>Nothing to clean: at mm_count == 0 no CPU can be lazy on the mm, since each lazy CPU held a count.</summary>
    public void CleanupLazyTlbs(Cpu cpu, MmPtr mm)
    {
    }

    public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) =>
        throw new InvalidOperationException($"{Name} sends no {function} IPIs");

    public void CheckCpuInvariants(Cpu cpu)
    {
    }

    public void CheckQuiescent(Cpu cpu)
    {
    }
}
