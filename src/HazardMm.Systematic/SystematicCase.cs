using HazardMm.Mutants;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.Systematic;

/// <summary>One exploration: a scenario run with a scheme under a memory model, maybe with a mutant, for a seeded number of iterations.</summary>
public sealed record SystematicCase(Scenario Scenario, string Scheme, MemoryModelDescriptor Model, int Iterations, uint Seed)
{
    public MutantId Mutant { get; init; } = MutantId.None;

    /// <summary>
    /// Coyote's per-iteration bound on unfair scheduling steps (the fair bound is ten times it).
    /// A fair strategy explores unfairly (PCT, delay-bounding) for this many steps, then finishes
    /// the iteration with fair random choices. Scenarios do their racing work in the first ~150
    /// steps; a larger bound only buys more spinning of CPUs that wait (measured: 3,000 gave
    /// ~3,100-step iterations at ~30–200 it/s, 300 gives ~400-step iterations at 250–700 it/s).
    /// </summary>
    public int MaxSteps { get; init; } = 300;

    public string Label =>
        $"{Scenario.Name}/{Scheme}/{Model.Name}" +
        (Mutant == MutantId.None ? string.Empty : "/" + MutantCatalog.Get(Mutant).Name);
}
