using HazardMm.Mutants;
using HazardMm.Schemes;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm explore</c>: the long systematic exploration (nightly): every chosen scenario ×
/// scheme × memory model under Coyote for many iterations, one line per case with its rate. A bug
/// writes its trace for <c>hazardmm replay</c>. Exit 1 if any case found a bug.
/// </summary>
public static class ExploreCommand
{
    public const string Usage =
        "hazardmm explore [--list] [--scenario NAME,...|all] [--scheme NAME,...|all] [--model sc|tso|all] [--iterations 10000] [--seed N] [--mutant NAME] [--traces DIR]";

    private static readonly string[] Valued = ["scenario", "scheme", "model", "iterations", "seed", "mutant", "traces"];
    private static readonly string[] Flags = ["list"];
    private static readonly MemoryModelKind[] Models = [MemoryModelKind.Sc, MemoryModelKind.Tso];

    public static int Run(IReadOnlyList<string> args, TextWriter output, CancellationToken stop)
    {
        var reader = new OptionReader(args, "explore", Valued, Flags);
        if (reader.Has("list"))
        {
            foreach (Scenario s in ScenarioCatalog.All)
            {
                output.WriteLine($"{s.Name,-20} {s.Arch.Name,-7} {s.Cpus} CPUs  {s.Covers}");
            }

            return 0;
        }

        IReadOnlyList<Scenario> scenarios = ListParser.Parse(reader.Get("scenario") ?? "all", "scenario", ScenarioCatalog.All, s => s.Name, ScenarioCatalog.All);
        Mutant? planted = null;
        if (reader.Get("mutant") is { } name && !MutantCatalog.TryFind(name, out planted))
        {
            throw new UsageException($"unknown mutant '{name}'; 'hazardmm mutants' lists them");
        }

        // A mutant is planted in one scheme: explore that one unless told otherwise.
        IReadOnlyList<string> schemes = ListParser.Parse(reader.Get("scheme") ?? planted?.Scheme ?? "all", "scheme", SchemeRegistry.Names, s => s, [.. SchemeRegistry.Real.Select(d => d.Name)]);
        IReadOnlyList<MemoryModelKind> models = ListParser.Parse(reader.Get("model") ?? "all", "model", Models, m => m.ToString().ToLowerInvariant(), Models);
        int iterations = ListParser.ParseCount(reader.Get("iterations"), "--iterations", 10_000, 1, 100_000_000);
        uint seed = ListParser.ParseSeed(reader.Get("seed"), (uint)Random.Shared.Next());
        MutantId mutant = planted?.Id ?? MutantId.None;

        string traces = reader.Get("traces") ?? "traces";
        output.WriteLine($"hazardmm explore: {scenarios.Count} scenarios × {schemes.Count} schemes × {models.Count} models, {iterations} iterations each, seed {seed}" +
            (planted is null ? string.Empty : $", mutant {planted.Name}"));

        int bugs = 0;
        foreach (Scenario scenario in scenarios)
        {
            foreach (string scheme in schemes)
            {
                foreach (MemoryModelKind model in models)
                {
                    if (stop.IsCancellationRequested)
                    {
                        output.WriteLine($"interrupted: {bugs} bugs so far");
                        return bugs > 0 ? 1 : TortureCommand.Interrupted;
                    }

                    SystematicResult result = SystematicRunner.Run(new SystematicCase(scenario, scheme, model, iterations, seed) { Mutant = mutant });
                    string verdict = result.FoundBug
                        ? $"BUG at iteration {result.IterationsToBug}: {result.Bug} (trace: {TraceFile.From(result).Save(traces)})"
                        : result.IterationsCompleted < result.IterationsRun ? "INCOMPLETE: iterations cut off at the step bound checked nothing"
                        : "pass";
                    output.WriteLine($"{result.Case.Label}: {result.IterationsRun} iterations ({result.IterationsCompleted} ran to the end), {result.IterationsPerSecond:F0} it/s, {verdict}");
                    bugs += result.FoundBug || result.IterationsCompleted < result.IterationsRun ? 1 : 0;
                }
            }
        }

        output.WriteLine($"{bugs} of {scenarios.Count * schemes.Count * models.Count} cases found a bug or did not finish");
        return bugs > 0 ? 1 : 0;
    }
}
