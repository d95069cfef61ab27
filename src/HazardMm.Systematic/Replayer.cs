using System.Text.Json;

namespace HazardMm.Systematic;

/// <summary>
/// Re-runs a saved failure on exactly its recorded schedule, with every shared operation logged,
/// so the failing interleaving can be read step by step; says honestly when the run could not
/// follow the schedule.
/// </summary>
/// <remarks>
/// Coyote 1.7.11 replays a trace as a prefix: while recorded steps remain it takes them, and when a
/// recorded choice is impossible it logs "not reproducible at execution step N" and ends the iteration
/// without a bug; once the recorded steps run out it goes on exploring with the recorded strategy. So
/// a run that ended inside the recorded schedule, or needed more steps than were recorded (a trace cut
/// short, or code that changed), left it as well, whatever it found after.
/// </remarks>
public static class Replayer
{
    /// <summary>Replays <paramref name="trace"/>; one that cannot be replayed is a <see cref="TraceFormatException"/>.</summary>
    public static ReplayResult Replay(TraceFile trace)
    {
        SystematicCase c = trace.ToCase();
        var capture = new ReplayCapture();
        CoyoteRun run = CoyoteEngine.Run(
            new CoyoteSettings(c.Label, 1, c.Seed, c.MaxSteps, c.Scenario.Cpus + 1) { ReplayTrace = trace.CoyoteTrace },
            () => SystematicRunner.RunIteration(c, capture));
        int recorded = RecordedSteps(trace);
        var result = new ReplayResult(trace, ReplayOutcome.Reproduced, run.Bug, capture.Steps, capture.Log.Entries.Count);
        if (run.Divergence is { } divergence)
        {
            return result with { Outcome = ReplayOutcome.Diverged, DivergedAtStep = divergence.Step, Divergence = divergence.Reason };
        }

        if (run.MaxSteps > recorded)
        {
            return result with
            {
                Outcome = ReplayOutcome.Diverged,
                DivergedAtStep = recorded,
                Divergence = $"the run went on after the {recorded} recorded steps",
            };
        }

        if (run.Bug is null && run.MaxSteps < recorded)
        {
            return result with
            {
                Outcome = ReplayOutcome.Diverged,
                DivergedAtStep = run.MaxSteps,
                Divergence = $"the run ended after {run.MaxSteps} of the {recorded} recorded steps",
            };
        }

        return run.Bug is null ? result with { Outcome = ReplayOutcome.NotReproduced } : result;
    }

    /// <summary>The number of steps of the embedded Coyote trace (checked well-formed when the trace was loaded).</summary>
    private static int RecordedSteps(TraceFile trace)
    {
        using JsonDocument document = JsonDocument.Parse(trace.CoyoteTrace);
        return document.RootElement.GetProperty("Steps").GetArrayLength();
    }
}
