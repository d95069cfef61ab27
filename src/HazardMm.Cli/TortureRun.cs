using System.Diagnostics;
using HazardMm.Cpus;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// The cases of one <c>hazardmm torture</c> run, one after another (design.md#torture): what they
/// print goes through <see cref="TortureOutput"/>; then one verdict line per case, a total line, the
/// exit code of the worst case and the <c>--json</c> file.
/// </summary>
internal static class TortureRun
{
    public static int Execute(TortureOptions options, string? json, TortureResultsWriter? files, IRunView view, CancellationToken stop, int hostCores)
    {
        IReadOnlyList<TortureCase> planned = options.Cases();
        view.Line($"hazardmm torture: {options.Describe()}");
        view.Line(options.Configs is null
            ? $"replay the workload with: hazardmm torture --seed {options.Seed} --cpus {options.Cpus} (add the same --scheme/--arch)"
            : $"{planned.Count} cases, each with its own seed derived from seed={options.Seed}; a failed case prints its reproduce line");
        var clock = Stopwatch.StartNew();
        (List<TortureResult> results, IReadOnlyList<IReadOnlyList<TortureProgress>> samples, int code) = view.Run(() =>
        {
            using var output = new TortureOutput(view, files);
            List<TortureResult> results = RunCases(options, planned, output, stop);
            int code = ExitCode(results, stop);
            output.Line(string.Empty);
            foreach (TortureResult result in results)
            {
                output.Summary(result.Summary);
            }

            output.Summary(Total(planned.Count, results, clock.Elapsed, code));
            output.Dispose();
            return (results, output.Samples, code);
        });

        if (json is not null)
        {
            HazardMm.Systematic.AtomicFile.WriteAllText(json, TortureJson.Build(options, [.. results.Zip(samples)], code, hostCores));
            view.Line($"written to {json}");
        }

        return code;
    }

    /// <summary>The worst case decides: a stall (3) over an error (1) over a stop by a signal (130) over success (0).</summary>
    public static int ExitCode(IReadOnlyList<TortureResult> results, CancellationToken stop) =>
        results.Any(r => r.Stalled) ? ExitCodes.Stall
        : results.Any(r => !r.Success) ? ExitCodes.Failure
        : stop.IsCancellationRequested ? ExitCodes.Interrupted
        : ExitCodes.Success;

    /// <summary>The total line: cases run of those planned, verdicts, time, exit code.</summary>
    public static string Total(int planned, IReadOnlyList<TortureResult> results, TimeSpan elapsed, int code)
    {
        int failed = results.Count(r => !r.Success);
        int stalled = results.Count(r => r.Stalled);
        string run = results.Count == planned ? $"{planned} case{(planned == 1 ? string.Empty : "s")}" : $"{results.Count} of {planned} cases";
        return $"{TortureProgress.Prefix} total: {run}: {results.Count - failed} SUCCESS, {failed} FAILURE ({stalled} stalled) in {elapsed.TotalSeconds:F1}s; exit {code}";
    }

    private static List<TortureResult> RunCases(TortureOptions options, IReadOnlyList<TortureCase> planned, TortureOutput output, CancellationToken stop)
    {
        var host = new HardwareCpuHost(options.Pin);
        var results = new List<TortureResult>();
        foreach (TortureCase c in planned)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            int index = results.Count + 1;
            output.CaseStarted(index, c, $"hazardmm torture: {options.Describe()}\ncase: {c.Label} cpus={c.Cpus} faults={c.Faults} seed={c.Seed}",
                options.Configs is null ? null : $"case {index}/{planned.Count}: [{c.Label}] seed={c.Seed}");
            TortureResult result = TortureRunner.Run(c, host, output.Sample, output.Alarm, stop);
            output.CaseEnded(result, result.Success ? null : TortureReproduce.Line(options, c), index == 1 ? result.Placement : null);
            results.Add(result);
        }

        return results;
    }
}
