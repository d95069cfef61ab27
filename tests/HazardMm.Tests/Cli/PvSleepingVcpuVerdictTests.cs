using HazardMm.Cli.Perf.Experiments;

namespace HazardMm.Tests.Cli;

/// <summary>pv-sleeping-vcpu's verdict rule, on the worst mmput at the longest stop as a share of the stop.</summary>
public sealed class PvSleepingVcpuVerdictTests
{
    [Theory]
    [InlineData(1.01, 0.005, true)] // the quiet run: shootdown slept through the stop, hazard never waited
    [InlineData(0.5, 0.0999, true)] // both at their edges
    [InlineData(0.49, 0.005, false)] // shootdown's worst mmput did not last through a stop
    [InlineData(0.01, 0.005, false)] // no stop reached shootdown at all (the p99's blind spot, read as a maximum)
    [InlineData(1.01, 0.1, false)] // hazard waited a tenth of the stop: it waited for it
    [InlineData(1.01, 1.0, false)] // hazard slept through the stop as well
    public void TheClaimHolds_OnlyWhenShootdownSleptThroughAStop_AndHazardNeverWaited(double shootdownShare, double hazardShare, bool holds) =>
        Assert.Equal(holds, PvSleepingVcpuExperiment.Holds(shootdownShare, hazardShare));
}
