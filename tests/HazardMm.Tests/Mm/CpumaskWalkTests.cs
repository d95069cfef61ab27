using HazardMm.Arch;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Tests.Mm;

/// <summary>
/// The cpumask walk (<c>for_each_cpu(cpu, mm_cpumask(mm))</c>, find_next_bit) visits exactly the set
/// bits, in CPU order, across bit words and up to a CPU count that is not a multiple of 64.
/// </summary>
public sealed class CpumaskWalkTests : IDisposable
{
    private const int Cpus = 200;
    private readonly Arena _arena = new(MmTable.LinesFor(2, Cpus));
    private readonly MmTable _mms;
    private readonly Cpumask<HardwareMemory> _cpumask;
    private readonly MmPtr _mm;

    public CpumaskWalkTests()
    {
        _mms = new MmTable(_arena, 0, 2, Cpus);
        var orders = new AccessOrders();
        orders.Freeze();
        _cpumask = new Cpumask<HardwareMemory>(_mms, CpumaskPolicy.Exact, orders);
        Assert.True(_mms.TryAllocate<HardwareMemory>(0, out _mm));
        _cpumask.Init(_mm);
    }

    public static TheoryData<int[]> Masks => new()
    {
        Array.Empty<int>(),
        new[] { 0 },
        new[] { 63 },
        new[] { 64 },
        new[] { 199 },
        new[] { 0, 1, 2 },
        new[] { 3, 64, 130, 199 },
        new[] { 62, 63, 64, 65, 127, 128 },
        Enumerable.Range(0, Cpus).ToArray(),
    };

    [Theory]
    [MemberData(nameof(Masks))]
    public void TheWalk_VisitsExactlyTheSetBits_InCpuOrder(int[] set)
    {
        foreach (int cpu in set)
        {
            _cpumask.SetOnSwitchTo(_mm, cpu);
        }

        var visited = new List<int>();
        for (int cpu = _cpumask.NextSet(_mm, 0, Cpus); cpu < Cpus; cpu = _cpumask.NextSet(_mm, cpu + 1, Cpus))
        {
            visited.Add(cpu);
            Assert.True(visited.Count <= set.Length, $"the walk went on past the set bits: {string.Join(' ', visited)}");
        }

        Assert.Equal(set, visited);
    }

    [Fact]
    public void TheWalk_StartsAtFrom_AndEndsAtNrCpus()
    {
        _cpumask.SetOnSwitchTo(_mm, 5);
        _cpumask.SetOnSwitchTo(_mm, 70);
        Assert.Equal(5, _cpumask.NextSet(_mm, 5, Cpus));
        Assert.Equal(70, _cpumask.NextSet(_mm, 6, Cpus));
        Assert.Equal(Cpus, _cpumask.NextSet(_mm, 71, Cpus));
        Assert.Equal(Cpus, _cpumask.NextSet(_mm, Cpus, Cpus));

        // A walk bounded below the last word stops at its bound, whatever the later words hold.
        Assert.Equal(65, _cpumask.NextSet(_mm, 6, 65));
    }

    [Fact]
    public void ABitCleared_IsNotVisited()
    {
        _cpumask.SetOnSwitchTo(_mm, 64);
        _cpumask.SetOnSwitchTo(_mm, 65);
        _cpumask.ClearOnSwitchAway(_mm, 64);
        Assert.Equal(65, _cpumask.NextSet(_mm, 0, Cpus));
    }

    public void Dispose() => _arena.Dispose();
}
