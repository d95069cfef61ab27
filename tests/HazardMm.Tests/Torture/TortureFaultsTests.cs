using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// The torture faults (design.md#torture): combined on every real scheme, the schemes stay correct
/// and each fault's counters prove it happened; the draws come from the seed. No assertion depends on
/// the host's speed.
/// </summary>
public sealed class TortureFaultsTests
{
    public static TheoryData<string> RealSchemes() => [.. SchemeRegistry.Real.Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(RealSchemes))]
    public void RealScheme_Survives_EveryFaultAtOnce_AndTheCountersShowEachHappened(string scheme)
    {
        var c = new TortureCase(scheme, ArchModel.X86, TortureCase.DefaultCpus(2), TimeSpan.FromMilliseconds(1200), 13)
        {
            VcpuPreemption = new VcpuPreemption(0.01, TimeSpan.FromMicroseconds(20), 13),
            IpiDelay = new IpiDelay(TimeSpan.FromMicroseconds(50), 13),
            Stutter = TimeSpan.FromMilliseconds(300),
            MmputAsync = new MmputAsync(0.5, 13),
        };
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.True(result.Success, result.Summary);
        Assert.Equal(result.MmsAllocated, result.MmsFreed);
        Assert.True(result.Totals.Preemptions > 0, result.Summary);
        Assert.True(result.Totals.IpisDelayed > 0, result.Summary);
        Assert.True(result.Totals.Stutters > 0, result.Summary);
        Assert.True(result.Totals.MmputsAsync > 0, result.Summary);
        Assert.Contains("mmput_async ", result.Summary, StringComparison.Ordinal);
        Assert.Contains("IPIs delayed ", result.Summary, StringComparison.Ordinal);
        Assert.Contains("stutter holds ", result.Summary, StringComparison.Ordinal);
        Assert.Contains($"faults=vcpu-preempt=0.01:20us,ipi-delay=50us,stutter=300ms,mmput-async=0.5 seed=13", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void IpiDelay_DrawsFromTheSeed()
    {
        Assert.Equal(FirstDelays(seed: 1), FirstDelays(seed: 1));
        Assert.NotEqual(FirstDelays(seed: 1), FirstDelays(seed: 2));
    }

    [Fact]
    public void Stutter_HoldsForAQuarterToAHalfOfTheInterval_ThenRunsAFullOne_FromTheSeed()
    {
        TimeSpan interval = TimeSpan.FromSeconds(1);
        var schedule = new StutterSchedule(interval, 7);
        Assert.Null(schedule.Step(TimeSpan.FromMilliseconds(999)));
        Assert.True(schedule.Step(interval));
        Assert.True(schedule.Holding);
        Assert.Null(schedule.Step(interval + TimeSpan.FromMilliseconds(249)));
        TimeSpan release = Enumerable.Range(250, 260).Select(ms => interval + TimeSpan.FromMilliseconds(ms)).First(t => schedule.Step(t) is false);
        Assert.InRange(release, interval * 1.25, interval * 1.5 + TimeSpan.FromMilliseconds(1));
        Assert.False(schedule.Holding);
        Assert.Null(schedule.Step(release + interval - TimeSpan.FromMilliseconds(1)));
        Assert.True(schedule.Step(release + interval));
    }

    /// <summary>The delay each of 8 CPUs draws for its first pending IPI.</summary>
    private static long[] FirstDelays(long seed)
    {
        var delays = new HostDelays(TimeSpan.Zero, null, 8, new RunControl(), new IpiDelay(TimeSpan.FromMilliseconds(1), seed));
        return [.. Enumerable.Range(0, 8).Select(id =>
        {
            var cpu = new Cpu(id);
            delays.DeferIpi(cpu);
            return cpu.Stats.IpiDelayTicks;
        })];
    }
}
