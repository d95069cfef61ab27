using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme B, Piggin's shoot-lazies (6.2, MMU_LAZY_TLB_SHOOTDOWN): lazy users hold no reference at
/// all. Once mm_count reaches 0 no new lazy user can appear (mm_users is 0 too), so one synchronous
/// IPI round over the CPUs that may be lazy (the cpumask; every CPU on an architecture without one,
/// or always in the all-CPUs variant) evicts them before the free (design.md#shootdown).
/// </summary>
public class ShootdownScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    /// <param name="allCpus">Shoot every online CPU, cpumask or not: the variant an arch without a
    /// cpumask needs. (DEBUG_VM_SHOOT_LAZIES, which IPIs every CPU only to check, is not modelled: the
    /// oracle checks every later use of the mm instead.)</param>
    public ShootdownScheme(LazyTlbContext<TMem> context, bool allCpus)
    {
        Context = context;
        Shootdown = new LazyShootdown<TMem>(context);
        AllCpus = allCpus;
    }

    public string Name => AllCpus ? "shootdown-all" : "shootdown";

    protected LazyTlbContext<TMem> Context { get; }

    protected LazyShootdown<TMem> Shootdown { get; }

    protected bool AllCpus { get; }

    /// <summary>The CPUs cleanup_lazy_tlbs shoots: every online CPU in the all-CPUs variant, else those that may be lazy.</summary>
    protected virtual ScanSet Targets => AllCpus ? ScanSet.Online : Shootdown.MayBeLazy;

    /// <summary>
    /// mmdrop_lazy_tlb without a refcount is smp_mb() only, kept for membarrier(): it orders the switch
    /// to the user mm before the return to user space, as mmdrop's RMW did. It pairs with no fence of
    /// this model (design.md#shootdown).
    /// </summary>
    public void MmDropLazyTlb(Cpu cpu, MmPtr mm) => Context.SmpMb(AccessSite.ShootdownMembarrierMb);

    /// <summary>
    /// cleanup_lazy_tlbs: on_each_cpu_mask(targets, do_shoot_lazy_tlb, mm, wait=1). The arch contract is
    /// that the cpumask contains every CPU that may be lazy on the mm; it was set by switch_mm before
    /// the mm was loaded, which precedes the count reaching 0.
    /// </summary>
    public virtual void CleanupLazyTlbs(Cpu cpu, MmPtr mm) => Shootdown.OnEachCpuMask(cpu, Targets, mm);

    public void HandleLazyTlbIpi(Cpu cpu, IpiFunction function, MmPtr mm) => Shootdown.Handle(cpu, function, mm);
}

/// <summary>The shoot-lazies registry entries.</summary>
public sealed class ShootdownScheme(bool allCpus) : ISchemeFactory
{
    /// <summary>Whether this entry shoots every online CPU.</summary>
    public bool AllCpus => allCpus;

    public static SchemeDescriptor Descriptor { get; } = new(
        "shootdown",
        "Piggin 6.2: no lazy reference; the final mmdrop IPIs the cpumask (every CPU where the arch keeps none) to evict lazy users",
        SchemeKind.Real,
        new ShootdownScheme(allCpus: false))
    {
        ExitCover = _ => LazyCover.Evicted,
    };

    public static SchemeDescriptor AllCpusDescriptor { get; } = new(
        "shootdown-all",
        "shootdown that always IPIs every CPU",
        SchemeKind.Variant,
        new ShootdownScheme(allCpus: true))
    {
        ExitCover = _ => LazyCover.Evicted,
    };

    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => new ShootdownScheme<TMem>(context, allCpus);
}
