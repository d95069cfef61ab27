using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;

namespace HazardMm.Tests.Mm;

/// <summary>The mm slab reuses freed records LIFO, and the shadow tells lifetimes of one record apart.</summary>
public sealed class MmSlabTests : IDisposable
{
    private const int Capacity = 4;
    private readonly Arena _arena = new(MmTable.LinesFor(Capacity, cpus: 130) + MmShadow.LinesFor(Capacity));
    private readonly MmTable _mms;
    private readonly MmShadow _shadow;

    public MmSlabTests()
    {
        _mms = new MmTable(_arena, 0, Capacity, cpus: 130);
        _shadow = new MmShadow(_arena, MmTable.LinesFor(Capacity, cpus: 130), Capacity, cpus: 1);
    }

    [Fact]
    public void FreedRecord_IsTheNextOneHandedOut_SoStalePointersCompareEqual()
    {
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr a));
        Assert.True(_mms.TryAllocate<HardwareMemory>(129, out MmPtr b));
        Assert.NotEqual(a, b);
        _mms.Free<HardwareMemory>(1, a);
        Assert.True(_mms.TryAllocate<HardwareMemory>(2, out MmPtr again));
        Assert.Equal(a, again);
        Assert.Equal(3, _mms.Allocated);
        Assert.Equal(1, _mms.Freed);
    }

    [Fact]
    public void InitMm_IsNeverHandedOut_AndExhaustionFails()
    {
        var handedOut = new List<MmPtr>();
        while (_mms.TryAllocate<HardwareMemory>(0, out MmPtr mm))
        {
            handedOut.Add(mm);
        }

        Assert.Equal(Capacity - 1, handedOut.Count);
        Assert.DoesNotContain(MmPtr.InitMm, handedOut);
    }

    [Fact]
    public void Records_DoNotOverlap_EvenWithMultiLineCpumasks()
    {
        Assert.Equal(3, _mms.CpumaskWords);
        Assert.Equal(1, MmTable.LinesPerRecord(130));
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr a));
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr b));
        nint lastOfA = Arena.AddressOf(ref _mms.CpumaskWord(a, _mms.CpumaskWords - 1));
        nint firstOfB = Arena.AddressOf(ref _mms.Users(b));
        Assert.True(Math.Abs(firstOfB - lastOfA) >= sizeof(long));
        Assert.Equal(0, Arena.AddressOf(ref _mms.Users(b)) % Arena.LineBytes);
    }

    [Fact]
    public void Shadow_CatchesAStaleHolderAfterTheRecordIsReused()
    {
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr mm));
        long first = _shadow.Unpoison(0, mm);
        _shadow.CheckUse(0, mm, first, "walk");

        _shadow.Poison(1, mm);
        _shadow.BumpGeneration<HardwareMemory>(mm);
        var freed = Assert.Throws<InvariantViolation>(() => _shadow.CheckUse(2, mm, first, "stale walk"));
        Assert.Equal(ViolationKind.UseAfterFree, freed.Kind);
        Assert.Equal(2, freed.Cpu);

        long second = _shadow.Unpoison(0, mm);
        Assert.Equal(first + 1, second);
        _shadow.CheckUse(0, mm, second, "walk");
        var recycled = Assert.Throws<InvariantViolation>(() => _shadow.CheckUse(0, mm, first, "stale walk"));
        Assert.Contains("recycled", recycled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shadow_ReportsASecondFreeOfOneLifetime()
    {
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr mm));
        _shadow.Unpoison(0, mm);
        _shadow.Poison(0, mm);
        var violation = Assert.Throws<InvariantViolation>(() => _shadow.Poison(1, mm));
        Assert.Equal(ViolationKind.DoubleFree, violation.Kind);
    }

    [Fact]
    public void Shadow_ReportsARecordReusedWithoutANewGeneration()
    {
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr mm));
        _shadow.Unpoison(0, mm);
        _shadow.Poison(0, mm);
        _mms.Free<HardwareMemory>(0, mm);

        // The planted bug: freed and reused with no BumpGeneration in between.
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out MmPtr again));
        Assert.Equal(mm, again);
        var violation = Assert.Throws<InvariantViolation>(() => _shadow.Unpoison(1, again));
        Assert.Equal(ViolationKind.Invariant, violation.Kind);
        Assert.Contains("without a new generation", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slab_NamesItsHeaderAndFreePointer()
    {
        Assert.Equal("slab.lock", _mms.NameOf(0, 0));
        Assert.Equal("slab.freelist", _mms.NameOf(0, 1));
        Assert.Equal("mm#2.freeptr", _mms.NameOf(1 + 2 * MmTable.LinesPerRecord(130), 3));
        Assert.Equal("mm#9.kasan_gen", MmShadow.NameOf(9, 1));
        Assert.Equal("mm#9.next_fresh_gen", MmShadow.NameOf(9, 3));
        Assert.Equal("mm#9.dead", MmShadow.NameOf(9, 2));
    }

    public void Dispose() => _arena.Dispose();
}
