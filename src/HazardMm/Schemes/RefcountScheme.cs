using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme A, mainline (≤ 6.1; MMU_LAZY_TLB_REFCOUNT=y): every lazy episode holds a real mm_count
/// reference, taken by mmgrab at user→kernel (and exit_mm) and dropped by mmdrop in the
/// finish_task_switch of the kernel→user switch that ends it (design.md#refcount).
/// Cost: an atomic RMW on the mm's shared count line at each lazy entry and exit.
/// </summary>
public class RefcountScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    public RefcountScheme(LazyTlbContext<TMem> context)
    {
        Context = context;
    }

    public string Name => "refcount";

    protected LazyTlbContext<TMem> Context { get; }

    /// <summary>mmgrab_lazy_tlb: atomic_inc(mm_count); no barrier is needed, the caller holds a users ref.</summary>
    public virtual void MmGrabLazyTlb(Cpu cpu, MmPtr mm) => Context.MmGrab(mm);

    /// <summary>
    /// mmdrop_lazy_tlb: atomic_dec_and_test, fully ordered; its barrier is also the one membarrier()
    /// relies on between the switch to a user mm and the return to user space. (Nothing happens at
    /// LeaveLazyTlb: the reference rides in rq->prev_mm to here. Nothing at cleanup_lazy_tlbs: at
    /// mm_count == 0 no CPU can be lazy on the mm, since each lazy CPU held a count.)
    /// </summary>
    public void MmDropLazyTlb(Cpu cpu, MmPtr mm) => Context.MmDrop(cpu, mm);

    /// <summary>
    /// A-I1 (design.md#refcount-invariants): one reference per lazy chain, that is per CPU whose
    /// current kernel thread borrows the mm, plus one per rq->prev_mm still waiting for its drop.
    /// </summary>
    public long LazyReferences(MmPtr mm, IReadOnlyList<Cpu> cpus)
    {
        long chains = 0;
        foreach (Cpu cpu in cpus)
        {
            chains += (cpu.Curr.LazyMm == mm ? 1 : 0) + (cpu.PrevMm == mm ? 1 : 0);
        }

        return chains;
    }
}

/// <summary>The refcount scheme's registry entry.</summary>
public sealed class RefcountScheme : ISchemeFactory
{
    public static SchemeDescriptor Descriptor { get; } = new(
        "refcount",
        "mainline <= 6.1: every lazy episode holds an mm_count reference (mmgrab at user->kernel, mmdrop in finish_task_switch)",
        SchemeKind.Real,
        new RefcountScheme())
    {
        LazyReference = true,
        ExitCover = _ => LazyCover.Reference,
    };

    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => new RefcountScheme<TMem>(context);
}
