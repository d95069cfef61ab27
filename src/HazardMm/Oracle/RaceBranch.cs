namespace HazardMm.Oracle;

/// <summary>
/// A named outcome of a race the correct code must survive (design.md#census): each side of each
/// cmpxchg, each re-check that can go either way, each IPI fan-out. <see cref="BranchCensus"/> counts
/// how often a run took each; a census test requires every branch of a scheme to be taken at the CI
/// budget, so no outcome of a race is left untested.
/// </summary>
public enum RaceBranch
{
    // hazard (design.md#hazard-scan, design.md#hazard-steal, design.md#hazard-owner)

    /// <summary>mm_unlazy_mm_count found a remote rq->lazy_mm equal to the dying mm.</summary>
    HazardScanHit,

    /// <summary>try_drop_rq_ref's cmpxchg(drop_mm, NULL, mm) won: the reference is parked.</summary>
    HazardParkWon,

    /// <summary>The park's cmpxchg found drop_mm filled since the load (the rq's own take or another scanner): retried.</summary>
    HazardParkRaced,

    /// <summary>drop_mm held another mm and the re-load of lazy_mm no longer showed the dying mm: the scanner drops its reference itself.</summary>
    HazardRecheckLeft,

    /// <summary>The steal's cmpxchg(drop_mm, od, mm) won: the scanner drops od for the rq.</summary>
    HazardStealWon,

    /// <summary>The steal's cmpxchg found drop_mm changed since the load (the rq took od meanwhile): retried.</summary>
    HazardStealLost,

    /// <summary>mmdrop_lazy's cmpxchg(drop_mm, old, NULL) won: the rq drops the parked reference.</summary>
    HazardOwnerTakeWon,

    /// <summary>mmdrop_lazy's cmpxchg found a scanner's mm in place of the one it read: it looks again.</summary>
    HazardOwnerTakeLost,

    /// <summary>mmdrop_lazy found the rq still lazy on the parked mm: the reference stays.</summary>
    HazardOwnerKeeps,

    // hazptr (design.md#hazptr)

    /// <summary>hazptr_scan found a slot equal to the dying mm: shoot and check that CPU.</summary>
    HazptrScanHit,

    /// <summary>One hazptr_scan found the dying mm in the slots of two or more remote CPUs.</summary>
    HazptrScanHitMany,

    // The shoot-lazies IPI round and its handler (design.md#shootdown), shared by shootdown, linus and hazptr

    /// <summary>An IPI round (on_each_cpu_mask / smp_call_function_many) posted to exactly one remote CPU.</summary>
    ShootOneRemote,

    /// <summary>An IPI round posted to two or more remote CPUs before waiting for any.</summary>
    ShootManyRemote,

    /// <summary>An IPI round included the calling CPU (the local call).</summary>
    ShootSelf,

    /// <summary>do_shoot_lazy_tlb found its CPU lazy on the mm and switched it to init_mm.</summary>
    ShootUnlazied,

    /// <summary>do_shoot_lazy_tlb found its CPU already off the mm (it left between the scan and the IPI, or never was on it).</summary>
    ShootNotLazy,

    // The IPI mailbox (design.md#ipi)

    /// <summary>One poll of a mailbox ran requests of two or more senders.</summary>
    IpiPollMany,

    /// <summary>A poll found the pending flag set and no request: an earlier poll already ran it.</summary>
    IpiPollEmpty,

    /// <summary>A sender waiting for its own targets ran a request another CPU sent it (two CPUs IPI each other).</summary>
    IpiAnsweredWhileWaiting,

    // Kworker wake-up (design.md#kworker)

    /// <summary>A queuer's cmpxchg(woken, 0, 1) won: it put the kworker on its run queue.</summary>
    KworkerWakeWon,

    /// <summary>A queuer's cmpxchg found the kworker already woken (queued or running).</summary>
    KworkerWakeLost,

    /// <summary>A kworker going to sleep saw a job after clearing its flag and took the flag back itself.</summary>
    KworkerRecheckWon,

    /// <summary>A kworker going to sleep saw a job after clearing its flag, but a queuer's cmpxchg had taken the flag: the queuer wakes it.</summary>
    KworkerRecheckLost,

    /// <summary>A kworker parking found itself re-queued by a wake-up before it switched out: it keeps running.</summary>
    KworkerRewokenBeforeSwitch,
}

/// <summary>Which race branches each scheme's code has, and those of the mechanism every scheme shares (design.md#census).</summary>
public static class RaceBranches
{
    /// <summary>The IPI mailbox and the kworker wake-up: kernel code every scheme runs.</summary>
    public static IReadOnlyList<RaceBranch> Mechanism { get; } =
    [
        RaceBranch.IpiPollMany, RaceBranch.IpiPollEmpty, RaceBranch.IpiAnsweredWhileWaiting,
        RaceBranch.KworkerWakeWon, RaceBranch.KworkerWakeLost, RaceBranch.KworkerRecheckWon,
        RaceBranch.KworkerRecheckLost, RaceBranch.KworkerRewokenBeforeSwitch,
    ];

    /// <summary>The branches of <paramref name="scheme"/>'s own code (a registry name): none for refcount and busted.</summary>
    public static IReadOnlyList<RaceBranch> Of(string scheme) => scheme switch
    {
        _ when scheme.StartsWith("hazptr", StringComparison.Ordinal) =>
            [RaceBranch.HazptrScanHit, RaceBranch.HazptrScanHitMany, RaceBranch.ShootUnlazied, RaceBranch.ShootNotLazy],
        _ when scheme.StartsWith("hazard", StringComparison.Ordinal) =>
            [.. Enum.GetValues<RaceBranch>().Where(b => b.ToString().StartsWith("Hazard", StringComparison.Ordinal))],
        _ when scheme.StartsWith("shootdown", StringComparison.Ordinal) || scheme == "linus" =>
            [RaceBranch.ShootOneRemote, RaceBranch.ShootManyRemote, RaceBranch.ShootSelf, RaceBranch.ShootUnlazied, RaceBranch.ShootNotLazy],
        _ => [],
    };
}
