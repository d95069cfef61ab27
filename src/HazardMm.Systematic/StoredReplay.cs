namespace HazardMm.Systematic;

/// <summary>
/// A stored counter-example of a mutant that still reproduces its recorded failure: the model, seed
/// and iteration of the (long) exploration that recorded it, and the failure. It is a regression
/// witness, not exploration at the matrix's budget, so it has its own column (design.md#mutants).
/// </summary>
public sealed record StoredReplay(string Model, uint Seed, int Iteration, string Scenario, string Bug)
{
    public static StoredReplay Of(TraceFile trace) =>
        new(trace.Model, trace.Seed, trace.FoundAtIteration, trace.Scenario, trace.Bug);

    public override string ToString() => $"recorded under {Model}, seed {Seed}, iteration {Iteration} ({Scenario})";
}
