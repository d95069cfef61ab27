using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// <c>rq-&gt;lazy_mm</c>, the hazard scheme's per-CPU hazard pointer (design.md#hazard). One method
/// per role; each owns its memory order, resolved from the kernel's <see cref="AccessOrders"/> when
/// the scheme is built (design.md#accessor-cache).
/// </summary>
public sealed class LazyMmSlot<TMem>(LazyTlbContext<TMem> context, int word) : SchemeWord<TMem>(context, word)
    where TMem : struct, IMemoryModel
{
    private readonly MemoryOrder _publish = context.Orders.Resolve(AccessSite.HazardPublish);
    private readonly MemoryOrder _unpublish = context.Orders.Resolve(AccessSite.HazardUnpublish);
    private readonly MemoryOrder _scan = context.Orders.Resolve(AccessSite.HazardScan);
    private readonly MemoryOrder _recheck = context.Orders.Resolve(AccessSite.HazardRecheck);

    /// <summary>st(rq->lazy_mm, mm) on this CPU (design.md#hazard-publish): relaxed by default.</summary>
    public void Publish(int cpu, MmPtr mm) => Seam<TMem>.Store(ref Word(cpu), mm.Value, _publish);

    /// <summary>st_rel(rq->lazy_mm, NULL) on this CPU after switch_mm (design.md#hazard-unpublish).</summary>
    public void Unpublish(int cpu) => Seam<TMem>.Store(ref Word(cpu), 0, _unpublish);

    /// <summary>A scanner's ld_acq(rq->lazy_mm) of a remote CPU (design.md#hazard-scan).</summary>
    public long Scan(int cpu) => Seam<TMem>.Load(ref Word(cpu), _scan);

    /// <summary>
    /// A scanner's ld_acq(rq->lazy_mm) of each CPU from <paramref name="from"/> on, as <see cref="Scan"/>
    /// one by one: the first CPU lazy on <paramref name="mm"/>, or the CPU count (design.md#hazard-scan).
    /// </summary>
    public int NextLazyOn(int from, MmPtr mm) => FirstHolding(from, mm.Value, _scan);

    /// <summary>try_drop_rq_ref's re-load of rq->lazy_mm, after drop_mm (design.md#hazard-steal).</summary>
    public long Recheck(int cpu) => Seam<TMem>.Load(ref Word(cpu), _recheck);
}

/// <summary>
/// <c>rq-&gt;drop_mm</c>: an mm the rq owns one parked mm_count reference to (design.md#hazard-steal,
/// design.md#hazard-owner). Written by the rq itself and by scanners, always by cmpxchg.
/// </summary>
public sealed class DropMmSlot<TMem>(LazyTlbContext<TMem> context, int word) : SchemeWord<TMem>(context, word)
    where TMem : struct, IMemoryModel
{
    private readonly MemoryOrder _load = context.Orders.Resolve(AccessSite.HazardDropMmLoad);
    private readonly MemoryOrder _park = context.Orders.Resolve(AccessSite.HazardPark);
    private readonly MemoryOrder _steal = context.Orders.Resolve(AccessSite.HazardSteal);
    private readonly MemoryOrder _take = context.Orders.Resolve(AccessSite.HazardTake);

    /// <summary>A scanner's load of a remote rq's drop_mm (design.md#hazard-steal): acquire.</summary>
    public long Load(int cpu) => Seam<TMem>.Load(ref Word(cpu), _load);

    /// <summary>cmpxchg(&amp;rq->drop_mm, NULL, mm): park a reference on an rq that holds none.</summary>
    public bool TryPark(int cpu, MmPtr mm) =>
        Seam<TMem>.CompareExchange(ref Word(cpu), mm.Value, 0, _park) == 0;

    /// <summary>cmpxchg(&amp;rq->drop_mm, od, mm): take the slot of <paramref name="od"/>, whose reference the caller then drops.</summary>
    public bool TrySteal(int cpu, MmPtr od, MmPtr mm) =>
        Seam<TMem>.CompareExchange(ref Word(cpu), mm.Value, od.Value, _steal) == od.Value;

    /// <summary>
    /// try_cmpxchg(&amp;rq->drop_mm, old, NULL) by the rq itself: takes the parked reference; returns the
    /// value found (equal to <paramref name="old"/> on success).
    /// </summary>
    public long TryTake(int cpu, long old) =>
        Seam<TMem>.CompareExchange(ref Word(cpu), 0, old, _take);

    /// <summary>xchg(&amp;rq->drop_mm, mm): the 2020 mockup's park, returning what it displaced (design.md#hazard-mockup).</summary>
    public long Exchange(int cpu, MmPtr mm) => TMem.Exchange(ref Word(cpu), mm.Value);
}
