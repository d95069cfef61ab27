using HazardMm.Oracle;

namespace HazardMm.Systematic;

/// <summary>
/// What an exploration found. <see cref="IterationsCompleted"/> counts the iterations that ran to
/// their end (quiescence and the final checks); one cut off at Coyote's step bound checked nothing.
/// </summary>
public sealed record SystematicResult(
    SystematicCase Case,
    int IterationsRun,
    int IterationsCompleted,
    string? Bug,
    string? ReproducibleTrace,
    int MaxControlledOperations,
    TimeSpan Elapsed)
{
    /// <summary>The run was stopped (its token cancelled) before its iterations were spent.</summary>
    public bool Cancelled { get; init; }

    /// <summary>The race outcomes of every iteration whose CPUs returned, summed (design.md#census).</summary>
    public BranchCounts Census { get; init; } = new();

    public bool FoundBug => Bug is not null;

    /// <summary>With a bug, the iteration that found it (the engine stops there); else null.</summary>
    public int? IterationsToBug => FoundBug ? IterationsRun : null;

    public double IterationsPerSecond => Elapsed > TimeSpan.Zero ? IterationsRun / Elapsed.TotalSeconds : 0;
}
