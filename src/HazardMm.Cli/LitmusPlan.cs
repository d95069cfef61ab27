using HazardMm.Systematic;
using HazardMm.Systematic.Litmus;
using HazardMm.Systematic.Memory;

namespace HazardMm.Cli;

/// <summary>What <c>hazardmm litmus</c> runs, and the run: each file read, compiled and run under each model, in order.</summary>
internal sealed record LitmusPlan(
    IReadOnlyList<string> Paths, IReadOnlyList<MemoryModelDescriptor> Models, int Iterations, uint Seed, string? Json, WeakModelFlaws Flaws)
{
    /// <summary>The files named, and every *.litmus under the folders named (recursively, in ordinal order); each once.</summary>
    public static IReadOnlyList<string> Files(IEnumerable<string> paths) =>
        [.. paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.EnumerateFiles(p, "*.litmus", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [p]).DistinctBy(Path.GetFullPath)];

    public int Run(IRunView view, CancellationToken stop)
    {
        view.Line($"hazardmm litmus: {Paths.Count} files × {Models.Count} models ({string.Join(", ", Models.Select(m => m.Name))}), {Iterations} iterations each, seed {Seed}" +
            (Flaws == WeakModelFlaws.None ? string.Empty : $", PLANTED MODEL BUG {Flaws}"));
        List<LitmusReport> reports = view.Run(() => RunFiles(view, stop));
        var summary = new LitmusSummary(Models, reports);
        int exit = summary.AnyFailure ? ExitCodes.Failure
            : stop.IsCancellationRequested ? ExitCodes.Interrupted
            : summary.Malformed > 0 ? ExitCodes.UsageError
            : ExitCodes.Success;
        if (stop.IsCancellationRequested)
        {
            view.Line($"interrupted after {reports.Count} of {Paths.Count} files");
        }

        foreach (string line in summary.Lines(Seed))
        {
            view.Line(line);
        }

        if (Json is not null)
        {
            AtomicFile.WriteAllText(Json, LitmusJson.Build(this, reports, summary, exit));
        }

        return exit;
    }

    private List<LitmusReport> RunFiles(IRunView view, CancellationToken stop)
    {
        var reports = new List<LitmusReport>();
        foreach (string path in Paths)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            LitmusReport report = RunFile(path, view, stop);
            if (report.Rows.Any(r => r.Outcome.Cancelled))
            {
                break; // stopped mid-test: its rows decide nothing
            }

            reports.Add(report);
            foreach (string line in report.Lines())
            {
                view.Line(line);
            }
        }

        return reports;
    }

    private LitmusReport RunFile(string path, IRunView view, CancellationToken stop)
    {
        LitmusProgram program;
        try
        {
            program = LitmusProgram.Compile(LitmusReader.Read(path));
        }
        catch (LitmusFormatException e)
        {
            return LitmusReport.NotRun(path, e.Unsupported ? LitmusFileStatus.Unsupported : LitmusFileStatus.Malformed, e.Message);
        }

        var rows = new List<LitmusRow>();
        foreach (MemoryModelDescriptor model in Models)
        {
            IRunItem item = view.Start($"{program.File.Name} on {model.Name}", Iterations);
            LitmusOutcome outcome = LitmusRun.Run(program, model, Iterations, Seed, Flaws, stop, done => item.Progress(done));
            LitmusJudgement judgement = LitmusJudge.Judge(program, model.Name, outcome);
            item.Finish(judgement.ToString());
            rows.Add(new LitmusRow(model.Name, outcome, judgement));
        }

        return new LitmusReport(path, LitmusFileStatus.Run, null, program, rows);
    }
}
