using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// <c>rq-&gt;lazy_mm</c>, the hazard scheme's per-CPU hazard pointer (design.md#hazard). One method
/// per role; each owns its memory order, looked up in the kernel's <see cref="AccessOrders"/>.
/// </summary>
public sealed class LazyMmSlot<TMem>(LazyTlbContext<TMem> context, int word) : SchemeWord<TMem>(context, word)
    where TMem : struct, IMemoryModel
{
    /// <summary>st(rq->lazy_mm, mm) on this CPU (design.md#hazard-publish): relaxed by default.</summary>
    public void Publish(int cpu, MmPtr mm) => Seam<TMem>.Store(ref Word(cpu), mm.Value, Order(AccessSite.HazardPublish));

    /// <summary>st_rel(rq->lazy_mm, NULL) on this CPU after switch_mm (design.md#hazard-unpublish).</summary>
    public void Unpublish(int cpu) => Seam<TMem>.Store(ref Word(cpu), 0, Order(AccessSite.HazardUnpublish));

    /// <summary>A scanner's ld_acq(rq->lazy_mm) of a remote CPU (design.md#hazard-scan).</summary>
    public long Scan(int cpu) => Seam<TMem>.Load(ref Word(cpu), Order(AccessSite.HazardScan));

    /// <summary>try_drop_rq_ref's re-load of rq->lazy_mm, after drop_mm (design.md#hazard-steal).</summary>
    public long Recheck(int cpu) => Seam<TMem>.Load(ref Word(cpu), Order(AccessSite.HazardRecheck));


}

/// <summary>
/// <c>rq-&gt;drop_mm</c>: an mm the rq owns one parked mm_count reference to (design.md#hazard-steal,
/// design.md#hazard-owner). Written by the rq itself and by scanners, always by cmpxchg.
/// </summary>
public sealed class DropMmSlot<TMem>(LazyTlbContext<TMem> context, int word) : SchemeWord<TMem>(context, word)
    where TMem : struct, IMemoryModel
{
    /// <summary>A scanner's load of a remote rq's drop_mm (design.md#hazard-steal): acquire.</summary>
    public long Load(int cpu) => Seam<TMem>.Load(ref Word(cpu), Order(AccessSite.HazardDropMmLoad));



    /// <summary>cmpxchg(&amp;rq->drop_mm, NULL, mm): park a reference on an rq that holds none.</summary>
    public bool TryPark(int cpu, MmPtr mm) =>
        Seam<TMem>.CompareExchange(ref Word(cpu), mm.Value, 0, Order(AccessSite.HazardPark)) == 0;

    /// <summary>cmpxchg(&amp;rq->drop_mm, od, mm): take the slot of <paramref name="od"/>, whose reference the caller then drops.</summary>
    public bool TrySteal(int cpu, MmPtr od, MmPtr mm) =>
        Seam<TMem>.CompareExchange(ref Word(cpu), mm.Value, od.Value, Order(AccessSite.HazardSteal)) == od.Value;

    /// <summary>
    /// try_cmpxchg(&amp;rq->drop_mm, old, NULL) by the rq itself: takes the parked reference; returns the
    /// value found (equal to <paramref name="old"/> on success).
    /// </summary>
    public long TryTake(int cpu, long old) =>
        Seam<TMem>.CompareExchange(ref Word(cpu), 0, old, Order(AccessSite.HazardTake));

    /// <summary>xchg(&amp;rq->drop_mm, mm): the 2020 mockup's park, returning what it displaced (design.md#hazard-mockup).</summary>
    public long Exchange(int cpu, MmPtr mm) => TMem.Exchange(ref Word(cpu), mm.Value);
}
