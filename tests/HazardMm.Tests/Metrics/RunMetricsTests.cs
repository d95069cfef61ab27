using System.Reflection;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Metrics;
using HazardMm.Mm;
using HazardMm.Torture;

namespace HazardMm.Tests.Metrics;

/// <summary>
/// The run metrics against what the kernel's own counters say: every freed mm has one latency, every
/// IPI sent is answered, and the scan and shootdown counts follow from the scan sets. No timing.
/// </summary>
public sealed class RunMetricsTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(400);

    [Theory]
    [InlineData("refcount", "x86")]
    [InlineData("shootdown", "x86")]
    [InlineData("linus", "arm64")]
    [InlineData("hazard", "x86")]
    [InlineData("hazptr", "powerpc")]
    public void EveryFreedMm_HasOneLatency_AndEveryIpi_IsAnswered(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch);
        Assert.True(result.Success, result.Summary);
        RunMetrics m = result.Metrics;

        // Every mm is freed after quiescence, and each went through __mmput first.
        Assert.Equal(result.MmsFreed, m.MmsFreed);
        Assert.True(m.MmsFreed > 0, result.Summary);

        // ... and every __mmput returned.
        Assert.Equal(m.MmsFreed, m.MmputDuration.TotalCount);
        Assert.Equal(m.IpisSent, m.IpisReceived);
        Assert.Equal(result.Totals.IpisSent, m.IpisSent);
        Assert.InRange(m.PeakDeadMms, 1, result.MmsAllocated);
        Assert.True(m.LatencyP50Ns <= m.LatencyP99Ns && m.LatencyP99Ns <= m.LatencyMaxNs, m.ToString());
    }

    [Fact]
    public void EachMmsMmputStart_HasALineOfItsOwn_UpToTheLastRecord()
    {
        const int capacity = 5;
        var recorder = new RunMetricsRecorder(cpus: 2, capacity);
        long[] starts = (long[])typeof(RunMetricsRecorder).GetField("_mmputStart", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(recorder)!;
        var slots = new List<int>();
        for (int index = 0; index < capacity; index++)
        {
            long[] before = (long[])starts.Clone();
            recorder.MmExiting(index % 2, MmPtr.FromIndex(index));
            slots.Add(Assert.Single(Enumerable.Range(0, starts.Length), i => starts[i] != before[i]));
            recorder.MmPutDone(index % 2, MmPtr.FromIndex(index));
            recorder.MmFreed((index + 1) % 2, MmPtr.FromIndex(index));
        }

        Assert.True(slots[0] >= Arena.WordsPerLine, $"mm 0's start is at element {slots[0]}, in the line of the array's length");
        Assert.All(slots.Zip(slots.Skip(1)), p => Assert.True(p.Second - p.First >= Arena.WordsPerLine, $"two mms' starts {p.Second - p.First} longs apart"));
        Assert.Equal(capacity, recorder.Collect([]).MmsFreed);
    }

    [Fact]
    public void HazardOnArm64_ScansEverySlot_AndSendsNoIpi()
    {
        TortureResult result = Run("hazard", "arm64");
        Assert.True(result.Success, result.Summary);

        // No cpumask: each __mmput loads every CPU's rq->lazy_mm; a broadcast flush sends nothing.
        Assert.Equal(result.Totals.Scans * 2, result.Metrics.SlotsScanned);
        Assert.Equal(0, result.Metrics.IpisSent);
    }

    [Fact]
    public void ShootdownOnArm64_IpisEveryOtherCpu_PerFree_AndScansNoSlot()
    {
        TortureResult result = Run("shootdown", "arm64");
        Assert.True(result.Success, result.Summary);

        // No cpumask: each free shoots every online CPU but the caller.
        Assert.Equal(result.MmsFreed * (2 - 1), result.Metrics.IpisSent);
        Assert.Equal(0, result.Metrics.SlotsScanned);
    }

    private static TortureResult Run(string scheme, string arch)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        return TortureRunner.Run(new TortureCase(scheme, model, 2, Short, 7), new HardwareCpuHost(), null, CancellationToken.None);
    }
}
