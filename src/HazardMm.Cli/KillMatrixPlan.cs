using HazardMm.Mutants;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm mutants --kill-matrix</c>, resolved and checked: runs each mutant, prints each row as
/// it completes, and writes the whole matrix to <see cref="Output"/> only when every row is done
/// (temporary file, then rename), so an interrupted run never replaces a complete matrix: its
/// partial table is printed instead. Exit 1 if a mutant is not accounted for.
/// </summary>
public sealed record KillMatrixPlan(IReadOnlyList<Mutant> Mutants, KillMatrixBudget Budget, string Output, string? CounterExamples)
{
    public int Run(IRunView view, CancellationToken stop)
    {
        view.Line($"hazardmm mutants --kill-matrix: {Mutants.Count} mutants, {Budget.Iterations} iterations per scenario and model, " +
            $"torture {DurationParser.Format(Budget.TortureDuration)}, seed {Budget.Seed}");
        view.Line($"counter-examples: {CounterExamples ?? "none (stored traces are not replayed)"}");
        view.Line(KillMatrix.Header());
        List<KillRow> rows = view.Run(() => RunRows(view, stop));
        bool complete = rows.Count == Mutants.Count;
        string matrix = KillMatrix.Format(rows);
        view.Line(string.Empty);
        view.Line(matrix.TrimEnd('\n', '\r'));
        view.Line($"{rows.Count(r => r.Accounted)} accounted for, {rows.Count(r => !r.Accounted)} not accounted for");
        if (complete)
        {
            AtomicFile.WriteAllText(Output, matrix);
            view.Line($"written to {Output}");
        }
        else
        {
            view.Line($"interrupted after {rows.Count} of {Mutants.Count} mutants: the partial matrix is above; {Output} was not written");
        }

        return rows.Any(r => !r.Accounted) ? ExitCodes.Failure
            : !complete ? ExitCodes.Interrupted
            : ExitCodes.Success;
    }

    private List<KillRow> RunRows(IRunView view, CancellationToken stop)
    {
        var rows = new List<KillRow>();
        IRunItem overall = view.Start("mutants", Mutants.Count);
        foreach (Mutant mutant in Mutants)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            overall.Progress(rows.Count, $"{rows.Count + 1}/{Mutants.Count} {mutant.Name} ({Tally(rows)})");
            KillRow row = KillMatrix.Run(mutant, Budget, CounterExamples, stop);
            if (row.Cancelled)
            {
                break; // a row cut short proves nothing: the matrix keeps only whole rows
            }

            rows.Add(row);
            view.Line(KillMatrix.FormatRow(row));
        }

        overall.Finish(Tally(rows));
        return rows;
    }

    private static string Tally(List<KillRow> rows) =>
        $"{rows.Count(r => r.Accounted)} accounted for, {rows.Count(r => !r.Accounted)} not so far";
}
