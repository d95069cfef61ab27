namespace HazardMm.Ipi;

/// <summary>What an IPI asks its target to run, with an mm as the argument.</summary>
public enum IpiFunction
{
    None = 0,

    /// <summary>The exit_mmap TLB flush (x86 flush_tlb_func): a target lazy on the mm switches to init_mm.</summary>
    FlushTlbMm = 1,

    /// <summary>do_shoot_lazy_tlb: a target whose active_mm is the mm switches to init_mm.</summary>
    ShootLazyTlb = 2,

    /// <summary>do_check_lazy_tlb: a target must not have the mm as active_mm any more.</summary>
    CheckLazyTlb = 3,
}
