namespace HazardMm.Memory;

/// <summary>
/// The order an access site uses (design.md#model). An accessor asks the kernel's
/// <see cref="AccessOrders"/> table for it, so a planted bug that weakens an order is one table entry,
/// not a branch in the protocol (design.md#mutants).
/// </summary>
public enum MemoryOrder
{
    /// <summary>READ_ONCE / WRITE_ONCE: single-copy atomic, no ordering.</summary>
    Relaxed,

    /// <summary>smp_load_acquire.</summary>
    Acquire,

    /// <summary>smp_store_release.</summary>
    Release,

    /// <summary>Fully ordered: a store made by xchg, an RMW as the atomic itself, a fence as smp_mb().</summary>
    Full,

    /// <summary>A fence left out.</summary>
    None,

    /// <summary>
    /// An RMW done as plain accesses: an add is a load then a store (concurrent updates are lost); a
    /// cmpxchg is the plain store of a check-then-act, the caller's earlier load standing in for the compare.
    /// </summary>
    Torn,
}
