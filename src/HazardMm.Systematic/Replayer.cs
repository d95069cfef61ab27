namespace HazardMm.Systematic;

/// <summary>
/// Re-runs a saved failure on exactly its recorded schedule, with every shared operation logged,
/// so the failing interleaving can be read step by step; says honestly when the run could not
/// follow the schedule.
/// </summary>
/// <remarks>
/// Coyote 1.7.11 replays a trace as a prefix: while recorded steps remain it takes them, and when a
/// recorded choice is impossible it logs "not reproducible at execution step N" and ends the iteration
/// without a bug; once the recorded steps run out it goes on exploring with the recorded strategy. The
/// recorded schedule ends where its run failed, so: a failure within it is <see cref="ReplayOutcome.Reproduced"/>;
/// taking every step and passing (or going on past the last without failing) is
/// <see cref="ReplayOutcome.NotReproduced"/>; Coyote's complaint, a run that ended inside the schedule
/// without failing, a failure only after it, or a trace that holds fewer or more steps than its
/// <see cref="TraceFile.ScheduleSteps"/> is <see cref="ReplayOutcome.Diverged"/>.
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
        int recorded = EmbeddedCoyoteTrace.StepCount(trace.CoyoteTrace);
        var result = new ReplayResult(trace, ReplayOutcome.Reproduced, run.Bug, capture.Steps, capture.Log.Entries.Count);
        if (run.Divergence is { } divergence)
        {
            return result with { Outcome = ReplayOutcome.Diverged, DivergedAtStep = divergence.Step, Divergence = divergence.Reason };
        }

        if (recorded != trace.ScheduleSteps)
        {
            return result with
            {
                Outcome = ReplayOutcome.Diverged,
                DivergedAtStep = Math.Min(recorded, trace.ScheduleSteps),
                Divergence = $"the trace holds {recorded} steps of the {trace.ScheduleSteps} recorded",
            };
        }

        if (run.MaxSteps > recorded)
        {
            // Every recorded step was taken and the run went on where the recorded one had failed.
            return run.Bug is null
                ? result with { Outcome = ReplayOutcome.NotReproduced }
                : result with
                {
                    Outcome = ReplayOutcome.Diverged,
                    DivergedAtStep = recorded,
                    Divergence = $"the run failed only after the {recorded} recorded steps",
                };
        }

        if (run.Bug is null)
        {
            return run.MaxSteps == recorded
                ? result with { Outcome = ReplayOutcome.NotReproduced }
                : result with
                {
                    Outcome = ReplayOutcome.Diverged,
                    DivergedAtStep = run.MaxSteps,
                    Divergence = $"the run ended after {run.MaxSteps} of the {recorded} recorded steps",
                };
        }

        return result;
    }
}
