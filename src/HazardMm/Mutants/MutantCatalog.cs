using HazardMm.Memory;
using HazardMm.Oracle;
using HazardMm.Schemes;
using static HazardMm.Oracle.ViolationKind;

namespace HazardMm.Mutants;

/// <summary>
/// The mutant catalogue: one planted bug per fence, atomic, ordering choice and scan-set choice of
/// every scheme, plus the known-buggy variants (design.md#hazard-mockup, design.md#mutants). Each is
/// switched on by name at run time, and is either one access site's order (an <see cref="OrderPatch"/>)
/// or one protocol step replaced (a <see cref="KernelPatch"/> subclass in this folder). A mutant that no
/// technique kills is a hole in the tests, unless it carries the argument that no failing execution
/// exists (<see cref="Mutant.CorrectBecause"/>) or names the property HazardMm does not model that it
/// breaks (<see cref="Mutant.UnmodelledBecause"/>).
/// </summary>
public static class MutantCatalog
{
    public static IReadOnlyList<Mutant> All { get; } =
    [
        // A: refcount
        new(MutantId.RefcountNoLazyGrab, "refcount-no-lazy-grab", "refcount", "arm64", "refcount", UseAfterFree,
            "mmgrab_lazy_tlb takes no reference at user->kernel or exit_mm",
            new SchemeMutants.RefcountNoLazyGrab()),
        new(MutantId.RefcountGrabOnTransfer, "refcount-grab-on-transfer", "refcount", "arm64", "refcount", Leak,
            "kernel->kernel takes another lazy reference",
            new SchedulerMutants.GrabOnTransfer()),
        new(MutantId.RefcountDropNextMm, "refcount-drop-next-mm", "refcount", "arm64", "refcount", NegativeCount,
            "kernel->user hands the NEW mm to finish_task_switch to drop",
            new SchedulerMutants.DropNextMm()),
        new(MutantId.RefcountNonAtomicCount, "refcount-non-atomic-count", "refcount", "arm64", "mm-lifecycle", UseAfterFree,
            "mmgrab/mmdrop as a load then a store: concurrent updates are lost",
            new OrderPatch(AccessSite.MmCountRmw, MemoryOrder.Torn)),
        new(MutantId.ExitWithoutLazyGrab, "exit-without-lazy-grab", "refcount", "arm64", "mm-lifecycle", UseAfterFree,
            "exit_mm (and kthread_unuse_mm, which shares the path) drop current->mm without mmgrab_lazy_tlb first",
            new MechanismMutants.ExitWithoutLazyGrab()),
        new(MutantId.PrevMmNotCleared, "prev-mm-not-cleared", "refcount", "arm64", "refcount", NegativeCount,
            "finish_task_switch leaves rq->prev_mm set: dropped again at the next switch",
            new SchedulerMutants.PrevMmNotCleared()),
        new(MutantId.MmGetNotZeroBlind, "mmget-not-zero-blind", "refcount", "arm64", "mm-lifecycle", UseAfterFree,
            "mmget_not_zero takes a users reference even at 0: a kworker adopts a dying mm",
            new MechanismMutants.MmGetNotZeroBlind()),

        // B: shoot-lazies
        new(MutantId.CpumaskClearWhileLazy, "cpumask-clear-while-lazy", "shootdown", "x86", "shootdown", UseAfterFree,
            "a CPU entering lazy mode clears its mm_cpumask bit (x86 lazy clear): the shootdown misses it",
            new SchedulerMutants.CpumaskClearWhileLazy()),
        new(MutantId.IpiNoWait, "ipi-no-wait", "shootdown", "arm64", "ipi", UseAfterFree,
            "smp_call_function returns without waiting for the targets (wait=0)",
            new MechanismMutants.IpiNoWait()),
        new(MutantId.ShootNoLocalCall, "shoot-no-local-call", "shootdown", "arm64", "shootdown", UseAfterFree,
            "smp_call_function_many without the local call: the exiting CPU stays lazy",
            new SchemeMutants.ShootNoLocalCall()),
        new(MutantId.UnlazyKeepsLoadedMm, "unlazy-keeps-loaded-mm", "shootdown", "arm64", "switch", UseAfterFree,
            "the shoot handler sets active_mm = init_mm but does not switch the MMU",
            new SchedulerMutants.UnlazyKeepsLoadedMm()),
        new(MutantId.IpiInsideSwitch, "ipi-inside-switch", "shootdown", "arm64", "switch", UseAfterFree,
            "the mailbox is serviced inside context_switch, between the active_mm hand-off and rq->curr",
            new SchedulerMutants.IpiInsideSwitch()),
        new(MutantId.ShootdownNoMembarrierMb, "shootdown-no-membarrier-mb", "shootdown", "arm64", "shootdown", Invariant,
            "mmdrop_lazy_tlb without its smp_mb()",
            new OrderPatch(AccessSite.ShootdownMembarrierMb, MemoryOrder.None))
        {
            UnmodelledBecause = "membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED): this smp_mb() is the full barrier between the kernel->user switch (rq->curr) and the return to user space that membarrier() relies on (design.md#shootdown); HazardMm has no user-mode accesses and no membarrier(), and no mm reference depends on the fence",
        },
        new(MutantId.IpiAckBeforeHandler, "ipi-ack-before-handler", "shootdown", "arm64", "ipi", UseAfterFree,
            "the target acknowledges the request before running it",
            new MechanismMutants.IpiAckBeforeHandler()),
        new(MutantId.IpiFlagBeforeRequest, "ipi-flag-before-request", "shootdown", "arm64", "ipi", Hang,
            "the sender raises the pending flag before writing the request: the target can clear it unseen",
            new MechanismMutants.IpiFlagBeforeRequest()),
        new(MutantId.ShootdownCpumaskWithoutCpumask, "shootdown-cpumask-without-cpumask", "shootdown", "arm64", "shootdown", UseAfterFree,
            "shoot mm_cpumask even where the arch keeps none (arm64): nobody is shot",
            new SchemeMutants.ShootdownCpumaskWithoutCpumask()),
        new(MutantId.IpiPendingClearPlainStore, "ipi-pending-clear-plain-store", "shootdown", "arm64", "ipi", Hang,
            "the target clears its pending flag with a plain store, not xchg, before scanning its mailbox: a request raised meanwhile can be overwritten unseen",
            new OrderPatch(AccessSite.IpiPendingClear, MemoryOrder.Relaxed)),
        new(MutantId.IpiPendingStoreRelease, "ipi-pending-store-release", "shootdown", "arm64", "ipi", Hang,
            "the sender raises the pending flag with a store-release instead of xchg: with two senders the target can see only the second flag and miss the first request (Z6.0, LKMM)",
            new OrderPatch(AccessSite.IpiPendingRaise, MemoryOrder.Release)),
        new(MutantId.IpiWaitFirstAck, "ipi-wait-first-ack", "shootdown", "arm64", "ipi", UseAfterFree,
            "smp_call_function returns once the first target has answered: needs two remote targets at once (torture on 4+ CPUs)",
            new MechanismMutants.IpiWaitFirstAck()),

        // C: Linus
        new(MutantId.LinusNoForcedFlush, "linus-no-forced-flush", "linus", "x86", "linus", UseAfterFree,
            "the exit flush is skipped when no page tables are left (no mmu_gather flag)",
            new SchemeMutants.LinusNoForcedFlush()),
        new(MutantId.LinusTrustsBroadcast, "linus-trusts-broadcast", "linus", "arm64", "linus", UseAfterFree,
            "a broadcast or hypercall flush is trusted to unlazy CPUs: no extra IPIs",
            new SchemeMutants.LinusTrustsBroadcast()),
        new(MutantId.LinusSkipsSelf, "linus-skips-self", "linus", "arm64", "linus", UseAfterFree,
            "the unlazy IPIs skip the exiting CPU, which exit_mm left lazy",
            new SchemeMutants.LinusSkipsSelf()),
        new(MutantId.FlushKeepsActiveMm, "flush-keeps-active-mm", "linus", "x86", "linus", UseAfterFree,
            "the flush IPI switches loaded_mm to init_mm but leaves active_mm on the dying mm",
            new MechanismMutants.FlushKeepsActiveMm()),
        new(MutantId.UsersNonAtomic, "users-non-atomic", "linus", "arm64", "mm-lifecycle", Leak,
            "mmget/mmput as a load then a store",
            new OrderPatch(AccessSite.MmUsersRmw, MemoryOrder.Torn)),

        // D: Lutomirski
        new(MutantId.HazardMockupScan, "hazard-mockup-scan", "hazard", "arm64", "hazard-mockup", UseAfterFree,
            "2020 mockup scan: xchg the rq's drop_mm and drop whatever it displaced, no lazy_mm re-check",
            new HazardMutants.MockupScan()),
        new(MutantId.HazardMockupConsumer, "hazard-mockup-consumer", "hazard", "arm64", "hazard-mockup", UseAfterFree,
            "2020 mockup consumer: mmdrop_lazy drops drop_mm even while still lazy on it",
            new HazardMutants.MockupConsumer()),
        new(MutantId.HazardUnpublishRelaxed, "hazard-unpublish-relaxed", "hazard", "arm64", "hazard-unpublish", UseAfterFree,
            "st_rel(rq->lazy_mm, NULL) becomes a plain store",
            new OrderPatch(AccessSite.HazardUnpublish, MemoryOrder.Relaxed)),
        new(MutantId.HazardUnpublishBeforeSwitch, "hazard-unpublish-before-switch", "hazard", "arm64", "hazard-unpublish", UseAfterFree,
            "rq->lazy_mm is cleared before switch_mm, while the MMU still runs on the mm",
            new SchedulerMutants.LeaveBeforeSwitchMm()),
        new(MutantId.HazardScanRelaxed, "hazard-scan-relaxed", "hazard", "arm64", "hazard-scan", UseAfterFree,
            "the scanner's load-acquire of lazy_mm becomes a plain load",
            new OrderPatch(AccessSite.HazardScan, MemoryOrder.Relaxed))
        {
            CorrectBecause = "on every path from the scan to a free, the scanning CPU first runs a fully ordered atomic on mm_count (the batch's atomic_sub, or the mmdrop of the users' reference); under LKMM a successful fully ordered RMW orders every earlier read before every later access, so the plain lazy_mm load is ordered before the free on any architecture (design.md#hazard-scan; the weak model agrees)",
        },
        new(MutantId.HazardOwnerPlainClear, "hazard-owner-plain-clear", "hazard", "arm64", "hazard-owner", UseAfterFree,
            "mmdrop_lazy empties drop_mm with a plain store instead of cmpxchg: races the scanner's steal",
            new OrderPatch(AccessSite.HazardTake, MemoryOrder.Torn)),
        new(MutantId.HazardStealDropOnFail, "hazard-steal-drop-on-fail", "hazard", "arm64", "hazard-steal", NegativeCount,
            "try_drop_rq_ref drops od even when the steal cmpxchg failed",
            new HazardMutants.StealDropOnFail()),
        new(MutantId.HazardScanBeforeLastPut, "hazard-scan-before-last-put", "hazard", "arm64", "hazard-scan", Invariant,
            "mm_unlazy_mm_count runs inside mmput before mm_users reaches 0 (its users == 0 assertion catches that at once)",
            new MechanismMutants.ScanBeforeLastPut()),
        new(MutantId.HazardPublishAfterPut, "hazard-publish-after-put", "hazard", "arm64", "hazard-publish", UseAfterFree,
            "exit_mm publishes lazy_mm only after its own mmput",
            new MechanismMutants.PublishAfterPut()),
        new(MutantId.HazardCpumaskWithoutCpumask, "hazard-cpumask-without-cpumask", "hazard", "arm64", "hazard-scan-sets", UseAfterFree,
            "for_each_possible_lazymm_cpu = mm_cpumask on an arch that keeps none (mockup: \"wrong on arm64\")",
            new HazardMutants.ScanSetForced(ScanSet.Cpumask)),
        new(MutantId.HazardNoScan, "hazard-no-scan", "hazard", "arm64", "hazard-scan-sets", UseAfterFree,
            "for_each_possible_lazymm_cpu is empty where the exit flush leaves lazies behind",
            new HazardMutants.ScanSetForced(ScanSet.None)),
        new(MutantId.HazardBatchReturnsOneMore, "hazard-batch-returns-one-more", "hazard", "arm64", "hazard-scan", UseAfterFree,
            "atomic_sub(batch + 1): one reference too many returned",
            new HazardMutants.BatchOffByOne(+1)),
        new(MutantId.HazardBatchReturnsOneLess, "hazard-batch-returns-one-less", "hazard", "arm64", "hazard-scan", Leak,
            "atomic_sub(batch - 1): one reference never returned",
            new HazardMutants.BatchOffByOne(-1)),
        new(MutantId.HazardUnlazyWithoutMmdropLazy, "hazard-unlazy-without-mmdrop-lazy", "hazard", "arm64", "hazard-owner", Leak,
            "unlazy_mm_irqs_off clears lazy_mm but does not call mmdrop_lazy: a parked reference waits for a switch that may never come",
            new SchedulerMutants.UnlazyWithoutFinish()),
        new(MutantId.HazardLazyMmNotCleared, "hazard-lazy-mm-not-cleared", "hazard", "arm64", "hazard-publish", Invariant,
            "kernel->user never clears rq->lazy_mm: the next user->kernel finds it set (SCHED_WARN_ON)",
            new SchedulerMutants.NoLeaveLazyTlb()),
        new(MutantId.HazardStaleLazyMm, "hazard-stale-lazy-mm", "hazard", "arm64", "hazard-steal", UseAfterFree,
            "try_drop_rq_ref trusts the lazy_mm read by the scan loop instead of re-loading it after drop_mm",
            new HazardMutants.StaleLazyMm()),
        new(MutantId.HazardParkPlainStore, "hazard-park-plain-store", "hazard", "arm64", "hazard-steal", Leak,
            "try_drop_rq_ref parks its reference with a plain store after seeing drop_mm empty",
            new OrderPatch(AccessSite.HazardPark, MemoryOrder.Torn)),
        new(MutantId.HazardStealTorn, "hazard-steal-torn", "hazard", "arm64", "hazard-steal", NegativeCount,
            "try_drop_rq_ref steals drop_mm with a plain store after its load, not cmpxchg: the rq's own mmdrop_lazy may have dropped od meanwhile, and od is dropped twice",
            new OrderPatch(AccessSite.HazardSteal, MemoryOrder.Torn)),
        new(MutantId.EnqueueNoMb, "enqueue-no-mb", "hazard", "arm64", "hazard-publish", UseAfterFree,
            "a task is put on another CPU's run queue (migration, wake-up) without the rq lock's smp_mb(): the fence-free lazy_mm publish can still sit in the store buffer when that CPU's exit scans",
            new OrderPatch(AccessSite.RunQueueEnqueueMb, MemoryOrder.None)),

        // E: Desnoyers
        new(MutantId.HazptrScanNoMb, "hazptr-scan-no-mb", "hazptr", "arm64", "hazptr", UseAfterFree,
            "hazptr_scan without its smp_mb() before the slot loads",
            new OrderPatch(AccessSite.HazptrScanMb, MemoryOrder.None))
        {
            CorrectBecause = "the scan starts right after the fully ordered dec_and_test of mm_count, and every slot store precedes its holder's fully ordered mm_users/mm_count decrement (design.md#hazptr); the mb adds nothing here (docs/spec-notes.md note 2)",
        },
        new(MutantId.HazptrGrabNoMb, "hazptr-grab-no-mb", "hazptr", "arm64", "hazptr", UseAfterFree,
            "mmgrab_lazy_tlb without its smp_mb() before the slot store",
            new OrderPatch(AccessSite.HazptrGrabMb, MemoryOrder.None))
        {
            UnmodelledBecause = "membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED): this smp_mb() is kept for membarrier() on the user->kernel switch (design.md#hazptr); HazardMm has no user-mode accesses and no membarrier(), and the hazard's existence guarantee is the users reference, not the fence",
        },
        new(MutantId.HazptrDropNoMb, "hazptr-drop-no-mb", "hazptr", "arm64", "hazptr", UseAfterFree,
            "mmdrop_lazy_tlb clears the slot without its smp_mb()",
            new OrderPatch(AccessSite.HazptrDropMb, MemoryOrder.None)),
        new(MutantId.HazptrNoShoot, "hazptr-no-shoot", "hazptr", "arm64", "hazptr", UseAfterFree,
            "a slot match is only checked, never shot down",
            new SchemeMutants.HazptrNoShoot()),
        new(MutantId.HazptrShootKeepsSlot, "hazptr-shoot-keeps-slot", "hazptr", "arm64", "hazptr", Invariant,
            "the lazy slot is never cleared when lazy mode ends: the next publish finds it busy",
            new SchemeMutants.HazptrKeepsSlot()),
        new(MutantId.HazptrScanRelaxed, "hazptr-scan-relaxed", "hazptr", "arm64", "hazptr", UseAfterFree,
            "the scan's load-acquire of each slot becomes a plain load",
            new OrderPatch(AccessSite.HazptrScan, MemoryOrder.Relaxed)),
        new(MutantId.HazptrNoCheck, "hazptr-no-check", "hazptr", "arm64", "hazptr", UseAfterFree,
            "retire_cb sends the shoot IPI but not the check IPI",
            new SchemeMutants.HazptrNoCheck())
        {
            CorrectBecause = "do_check_lazy_tlb is a debug assertion; the synchronous shoot already evicted the CPU",
        },
        new(MutantId.HazptrPublishAfterPut, "hazptr-publish-after-put", "hazptr", "arm64", "hazptr", UseAfterFree,
            "exit_mm publishes the lazy slot only after its own mmput, when the mm may already be gone",
            new MechanismMutants.PublishAfterPut()),

        // Mechanism: the wake-up protocol every scheme relies on
        new(MutantId.KworkerSleepPlainStore, "kworker-sleep-plain-store", "refcount", "arm64", "kworker", Hang,
            "a kworker going to sleep clears its wake flag with a plain store, not xchg, before re-checking its queue (set_current_state without the barrier)",
            new OrderPatch(AccessSite.KworkerSleepClear, MemoryOrder.Relaxed)),
        new(MutantId.KworkerWakeTorn, "kworker-wake-torn", "refcount", "arm64", "kworker", Invariant,
            "try_to_wake_up's test-and-set of the wake flag is a plain store: every queuer (and the re-checking kworker) \"wins\" and puts the kworker on the run queue, queued or not",
            new OrderPatch(AccessSite.KworkerWake, MemoryOrder.Torn)),

        // Mechanism: the mm slab under the schemes
        new(MutantId.SlabFreeBeforeGenerationBump, "slab-free-before-generation-bump", "linus", "x86", "slab", Invariant,
            "free_mm puts the record back on the slab's free list before bumping its generation: another CPU may allocate it with the old one",
            new MechanismMutants.SlabFreeBeforeGenerationBump()),
        new(MutantId.SlabReuseWithoutBump, "slab-reuse-without-bump", "linus", "x86", "slab", Invariant,
            "free_mm never bumps the generation: the next lifetime of the record reuses the last one's",
            new MechanismMutants.SlabReuseWithoutBump()),

        // Mechanism: CPU hotplug (Andy's XXX)
        new(MutantId.HotplugOfflineWhileLazy, "hotplug-offline-while-lazy", "hazard", "arm64", "hotplug", UseAfterFree,
            "a dying CPU leaves the online mask still lazy and leaves its lazy mm only when it comes back (reports dead first): a scan of online CPUs, or an IPI, which goes to online CPUs only, misses it meanwhile",
            new SchedulerMutants.OfflineWhileLazy())
        {
            NeedsHotplug = true,
        },
    ];

    public static bool TryFind(string name, out Mutant mutant)
    {
        mutant = All.FirstOrDefault(m => m.Name == name)!;
        return mutant is not null;
    }

    public static Mutant Get(MutantId id) => All.First(m => m.Id == id);

    /// <summary>What <paramref name="id"/> changes in a kernel; <see cref="KernelPatch.None"/> for no mutant.</summary>
    public static KernelPatch PatchFor(MutantId id) => id == MutantId.None ? KernelPatch.None : Get(id).Patch;
}
