using HazardMm.Arch;
using HazardMm.Cli.Perf;
using HazardMm.Cpus;
using HazardMm.Metrics;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Torture;
using HdrHistogram;

namespace HazardMm.Tests.Cli;

/// <summary>
/// Interleaved rounds (compare, refcount-collapse): each point is reported by its median round, the
/// ranking is settled only if every round gives it, the pairs every round agrees on are named, and a
/// failure in any round is the row's verdict. Synthetic points: no run, no timing.
/// </summary>
public sealed class PerfRoundsTests
{
    [Fact]
    public void Medians_TakeEachPointsMedianRound_TheLowerMiddleOfAnEvenCount_PerSchemeArchAndCpus()
    {
        PerfPoint[] all =
        [
            Point("hazard", 3), Point("refcount", 10), Point("hazard", 1, cpus: 1),
            Point("hazard", 1), Point("refcount", 40), Point("hazard", 7, cpus: 1),
            Point("hazard", 2), Point("refcount", 20), Point("refcount", 30),
        ];

        List<PerfPoint> medians = PerfRounds.Medians(all);

        Assert.Equal(["hazard/2/2", "refcount/2/20", "hazard/1/1"], medians.Select(p => $"{p.Scheme}/{p.Cpus}/{p.SwitchesPerSecond:0}"));
    }

    [Fact]
    public void Order_IsFastestFirst_WithinOneArch()
    {
        PerfPoint[] round = [Point("hazard", 2), Point("refcount", 3), Point("linus", 1), Point("hazptr", 9, arch: ArchModel.Arm64)];

        Assert.Equal(["refcount", "hazard", "linus"], PerfRounds.Order(round, "x86"));
    }

    [Fact]
    public void Settled_OnlyWhenEveryRoundGivesTheSameOrder()
    {
        Assert.True(PerfRounds.Settled([["a", "b", "c"]]));
        Assert.True(PerfRounds.Settled([["a", "b", "c"], ["a", "b", "c"], ["a", "b", "c"]]));
        Assert.False(PerfRounds.Settled([["a", "b", "c"], ["a", "b", "c"], ["a", "c", "b"]]));
        Assert.False(PerfRounds.Settled([["a", "b", "c"], ["b", "a", "c"], ["a", "b", "c"]]));
    }

    [Fact]
    public void AgreedPairs_AreThoseEveryRoundRanksAlike()
    {
        IReadOnlyList<string>[] orders = [["a", "b", "c", "d"], ["b", "a", "c", "d"], ["a", "b", "d", "c"]];

        Assert.Equal([("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")], PerfRounds.AgreedPairs(orders));
        Assert.Equal(6, PerfRounds.AgreedPairs([["a", "b", "c", "d"]]).Count());
    }

    [Fact]
    public void Compare_ShowsTheMedianRound_TheSpread_AndAFailureOfAnyRound()
    {
        IReadOnlyList<PerfPoint>[] rounds =
        [
            [Point("hazard", 300), Point("refcount", 100)],
            [Point("hazard", 200), Point("refcount", 150, failed: true)],
            [Point("hazard", 100), Point("refcount", 120)],
        ];
        var report = new CompareReport(rounds);

        string[] rows = [.. report.Table().Format()];
        string hazard = Assert.Single(rows, r => r.StartsWith("hazard ", StringComparison.Ordinal));
        string refcount = Assert.Single(rows, r => r.StartsWith("refcount ", StringComparison.Ordinal));
        Assert.Contains("200 (1.00×best)", hazard, StringComparison.Ordinal);
        Assert.Contains("100-300 (3)", hazard, StringComparison.Ordinal);
        Assert.EndsWith("SUCCESS", hazard, StringComparison.Ordinal);
        Assert.Contains("120 (0.60×best)", refcount, StringComparison.Ordinal);
        Assert.Matches("FAILURE: .*a planted use after free$", refcount);
        Assert.Equal(
            "x86: switches/s order, round by round: hazard > refcount | hazard > refcount | refcount > hazard; the 3 rounds rank them differently " +
            "(the host's costs changed between runs, or the schemes are within its noise), so the table's ratios are the median round's, not a settled ranking; " +
            "every round agrees on: no pair",
            Assert.Single(report.Orders()));
    }

    [Fact]
    public void Compare_SaysSo_WhenEveryRoundRanksAlike()
    {
        IReadOnlyList<PerfPoint>[] rounds = [[Point("hazard", 3), Point("linus", 2)], [Point("hazard", 5), Point("linus", 4)]];

        Assert.Equal("x86: switches/s order, round by round: hazard > linus | hazard > linus; the same in all 2 rounds", Assert.Single(new CompareReport(rounds).Orders()));
    }

    /// <summary>A point that ran <paramref name="switches"/> switches in one second.</summary>
    private static PerfPoint Point(string scheme, long switches, int cpus = 2, ArchModel? arch = null, bool failed = false)
    {
        var c = new TortureCase(scheme, arch ?? ArchModel.X86, cpus, TimeSpan.FromSeconds(1), 1);
        InvariantViolation? violation = failed ? new InvariantViolation(ViolationKind.UseAfterFree, 0, MmPtr.FromIndex(1), 1, "a planted use after free") : null;
        var metrics = new RunMetrics(new LongHistogram(1_000_000, 2), 0, 0, 0, 0) { MmputDuration = new LongHistogram(1_000_000, 2) };
        return new PerfPoint(new TortureResult(c, violation, new StatsSnapshot(switches, 0, 0, 0, 0, 0, 0), TimeSpan.FromSeconds(1), 0, 0, "synthetic", false, metrics));
    }
}
