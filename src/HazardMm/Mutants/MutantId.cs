namespace HazardMm.Mutants;

/// <summary>
/// Every planted bug, by identity. A kernel runs with at most one switched on
/// (<see cref="KernelOptions.Mutant"/>), resolved once, while the kernel is built, to the
/// <see cref="KernelPatch"/> its <see cref="MutantCatalog"/> entry names. Names, references and
/// expected failures are in the catalogue.
/// </summary>
public enum MutantId
{
    None = 0,

    // A: refcount
    RefcountNoLazyGrab,
    RefcountGrabOnTransfer,
    RefcountDropNextMm,
    RefcountNonAtomicCount,
    ExitWithoutLazyGrab,
    PrevMmNotCleared,
    MmGetNotZeroBlind,

    // B: shootdown
    CpumaskClearWhileLazy,
    IpiNoWait,
    ShootNoLocalCall,
    UnlazyKeepsLoadedMm,
    IpiInsideSwitch,
    ShootdownNoMembarrierMb,
    IpiAckBeforeHandler,
    IpiFlagBeforeRequest,
    ShootdownCpumaskWithoutCpumask,
    IpiPendingClearPlainStore,
    IpiPendingStoreRelease,
    IpiWaitFirstAck,

    // C: Linus
    LinusNoForcedFlush,
    LinusTrustsBroadcast,
    LinusSkipsSelf,
    FlushKeepsActiveMm,
    UsersNonAtomic,

    // D: Lutomirski hazard pointers
    HazardMockupScan,
    HazardMockupConsumer,
    HazardUnpublishRelaxed,
    HazardUnpublishBeforeSwitch,
    HazardScanRelaxed,
    HazardOwnerPlainClear,
    HazardStealDropOnFail,
    HazardScanBeforeLastPut,
    HazardPublishAfterPut,
    HazardCpumaskWithoutCpumask,
    HazardNoScan,
    HazardBatchReturnsOneMore,
    HazardBatchReturnsOneLess,
    HazardUnlazyWithoutMmdropLazy,
    HazardLazyMmNotCleared,
    HazardStaleLazyMm,
    HazardParkPlainStore,
    HazardStealTorn,
    EnqueueNoMb,

    // E: Desnoyers hazptr
    HazptrScanNoMb,
    HazptrGrabNoMb,
    HazptrDropNoMb,
    HazptrNoShoot,
    HazptrShootKeepsSlot,
    HazptrScanRelaxed,
    HazptrNoCheck,
    HazptrPublishAfterPut,

    // Mechanism
    KworkerSleepPlainStore,
    KworkerWakeTorn,
    SlabFreeBeforeGenerationBump,
    SlabReuseWithoutBump,
    HotplugOfflineWhileLazy,
}
