namespace HazardMm.Cli.Perf;

/// <summary>How every perf command ends: the table, the files written, and the exit code.</summary>
public static class PerfOutput
{
    /// <summary>
    /// Prints <paramref name="table"/> and the lines <paramref name="after"/> it, writes the files (even
    /// after a stop: what was measured is kept) and returns 1 if the oracle failed any run, 130 if
    /// stopped, else 0.
    /// </summary>
    public static int Finish(
        IRunView view, CliSession session, Table table, IReadOnlyList<PerfPoint> points, Func<IReadOnlyList<string>> write, IEnumerable<string>? after = null)
    {
        view.Line(string.Empty);
        if (session.Stop.IsCancellationRequested)
        {
            view.Line($"stopped: {table.Count} rows measured so far");
        }

        foreach (string line in table.Format().Concat(after ?? []))
        {
            view.Line(line);
        }

        if (table.Count > 0)
        {
            foreach (string path in write())
            {
                view.Line($"wrote {path}");
            }
        }

        return points.Any(p => !p.Result.Success) ? ExitCodes.Failure
            : session.Stop.IsCancellationRequested ? ExitCodes.Interrupted
            : ExitCodes.Success;
    }
}
