namespace HazardMm.Mutants;

/// <summary>
/// Every planted bug, by identity. A kernel runs with at most one switched on
/// (<see cref="KernelOptions.Mutant"/>); each site tests its own id against a readonly field, a
/// compare and a never-taken branch when off. Names, spec references and expected failures are in
/// <see cref="MutantCatalog"/>.
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
}
