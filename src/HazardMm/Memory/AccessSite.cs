namespace HazardMm.Memory;

/// <summary>
/// Every place the protocol chooses a memory order: one entry per shared word and role. The default
/// of each is in <see cref="AccessOrders.Default"/>, with what it orders and what it pairs with; a
/// planted bug that weakens an order replaces one entry (design.md#mutants).
/// </summary>
public enum AccessSite
{
    /// <summary>mmget / mmput: the atomic add on mm_users (design.md#mm-lifecycle).</summary>
    MmUsersRmw,

    /// <summary>mmgrab / mmdrop, and the hazard scan's batch: the atomic add on mm_count (design.md#mm-lifecycle).</summary>
    MmCountRmw,

    /// <summary>cpumask_set_cpu / cpumask_clear_cpu in switch_mm (design.md#arch).</summary>
    CpumaskUpdate,

    /// <summary>cpumask_test_cpu by a scanner or a flush (design.md#arch).</summary>
    CpumaskTest,

    /// <summary>A sender writes its request word into the target's mailbox (design.md#ipi).</summary>
    IpiRequestWrite,

    /// <summary>A sender raises the target's pending flag after the request (design.md#ipi).</summary>
    IpiPendingRaise,

    /// <summary>A target tests its pending flag at an IRQs-on point (design.md#ipi).</summary>
    IpiPendingTest,

    /// <summary>A target clears its pending flag before scanning its mailbox (design.md#ipi).</summary>
    IpiPendingClear,

    /// <summary>A target reads a request word (design.md#ipi).</summary>
    IpiRequestRead,

    /// <summary>A target clears a request word once its handler ran (design.md#ipi).</summary>
    IpiRequestDone,

    /// <summary>A sender waits for a request word to be cleared (design.md#ipi).</summary>
    IpiDoneWait,

    /// <summary>A kworker going to sleep clears its wake flag before re-checking its queue (design.md#kworker).</summary>
    KworkerSleepClear,

    /// <summary>A queuer's (or the re-checking kworker's) test-and-set of the wake flag (design.md#kworker).</summary>
    KworkerWake,

    /// <summary>The smp_mb() of the rq lock before a task is put where another CPU may run it (design.md#switch).</summary>
    RunQueueEnqueueMb,

    /// <summary>shootdown's mmdrop_lazy_tlb smp_mb(), kept for membarrier (design.md#shootdown).</summary>
    ShootdownMembarrierMb,

    /// <summary>Hazard: st(rq->lazy_mm, mm) at user→kernel and exit_mm (design.md#hazard-publish).</summary>
    HazardPublish,

    /// <summary>Hazard: st_rel(rq->lazy_mm, NULL) after switch_mm (design.md#hazard-unpublish).</summary>
    HazardUnpublish,

    /// <summary>Hazard: mm_unlazy_mm_count's load of each rq->lazy_mm (design.md#hazard-scan).</summary>
    HazardScan,

    /// <summary>Hazard: try_drop_rq_ref's load of rq->drop_mm (design.md#hazard-steal).</summary>
    HazardDropMmLoad,

    /// <summary>Hazard: try_drop_rq_ref's re-load of rq->lazy_mm after drop_mm (design.md#hazard-steal).</summary>
    HazardRecheck,

    /// <summary>Hazard: try_drop_rq_ref parks its reference in an empty rq->drop_mm (design.md#hazard-steal).</summary>
    HazardPark,

    /// <summary>Hazard: try_drop_rq_ref steals rq->drop_mm from the parked mm (design.md#hazard-steal).</summary>
    HazardSteal,

    /// <summary>Hazard: mmdrop_lazy empties rq->drop_mm to drop the parked reference (design.md#hazard-owner).</summary>
    HazardTake,

    /// <summary>hazptr: mmgrab_lazy_tlb's smp_mb() before the slot store (design.md#hazptr).</summary>
    HazptrGrabMb,

    /// <summary>hazptr: st(slot, mm) in mmgrab_lazy_tlb (design.md#hazptr).</summary>
    HazptrPublish,

    /// <summary>hazptr: mmdrop_lazy_tlb's smp_mb() before the slot is cleared (design.md#hazptr).</summary>
    HazptrDropMb,

    /// <summary>hazptr: st(slot, NULL) in mmdrop_lazy_tlb (design.md#hazptr).</summary>
    HazptrClear,

    /// <summary>hazptr: hazptr_scan's smp_mb() before the slot loads (design.md#hazptr).</summary>
    HazptrScanMb,

    /// <summary>hazptr: hazptr_scan's load of each slot (design.md#hazptr).</summary>
    HazptrScan,
}

/// <summary>
/// One kernel's memory orders, by access site: the defaults, with the entry a planted bug changed.
/// Resolved while the kernel is built; each accessor caches its entries once they are fixed
/// (<see cref="Resolve"/>).
/// </summary>
public sealed class AccessOrders
{
    private readonly MemoryOrder[] _orders;
    private bool _frozen;

    public AccessOrders()
    {
        AccessSite[] sites = Enum.GetValues<AccessSite>();
        _orders = new MemoryOrder[sites.Length];
        foreach (AccessSite site in sites)
        {
            _orders[(int)site] = Default(site);
        }
    }

    /// <summary>The order of <paramref name="site"/> in this kernel. Set only while the kernel is built.</summary>
    public MemoryOrder this[AccessSite site]
    {
        get => _orders[(int)site];
        set
        {
            if (_frozen)
            {
                throw new InvalidOperationException($"the access orders of a built kernel are fixed ({site})");
            }

            _orders[(int)site] = value;
        }
    }

    /// <summary>Ends construction: from now on every access site keeps its order.</summary>
    public void Freeze() => _frozen = true;

    /// <summary>
    /// The order of <paramref name="site"/> for an accessor to cache (design.md#accessor-cache): only
    /// once the kernel is built, so a planted bug's entry is already in place and cannot change after.
    /// </summary>
    public MemoryOrder Resolve(AccessSite site)
    {
        if (!_frozen)
        {
            throw new InvalidOperationException($"an accessor cached the order of {site} before the kernel's orders were fixed");
        }

        return _orders[(int)site];
    }

    /// <summary>The order the protocol uses at <paramref name="site"/>, and why.</summary>
    public static MemoryOrder Default(AccessSite site) => site switch
    {
        // Fully ordered atomic_add_return / dec_and_test: each holder's uses of the mm are ordered
        // before the decrement, and the last decrement before __mmput / __mmdrop (design.md#mm-lifecycle).
        AccessSite.MmUsersRmw or AccessSite.MmCountRmw => MemoryOrder.Full,

        // An atomic RMW; its full barrier is stronger than switch_mm needs. A relaxed test suffices for
        // scanners: a bit that matters was set before the mm was used, which precedes the fully ordered
        // count decrement the scanner came through (design.md#arch).
        AccessSite.CpumaskUpdate => MemoryOrder.Full,
        AccessSite.CpumaskTest => MemoryOrder.Relaxed,

        // Request then flag: a target that sees the flag (acquire) sees the request. The flag is set
        // with xchg, a fully ordered RMW as llist_add's cmpxchg: with two senders a plain release would
        // let the target's acquire see only the second sender's flag and miss the first one's request
        // (a Z6.0 shape LKMM allows, design.md#ipi). The target clears the flag with xchg before
        // scanning, so a later request re-raises it; it clears a request with a release after the
        // handler, which the sender's acquire wait pairs with (design.md#ipi).
        AccessSite.IpiRequestWrite => MemoryOrder.Relaxed,
        AccessSite.IpiPendingRaise => MemoryOrder.Full,
        AccessSite.IpiPendingTest => MemoryOrder.Acquire,
        AccessSite.IpiPendingClear => MemoryOrder.Full,
        AccessSite.IpiRequestRead => MemoryOrder.Acquire,
        AccessSite.IpiRequestDone => MemoryOrder.Release,
        AccessSite.IpiDoneWait => MemoryOrder.Acquire,

        // set_current_state: the clear (xchg) is ordered before the queue re-check; pairs with the
        // queuer's fully ordered cmpxchg after its enqueue (design.md#kworker).
        AccessSite.KworkerSleepClear => MemoryOrder.Full,

        // try_to_wake_up's test-and-set: a fully ordered cmpxchg, so exactly one waker enqueues the
        // kworker, and (after the enqueue of the job) it pairs with the clear above (design.md#kworker).
        AccessSite.KworkerWake => MemoryOrder.Full,

        // The rq lock's barrier when a task leaves this CPU: every word this CPU wrote (the hazard
        // scheme's fence-free publish included) is visible before another CPU can run the task and
        // drop the task's mm (design.md#hazard-publish).
        AccessSite.RunQueueEnqueueMb => MemoryOrder.Full,

        // Kept for membarrier, which HazardMm does not model (design.md#shootdown).
        AccessSite.ShootdownMembarrierMb => MemoryOrder.Full,

        // No fence: the publisher holds a users reference, and __mmput's scan runs only after the fully
        // ordered dec_and_test that drops the last one (design.md#hazard-publish).
        AccessSite.HazardPublish => MemoryOrder.Relaxed,

        // The CPU's last use of the lazy mm happens before a scanner's acquire sees NULL
        // (design.md#hazard-unpublish); pairs with HazardScan and HazardRecheck.
        AccessSite.HazardUnpublish => MemoryOrder.Release,
        AccessSite.HazardScan => MemoryOrder.Acquire,

        // The drop_mm load keeps the lazy_mm re-load after it (the heart of the 2022 fix) and pairs with
        // the fully ordered cmpxchg that installed the value seen; the re-load pairs with the unpublish
        // (design.md#hazard-steal).
        AccessSite.HazardDropMmLoad => MemoryOrder.Acquire,
        AccessSite.HazardRecheck => MemoryOrder.Acquire,

        // cmpxchg: exactly one of the scanner and the rq's own mmdrop_lazy wins each parked reference
        // (design.md#hazard-steal, design.md#hazard-owner).
        AccessSite.HazardPark or AccessSite.HazardSteal or AccessSite.HazardTake => MemoryOrder.Full,

        // hazptr: the mbs of mmgrab_lazy_tlb and hazptr_scan are kept as the RFC has them; the one in
        // mmdrop_lazy_tlb releases the hazard: the CPU's last use before the cleared slot. The slot
        // stores need nothing more; the scan's acquire pairs with that mb (design.md#hazptr).
        AccessSite.HazptrGrabMb or AccessSite.HazptrDropMb or AccessSite.HazptrScanMb => MemoryOrder.Full,
        AccessSite.HazptrPublish or AccessSite.HazptrClear => MemoryOrder.Relaxed,
        AccessSite.HazptrScan => MemoryOrder.Acquire,

        _ => throw new ArgumentOutOfRangeException(nameof(site), site, "no default order"),
    };
}
