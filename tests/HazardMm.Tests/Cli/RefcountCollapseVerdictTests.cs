using HazardMm.Cli.Perf.Experiments;

namespace HazardMm.Tests.Cli;

/// <summary>refcount-collapse's verdict rule, on each round's change of refcount's standing (many CPUs against 1).</summary>
public sealed class RefcountCollapseVerdictTests
{
    [Theory]
    [InlineData(new[] { 0.41, 0.55, 0.9 }, true)] // every round collapsed, one at the edge
    [InlineData(new[] { 0.93, 1.07, 2.07 }, false)] // no round collapsed
    [InlineData(new[] { 0.41, 1.02, 2.07 }, null)] // the rounds of one 2-vCPU sitting: they disagree
    [InlineData(new[] { 0.91, 0.5, 0.5 }, null)] // one round just above the edge is enough to disagree
    [InlineData(new[] { 0.5, double.NaN, 0.5 }, null)] // a round that could not be measured
    [InlineData(new double[0], null)] // no round at all (stopped before the first ended)
    public void TheClaimHolds_OnlyWhenEveryRoundCollapsed_AndFails_OnlyWhenNoneDid(double[] changes, bool? holds) =>
        Assert.Equal(holds, RefcountCollapseExperiment.Judge(changes));
}
