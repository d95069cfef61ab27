namespace HazardMm.Systematic;

/// <summary>
/// One technique's result for a mutant: the iterations (within the scenario that found it) to the
/// first bug, or the torture time to failure; "survived" when nothing was found.
/// </summary>
public sealed record KillCell(bool IsKilled, int IterationsToBug, string? Where, string? Bug, int IterationsSpent, int IterationsCompleted)
{
    public static KillCell Killed(int iterations, string where, string bug, int spent) => new(true, iterations, where, bug, spent, spent);

    public static KillCell Survived(int spent, int completed) => new(false, 0, null, null, spent, completed);

    public override string ToString() =>
        !IsKilled ? "survived"
        : IterationsToBug > 0 ? $"{IterationsToBug} ({Where})"
        : Where!;
}
