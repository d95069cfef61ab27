using System.Text.Json.Nodes;
using HazardMm.Systematic;

namespace HazardMm.SystematicTests;

/// <summary>
/// A well-formed trace whose schedule the run cannot follow (a changed or cut-short step, or a case
/// swapped for another) is <see cref="ReplayOutcome.Diverged"/> at a step, never "not reproduced":
/// Coyote says so (it logs "not reproducible at execution step N"), or the run needs more or fewer
/// steps than were recorded.
/// </summary>
public sealed class ReplayDivergenceTests
{
    [Theory]
    [InlineData(5)]
    [InlineData(40)]
    public void AStepNamingAnOperationThatDoesNotExist_DivergesAtThatStep(int step)
    {
        using var stored = new StoredTrace();
        TraceFile damaged = stored.WithCoyoteTrace(t => t["Steps"]![step] = "op(1:175247760700),sp(Interleave),next(9:12345)");

        ReplayResult replay = Replayer.Replay(damaged);

        Assert.Equal(ReplayOutcome.Diverged, replay.Outcome);
        Assert.Equal(step, replay.DivergedAtStep);
        Assert.Contains("cannot detect id '9'", replay.Divergence, StringComparison.Ordinal);
    }

    [Fact]
    public void AChangedSchedulingChoice_Diverges_NoEarlierThanTheChange()
    {
        using var stored = new StoredTrace();

        // Step 13 let CPU 1's operation hand over to CPU 2's; now CPU 1 goes on.
        TraceFile damaged = stored.WithCoyoteTrace(t => t["Steps"]![13] = "op(1:175247760700),sp(Interleave),next(1:175247760700)");
        ReplayResult replay = Replayer.Replay(damaged);

        Assert.Equal(ReplayOutcome.Diverged, replay.Outcome);
        Assert.InRange(replay.DivergedAtStep!.Value, 13, stored.Steps.Count);
    }

    [Fact]
    public void ATraceCutShort_DivergesWhereItsStepsRunOut()
    {
        using var stored = new StoredTrace();
        TraceFile damaged = stored.WithCoyoteTrace(t =>
        {
            JsonArray steps = t["Steps"]!.AsArray();
            while (steps.Count > 100)
            {
                steps.RemoveAt(steps.Count - 1);
            }
        });

        ReplayResult replay = Replayer.Replay(damaged);

        Assert.Equal(ReplayOutcome.Diverged, replay.Outcome);
        Assert.Equal(100, replay.DivergedAtStep);
    }

    [Theory]
    [InlineData("model", "sc")]
    [InlineData("scheme", "refcount")]
    [InlineData("scenario", "migrate-then-exit")]
    [InlineData("mutant", "none")]
    [InlineData("mutant", "hazard-no-scan")]
    public void ASwappedCase_Diverges(string field, string value)
    {
        using var stored = new StoredTrace();
        TraceFile swapped = field switch
        {
            "model" => stored.Original with { Model = value },
            "scheme" => stored.Original with { Scheme = value, Mutant = "none" },
            "scenario" => stored.Original with { Scenario = value },
            _ => stored.Original with { Mutant = value },
        };

        ReplayResult replay = Replayer.Replay(swapped);

        Assert.Equal(ReplayOutcome.Diverged, replay.Outcome);
        Assert.NotNull(replay.DivergedAtStep);
        Assert.False(replay.SameBug);
    }
}
