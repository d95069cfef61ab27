using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.Cli;

/// <summary>What <c>hazardmm explore</c> runs, resolved and checked, and the run itself.</summary>
public sealed record ExplorePlan(
    IReadOnlyList<Scenario> Scenarios, IReadOnlyList<string> Schemes, IReadOnlyList<MemoryModelDescriptor> Models, int Iterations, uint Seed, Mutant? Planted, string Traces)
{
    public int Cases => Scenarios.Count * Schemes.Count * Models.Count;

    public int Run(IRunView view, CancellationToken stop)
    {
        view.Line($"hazardmm explore: {Scenarios.Count} scenarios × {Schemes.Count} schemes × {Models.Count} models, {Iterations} iterations each, seed {Seed}" +
            (Planted is null ? string.Empty : $", mutant {Planted.Name}") + $", traces to {Traces}");
        (int bad, int done) = view.Run(() => RunCases(view, stop));
        if (stop.IsCancellationRequested)
        {
            view.Line($"interrupted after {done} of {Cases} cases: {bad} found a bug or did not finish");
            return bad > 0 ? ExitCodes.Failure : ExitCodes.Interrupted;
        }

        view.Line($"{bad} of {Cases} cases found a bug or did not finish");
        return bad > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }

    private (int Bad, int Done) RunCases(IRunView view, CancellationToken stop)
    {
        int bad = 0;
        int done = 0;
        foreach (Scenario scenario in Scenarios)
        {
            foreach (string scheme in Schemes)
            {
                foreach (MemoryModelDescriptor model in Models)
                {
                    if (stop.IsCancellationRequested)
                    {
                        return (bad, done);
                    }

                    var c = new SystematicCase(scenario, scheme, model, Iterations, Seed) { Mutant = Planted?.Id ?? MutantId.None };
                    IRunItem item = view.Start(c.Label, Iterations);
                    SystematicResult result = SystematicRunner.Run(c, stop, iteration => item.Progress(iteration));
                    bool incomplete = !result.Cancelled && result.IterationsCompleted < result.IterationsRun;
                    string verdict = result.FoundBug
                        ? $"BUG at iteration {result.IterationsToBug}: {result.Bug} (trace: {TraceFile.From(result).Save(Traces)})"
                        : result.Cancelled ? "CANCELLED"
                        : incomplete ? "INCOMPLETE: iterations cut off at the step bound checked nothing"
                        : "pass";
                    item.Finish(verdict.Split(':')[0]);
                    view.Line($"{c.Label}: {result.IterationsRun} iterations ({result.IterationsCompleted} ran to the end), {result.IterationsPerSecond:F0} it/s, {verdict}");
                    view.Line($"  census: {result.Census.Format([.. RaceBranches.Of(scheme), .. RaceBranches.Mechanism])}");
                    bad += result.FoundBug || incomplete ? 1 : 0;
                    done += result.Cancelled ? 0 : 1;
                }
            }
        }

        return (bad, done);
    }
}
