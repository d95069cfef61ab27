using System.Reflection;
using HazardMm.Cpus;
using HazardMm.Memory;

namespace HazardMm.Tests.Cpus;

/// <summary>A per-CPU harness counter: each CPU bumps its own padded line, and the sum is every bump.</summary>
public sealed class PerCpuCounterTests
{
    [Fact]
    public void TheSum_IsEveryCpusBumps()
    {
        var counter = new PerCpuCounter(3);
        Bump(counter, 0, 5);
        Bump(counter, 2, 7);

        Assert.Equal(12, counter.Sum);

        Bump(counter, 1, 1);
        Assert.Equal(13, counter.Sum);
    }

    [Fact]
    public void EachCpu_BumpsOnlyItsOwnLine_AndNoneTheLineOfTheArraysLength()
    {
        const int cpus = 4;
        var counter = new PerCpuCounter(cpus);
        long[] cells = (long[])typeof(PerCpuCounter).GetField("_cells", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(counter)!;
        var touched = new List<int>();
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            long[] before = (long[])cells.Clone();
            counter.Increment(cpu);
            int[] changed = [.. Enumerable.Range(0, cells.Length).Where(i => cells[i] != before[i])];
            touched.Add(Assert.Single(changed));
        }

        Assert.True(touched[0] >= Arena.WordsPerLine, $"CPU 0 counts at element {touched[0]}, in the line of the array's length");
        foreach ((int a, int b) in touched.Zip(touched.Skip(1)))
        {
            Assert.True(b - a >= Arena.WordsPerLine, $"two CPUs count {b - a} longs apart, within one line");
        }

        Assert.True(cells.Length - touched[^1] > Arena.WordsPerLine - 1, "the last CPU's line runs past the end of the array");
    }

    [Fact]
    public void TwoThreadsBumpingOneCpusCount_LoseNothing()
    {
        // The bump is atomic: two threads bumping one CPU's count, whatever the reason, lose nothing.
        const int perThread = 2_000_000;
        var counter = new PerCpuCounter(1);
        using var start = new Barrier(2);
        Thread[] threads = [.. Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            Bump(counter, 0, perThread);
        }))];
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());

        Assert.Equal(2 * perThread, counter.Sum);
    }

    private static void Bump(PerCpuCounter counter, int cpu, int times)
    {
        for (int i = 0; i < times; i++)
        {
            counter.Increment(cpu);
        }
    }
}
