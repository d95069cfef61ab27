namespace HazardMm.Systematic;

/// <summary>How a replay ended.</summary>
public enum ReplayOutcome
{
    /// <summary>The run failed while following the recorded schedule (the bug is there).</summary>
    Reproduced,

    /// <summary>The run followed the whole recorded schedule and passed.</summary>
    NotReproduced,

    /// <summary>The run could not follow the recorded schedule (a damaged trace, or code that changed since it was recorded): it says nothing about the bug.</summary>
    Diverged,
}

/// <summary>
/// A replay's outcome, the failure it saw (null if none), where it left the recorded schedule (for
/// <see cref="ReplayOutcome.Diverged"/>), and the logged schedule.
/// </summary>
public sealed record ReplayResult(TraceFile Trace, ReplayOutcome Outcome, string? Bug, string Steps, int StepCount)
{
    /// <summary>
    /// With <see cref="ReplayOutcome.Diverged"/>: the index (from 0, as Coyote counts) of the first
    /// recorded step the run did not take as recorded; else null.
    /// </summary>
    public int? DivergedAtStep { get; init; }

    /// <summary>With <see cref="ReplayOutcome.Diverged"/>: why, in Coyote's words or ours; else null.</summary>
    public string? Divergence { get; init; }

    /// <summary>Reproduced with the very failure the trace recorded (not merely some failure).</summary>
    public bool SameBug => Outcome == ReplayOutcome.Reproduced && Bug == Trace.Bug;
}
