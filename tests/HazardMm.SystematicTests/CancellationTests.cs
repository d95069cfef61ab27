using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>
/// A cancelled token stops an exploration and a kill-matrix row at the next scheduling step (Coyote's
/// TestingEngine.Stop), and the result says so instead of passing for a completed run.
/// </summary>
public sealed class CancellationTests
{
    private static SystematicCase LongCase()
    {
        Assert.True(ScenarioCatalog.TryFind("stale-lazy-mm", out Scenario s));
        return new SystematicCase(s, "hazard", MemoryModels.Get("tso"), 10_000_000, 1);
    }

    [Fact]
    public void AnExploration_CancelledAfterThreeIterations_StopsAndSaysCancelled()
    {
        using var stop = new CancellationTokenSource();
        var reported = new List<int>();

        SystematicResult result = SystematicRunner.Run(LongCase(), stop.Token, done =>
        {
            reported.Add(done);
            if (done == 3)
            {
                stop.Cancel();
            }
        });

        Assert.True(result.Cancelled);
        Assert.False(result.FoundBug);
        Assert.InRange(result.IterationsRun, 3, 4);
        Assert.Equal(Enumerable.Range(1, reported.Count), reported);
    }

    [Fact]
    public void AnExploration_CancelledBeforeItStarts_RunsNothing()
    {
        SystematicResult result = SystematicRunner.Run(LongCase(), new CancellationToken(canceled: true));

        Assert.True(result.Cancelled);
        Assert.Equal(0, result.IterationsRun);
    }

    [Fact]
    public void AnExplorationThatRunsItsBudget_IsNotCancelled()
    {
        var reported = new List<int>();
        SystematicResult result = SystematicRunner.Run(LongCase() with { Iterations = 5 }, CancellationToken.None, reported.Add);

        Assert.False(result.Cancelled);
        Assert.Equal([1, 2, 3, 4, 5], reported);
    }

    [Fact]
    public void AKillMatrixRow_Cancelled_SaysCancelled_NotSurvived()
    {
        Mutant mutant = MutantCatalog.All.First(m => m.CorrectBecause is null);

        KillRow row = KillMatrix.Run(mutant, KillMatrixTests.Budget, null, new CancellationToken(canceled: true));

        Assert.True(row.Cancelled);
        Assert.Equal("CANCELLED", row.Verdict);
        Assert.False(row.Accounted);
    }
}
