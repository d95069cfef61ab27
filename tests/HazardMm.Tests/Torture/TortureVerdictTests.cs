using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// The verdicts of a torture case (design.md#torture): a violation ends the case when it happens and
/// is reported with its own time; one stuck CPU is a stall (???), not a pass; the "mm age at use"
/// histogram sees live and dead-but-unfreed uses and a freed one only under a bug. No assertion
/// depends on the host's speed.
/// </summary>
public sealed class TortureVerdictTests
{
    [Fact]
    public void Violation_EndsTheCaseWhenItHappens_WithNoSampleAfterIt()
    {
        // The example: found at 37 switches, reported "at 1 s" by the old per-second monitor.
        var samples = new List<TortureProgress>();
        TortureCase c = new(HazardScheme.NoScanDescriptor.Name, ArchModel.Arm64, 1, TimeSpan.FromSeconds(10), 3);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), samples.Add, CancellationToken.None);

        Assert.False(result.Success, result.Summary);
        Assert.All(samples, s => Assert.True(s.Elapsed <= result.Elapsed, $"sample at {s.Elapsed} after the violation at {result.Elapsed}"));
        Assert.Contains($"in {result.Elapsed.TotalSeconds:F3}s", result.Summary, StringComparison.Ordinal);
        Assert.StartsWith($"{TortureProgress.Prefix} !!! [hazard-none/arm64] at {result.Elapsed.TotalSeconds:F3}s: use-after-free", result.Alarm, StringComparison.Ordinal);
        Assert.StartsWith("FAILURE hazard-none arch=arm64 cpus=1 faults=none seed=3: use-after-free", result.Summary, StringComparison.Ordinal);
        Assert.False(result.Stalled);
    }

    [Fact]
    public void TheAlarm_IsRaisedOnce_ByTheCpuThatSawTheViolation_NotByTheMonitor()
    {
        var alarms = new List<(TortureAlarm Alarm, int Thread)>();
        TortureCase c = new(BustedScheme.Descriptor.Name, ArchModel.Arm64, 2, TimeSpan.FromSeconds(10), 3);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, a => alarms.Add((a, Environment.CurrentManagedThreadId)), CancellationToken.None);

        (TortureAlarm alarm, int thread) = Assert.Single(alarms);
        Assert.Equal(result.Alarm, alarm.Line);
        Assert.NotEqual(Environment.CurrentManagedThreadId, thread); // the monitor runs on the caller's thread
    }

    [Fact]
    public void OneCpuThatNeverComesBack_IsAStall_WhileTheOthersRun()
    {
        // CPU 1 is descheduled at its first preemption point and never resumes (until the abort);
        // CPU 0 keeps running, so only a per-CPU watch sees it.
        TortureCase c = new(RefcountScheme.Descriptor.Name, ArchModel.Arm64, 2, TimeSpan.FromSeconds(30), 5)
        {
            VcpuPreemption = new VcpuPreemption(1, TimeSpan.FromHours(1), 5) { OnlyCpus = new HashSet<int> { 1 } },
            StallTimeout = TimeSpan.FromMilliseconds(300),
        };
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.False(result.Success, result.Summary);
        Assert.True(result.Stalled, result.Summary);
        Assert.Equal(1, result.Violation!.Cpu);
        Assert.StartsWith($"{TortureProgress.Prefix} ??? [refcount/arm64] at ", result.Alarm, StringComparison.Ordinal);
        Assert.Contains("hang: CPU 1", result.Alarm, StringComparison.Ordinal);
    }

    [Fact]
    public void MmAgeAtUse_SeesLiveAndDeadUses_AndNoFreedOne_InACorrectScheme()
    {
        // refcount keeps a dead mm alive while a CPU is lazy on it: its idle page walks are age 1.
        TortureCase c = new(RefcountScheme.Descriptor.Name, ArchModel.Arm64, 2, TimeSpan.FromMilliseconds(600), 21);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.True(result.Success, result.Summary);
        Assert.True(result.Ages.Live > 0, result.Summary);
        Assert.True(result.Ages.Dead > 0, result.Summary);
        Assert.Equal(0, result.Ages.Freed);
        Assert.Contains($"mm age at use: 0:{result.Ages.Live} 1:{result.Ages.Dead} 2+:0", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void MmAgeAtUse_CountsTheFreedUse_OfABrokenScheme()
    {
        TortureCase c = new(BustedScheme.Descriptor.Name, ArchModel.Arm64, 2, TimeSpan.FromSeconds(10), 3);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.Equal(ViolationKind.UseAfterFree, result.Violation?.Kind);
        Assert.True(result.Ages.Freed > 0, result.Summary);
    }
}
