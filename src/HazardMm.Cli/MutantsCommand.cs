using HazardMm.Mutants;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm mutants</c>: the catalogue, one mutant a line (name, scheme, arch, spec reference,
/// expected failure, what it changes). With <c>--kill-matrix</c> it runs every (or the named)
/// mutant under Coyote-SC, Coyote-TSO and torture, prints each row as it completes, writes the
/// whole matrix to a file, and exits 1 if a mutant survived without a reason.
/// </summary>
public static class MutantsCommand
{
    public const string Usage =
        "hazardmm mutants [--kill-matrix [--mutant NAME,...|all] [--iterations 2000] [--torture 2s] [--seed N] [--out kill-matrix.txt] [--counterexamples " + DefaultCounterExamples + "]]";

    /// <summary>The stored counter-examples of the repository, used when run from its root.</summary>
    public const string DefaultCounterExamples = "tests/HazardMm.SystematicTests/CounterExamples";

    private static readonly string[] Valued = ["mutant", "iterations", "torture", "seed", "out", "counterexamples"];
    private static readonly string[] Flags = ["kill-matrix"];

    public static int Run(IReadOnlyList<string> args, TextWriter output, CancellationToken stop)
    {
        var reader = new OptionReader(args, "mutants", Valued, Flags);
        if (!reader.Has("kill-matrix"))
        {
            if (Valued.FirstOrDefault(reader.Has) is { } stray)
            {
                throw new UsageException($"--{stray} goes with --kill-matrix");
            }

            output.WriteLine($"{"name",-36} {"scheme",-9} {"arch",-7} {"spec",-8} {"expected",-15} change");
            foreach (Mutant mutant in MutantCatalog.All)
            {
                output.WriteLine(mutant.ToString());
            }

            return 0;
        }

        IReadOnlyList<Mutant> mutants = ListParser.Parse(reader.Get("mutant") ?? "all", "mutant", MutantCatalog.All, m => m.Name, MutantCatalog.All);
        var budget = new KillMatrixBudget(
            ListParser.ParseCount(reader.Get("iterations"), "--iterations", 2_000, 1, 10_000_000),
            DurationParser.Parse(reader.Get("torture") ?? "2s", "--torture"),
            ListParser.ParseSeed(reader.Get("seed"), 20261126));
        string path = reader.Get("out") ?? "kill-matrix.txt";
        string? counterExamples = reader.Get("counterexamples") ?? (Directory.Exists(DefaultCounterExamples) ? DefaultCounterExamples : null);
        output.WriteLine($"hazardmm mutants --kill-matrix: {mutants.Count} mutants, {budget.Iterations} iterations per scenario and model, torture {DurationParser.Format(budget.TortureDuration)}, seed {budget.Seed}");

        var rows = new List<KillRow>();
        foreach (Mutant mutant in mutants)
        {
            if (stop.IsCancellationRequested)
            {
                output.WriteLine("interrupted: the matrix below has the rows done so far");
                break;
            }

            KillRow row = KillMatrix.Run(mutant, budget, counterExamples, stop);
            rows.Add(row);
            output.Write(KillMatrix.Format([row]).Split('\n', 2)[1]);
        }

        string matrix = KillMatrix.Format(rows);
        output.WriteLine();
        output.Write(matrix);
        output.WriteLine(
            $"{rows.Count(r => r.Accounted && r.CoyoteKilled)} killed, {rows.Count(r => r.Accounted && !r.CoyoteKilled)} shown correct, " +
            $"{rows.Count(r => !r.Accounted)} not accounted for; " +
            string.Join("; ", MemoryModels.All.Select(m =>
                $"only coyote-{m.Name} kills: " + string.Join(", ", rows.Where(r => r.OnlyKilledBy(m)).Select(r => r.Mutant.Name).DefaultIfEmpty("none")))));
        File.WriteAllText(path, matrix);
        output.WriteLine($"written to {path}");
        return rows.All(r => r.Accounted) ? (stop.IsCancellationRequested ? TortureCommand.Interrupted : 0) : 1;
    }
}
