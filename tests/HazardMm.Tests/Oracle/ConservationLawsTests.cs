using HazardMm.Arch;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;
using HazardMm.Tests.Sched;

namespace HazardMm.Tests.Oracle;

/// <summary>
/// The conservation laws (design.md#inv-conservation) on stepped machines, where every step ends at a
/// quiescent point: each law holds through a scheme's lazy episode, and each fires, naming what broke,
/// when a planted bug (a catalogued mutant, or a corruption made here) breaks it.
/// </summary>
public sealed class ConservationLawsTests
{
    public static TheoryData<string> RealSchemes => [.. SchemeRegistry.Real.Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(RealSchemes))]
    public void EveryLaw_HoldsThroughALazyEpisodeAndAnExit(string name)
    {
        using var m = new SteppedMachine(SchemeRegistry.Get(name), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        TaskStruct other = m.Fork();
        m.SwitchTo(user);
        m.SwitchTo(m.Cpu().Idle);
        m.SwitchTo(m.Cpu().Kworker);
        m.SwitchTo(other);
        m.SwitchTo(user);
        m.Exit();
        m.SwitchTo(other);
        m.Exit();
        Assert.Null(m.Kernel.Laws.Violation());
    }

    [Fact]
    public void RefcountLaw_A_I1_FiresWhenALazyChainTookNoReference()
    {
        // refcount-no-lazy-grab: user->kernel takes no mm_count reference for the lazy chain.
        using var m = new SteppedMachine(SchemeRegistry.Get("refcount"), ArchModel.Arm64, options: WithMutant("refcount-no-lazy-grab"));
        TaskStruct user = m.Fork();
        m.SwitchTo(user);
        var violation = Assert.Throws<InvariantViolation>(() => m.SwitchTo(m.Cpu().Idle));
        Assert.Equal(ViolationKind.NegativeCount, violation.Kind);
        Assert.Contains("count law (refcount): mm_count = 1, but its holders own 2", violation.Message, StringComparison.Ordinal);
        Assert.Contains("lazy references 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefcountLaw_A_I1_FiresWhenAKernelToKernelSwitchGrabsAgain()
    {
        // refcount-grab-on-transfer: a second reference on kernel->kernel that nobody ever drops.
        using var m = new SteppedMachine(SchemeRegistry.Get("refcount"), ArchModel.Arm64, options: WithMutant("refcount-grab-on-transfer"));
        TaskStruct user = m.Fork();
        m.SwitchTo(user);
        m.SwitchTo(m.Cpu().Idle);
        var violation = Assert.Throws<InvariantViolation>(() => m.SwitchTo(m.Cpu().Kworker));
        Assert.Equal(ViolationKind.Leak, violation.Kind);
        Assert.Contains("mm_count = 3, but its holders own 2", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HazardLaw_D_I2_FiresWhenTheScanReturnsOneReferenceTooFew()
    {
        // hazard-batch-returns-one-less: the scan's atomic_sub leaves one of its batch behind.
        // Two CPUs, so the batch (one per CPU) has one left over to return.
        using var m = new SteppedMachine(SchemeRegistry.Get("hazard"), ArchModel.Arm64, cpus: 2, options: WithMutant("hazard-batch-returns-one-less"));
        TaskStruct user = m.Fork();
        m.SwitchTo(user);
        var violation = Assert.Throws<InvariantViolation>(() => m.Exit());
        Assert.Equal(ViolationKind.Leak, violation.Kind);
        Assert.Contains("count law (hazard-online): mm_count = 2, but its holders own 1", violation.Message, StringComparison.Ordinal);
        Assert.Contains("lazy references 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HazardLaw_D_I2_CountsTheReferenceParkedOnTheExitingCpu()
    {
        using var m = new SteppedMachine(SchemeRegistry.Get("hazard"), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        MmPtr mm = user.Mm;
        m.SwitchTo(user);
        m.Exit();
        Assert.Equal(mm.Value, m.SchemeWord("drop_mm"));
        Assert.Equal(1, m.Count(mm));

        // A deliberate corruption: the parked reference's count is lost.
        Interlocked.Decrement(ref m.Kernel.Mms.Count(mm));
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.Laws.Check());
        Assert.Equal(ViolationKind.NegativeCount, violation.Kind);
        Assert.Contains("mm_count = 0, but its holders own 1", violation.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shootdown")]
    [InlineData("linus")]
    [InlineData("hazptr")]
    public void NoLazyCountLaw_FiresWhenALazyUserHoldsACount(string name)
    {
        // Shoot-lazies, Linus's rule and hazptr: mm_count never counts lazy users (B-I1). A deliberate
        // corruption: the lazy CPU takes a reference the scheme has no place for.
        using var m = new SteppedMachine(SchemeRegistry.Get(name), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        m.SwitchTo(user);
        m.SwitchTo(m.Cpu().Idle);
        m.Kernel.MmOps.MmGrab(user.Mm);
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.Laws.Check());
        Assert.Equal(ViolationKind.Leak, violation.Kind);
        Assert.Contains($"count law ({name}): mm_count = 2, but its holders own 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CountLaw_CountsAQueuedKthreadUseMmJob()
    {
        using var m = new SteppedMachine(SchemeRegistry.Get("shootdown"), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        m.SwitchTo(user);
        m.Kernel.Tasks.QueueWork(m.Cpu(), user, m.Cpu());
        Assert.Null(m.Kernel.Laws.Violation());
        Assert.Equal(2, m.Count(user.Mm));
    }

    [Fact]
    public void FreedRecordLaw_FiresOnACountTakenAfterTheFree()
    {
        using var m = new SteppedMachine(SchemeRegistry.Get("shootdown"), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        MmPtr mm = user.Mm;
        m.SwitchTo(user);
        m.Exit();
        Assert.False(m.Kernel.Shadow.IsLive(mm));

        // A deliberate corruption: an mmgrab of the freed record.
        Interlocked.Increment(ref m.Kernel.Mms.Count(mm));
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.Laws.Check());
        Assert.Equal(ViolationKind.UseAfterFree, violation.Kind);
        Assert.Contains("freed record has mm_users = 0, mm_count = 1", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlabLaw_FiresOnARecordFreedTwiceIntoTheList()
    {
        using var m = new SteppedMachine(SchemeRegistry.Get("shootdown"), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        MmPtr mm = user.Mm;
        m.SwitchTo(user);
        m.Exit();

        // A deliberate corruption: kmem_cache_free of a record already on the free list.
        m.Kernel.Mms.Free<HardwareMemory>(0, mm);
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.Laws.Check());
        Assert.Contains("slab law: the free list holds a record twice", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlabLaw_FiresOnAFreedRecordMissingFromTheList()
    {
        using var m = new SteppedMachine(SchemeRegistry.Get("shootdown"), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        m.SwitchTo(user);
        m.Exit();

        // A deliberate corruption: the slab loses a free record (popped, never handed out).
        Assert.True(m.Kernel.Mms.TryAllocate<HardwareMemory>(0, out _));
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.Laws.Check());
        Assert.Contains("slab law: 15 records are free but the free list holds 14", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HazardWarn_OdEqualsMm_FiresOnASecondScanOfOneMm()
    {
        // WARN_ON_ONCE(od == mm) in try_drop_rq_ref: a deliberate second mm_unlazy_mm_count of an mm
        // whose first scan parked it on the still-lazy exiting CPU.
        using var m = new SteppedMachine(SchemeRegistry.Get("hazard"), ArchModel.Arm64);
        TaskStruct user = m.Fork();
        MmPtr mm = user.Mm;
        m.SwitchTo(user);
        m.Exit();
        Assert.Equal(mm.Value, m.SchemeWord("drop_mm"));
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.Scheme.MmPutLazyTlb(m.Cpu(), mm));
        Assert.Contains("WARN_ON_ONCE(od == mm)", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropMmLedger_D_I4_FiresOnAParkOverAParkedReference()
    {
        var ledger = new DropMmLedger(2);
        ledger.Park(self: 1, rq: 0, MmPtr.FromIndex(2));
        var violation = Assert.Throws<InvariantViolation>(() => ledger.Park(self: 1, rq: 0, MmPtr.FromIndex(3)));
        Assert.Equal(ViolationKind.Leak, violation.Kind);
        Assert.Contains("D-I4: CPU 1 parked its mm#3 reference on rq 0's drop_mm, which held mm#2, whose reference is lost", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropMmLedger_D_I4_FiresOnATakeThatWipesAStolenSlot()
    {
        var ledger = new DropMmLedger(2);
        ledger.Park(self: 1, rq: 0, MmPtr.FromIndex(2));
        ledger.Steal(self: 1, rq: 0, MmPtr.FromIndex(2), MmPtr.FromIndex(3));
        var violation = Assert.Throws<InvariantViolation>(() => ledger.Take(self: 0, rq: 0, MmPtr.FromIndex(2).Value));
        Assert.Equal(ViolationKind.UseAfterFree, violation.Kind);
        Assert.Contains("which held mm#3", violation.Message, StringComparison.Ordinal);
        ledger.Take(self: 0, rq: 0, MmPtr.FromIndex(3).Value);
    }

    [Fact]
    public void DropMmLedger_D_I4_AStealAfterTheOwnerTookTheSlot_IsADoubleDrop()
    {
        // hazard-steal-torn: the scanner loaded od, the owner took and dropped it, then the plain store.
        var ledger = new DropMmLedger(2);
        ledger.Park(self: 1, rq: 0, MmPtr.FromIndex(2));
        ledger.Take(self: 0, rq: 0, MmPtr.FromIndex(2).Value);
        var violation = Assert.Throws<InvariantViolation>(() => ledger.Steal(self: 1, rq: 0, MmPtr.FromIndex(2), MmPtr.FromIndex(3)));
        Assert.Equal(ViolationKind.NegativeCount, violation.Kind);
        Assert.Contains("which held NULL, so its owner already took and dropped mm#2's reference, and this scan drops mm#2 again", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DropMmLedger_IsOnlyKeptWhereTransitionsAreSerialized()
    {
        Assert.Null(DropMmLedger.For<HardwareMemory>(2));
    }

    private static KernelOptions WithMutant(string name)
    {
        Assert.True(MutantCatalog.TryFind(name, out Mutant mutant));
        return new KernelOptions { Mutant = mutant.Id };
    }
}
