using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>
/// A cancelled token stops an exploration and a kill-matrix row when the iteration in flight ends, with
/// nothing of Coyote's left running, and the result says so instead of passing for a completed run.
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
        Assert.Equal(3, result.IterationsRun);
        Assert.Equal(Enumerable.Range(1, reported.Count), reported);
    }

    [Fact]
    public void ARun_CancelledInsideAnIteration_ReturnsOnlyOnceThatIterationHasEnded()
    {
        using var stop = new CancellationTokenSource();
        int started = 0;
        int ended = 0;

        CoyoteRun run = CoyoteEngine.Run(
            new CoyoteSettings("cancelled inside", Iterations: 1_000, Seed: 1, MaxSteps: 100, ControlledAtLeast: 1),
            () =>
            {
                started++;
                if (started == 2)
                {
                    stop.Cancel();
                    // Long enough that a run returning at the cancel (Coyote's own Stop) sees this
                    // iteration unfinished.
                    Thread.Sleep(300);
                }

                ended++;
            },
            stop.Token);
        int endedWhenReturned = Volatile.Read(ref ended);

        Assert.True(run.Cancelled);
        Assert.Equal(2, endedWhenReturned);
        Assert.Equal(2, run.IterationsRun);
        Thread.Sleep(300);
        Assert.Equal(2, Volatile.Read(ref started));
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
