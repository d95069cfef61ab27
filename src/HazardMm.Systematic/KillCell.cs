namespace HazardMm.Systematic;

/// <summary>
/// What one technique found for a mutant by its own search at the matrix's budget: the iteration
/// (within the scenario that found it) of the first bug, or the torture time to failure; when it found
/// nothing, how much it searched (<see cref="Searched"/>). A stored replay is never a cell: it has its
/// own column (<see cref="StoredReplay"/>).
/// </summary>
public sealed record KillCell(bool IsKilled, int IterationsToBug, string? Where, string? Bug, int IterationsSpent, int IterationsCompleted)
{
    /// <summary>With nothing found, what was searched ("1350 it", "1s"); shown as "none in ...".</summary>
    public string Searched { get; init; } = string.Empty;

    public static KillCell Killed(int iterations, string where, string bug, int spent) => new(true, iterations, where, bug, spent, spent);

    public static KillCell Survived(int spent, int completed) => new(false, 0, null, null, spent, completed) { Searched = $"{spent} it" };

    /// <summary>A torture run that found nothing in <paramref name="searched"/>.</summary>
    public static KillCell SurvivedFor(string searched) => new(false, 0, null, null, 0, 0) { Searched = searched };

    public override string ToString() =>
        !IsKilled ? $"none in {Searched}"
        : IterationsToBug > 0 ? $"{IterationsToBug} ({Where})"
        : Where!;
}
