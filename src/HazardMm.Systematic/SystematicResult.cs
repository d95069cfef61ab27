namespace HazardMm.Systematic;

/// <summary>What an exploration found.</summary>
public sealed record SystematicResult(
    SystematicCase Case,
    int IterationsRun,
    string? Bug,
    string? ReproducibleTrace,
    int MaxControlledOperations,
    TimeSpan Elapsed)
{
    public bool FoundBug => Bug is not null;

    /// <summary>With a bug, the iteration that found it (the engine stops there); else null.</summary>
    public int? IterationsToBug => FoundBug ? IterationsRun : null;

    public double IterationsPerSecond => Elapsed > TimeSpan.Zero ? IterationsRun / Elapsed.TotalSeconds : 0;
}
