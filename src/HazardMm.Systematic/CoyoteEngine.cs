using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;

namespace HazardMm.Systematic;

/// <summary>
/// The one place a Coyote <see cref="TestingEngine"/> is built and run, for explorations, replays and
/// litmus tests alike: the configuration, a quiet logger, stopping on a cancellation token, a per-iteration
/// callback, the reproducible trace of a bug, how a replay left its recorded schedule, and the guard that
/// the CPUs really ran as controlled operations.
/// </summary>
public static partial class CoyoteEngine
{
    /// <summary>
    /// Runs <paramref name="iteration"/> as Coyote's test body under <paramref name="settings"/>. Cancelling
    /// <paramref name="stop"/> lets the running iteration finish and starts no other; the result says
    /// <see cref="CoyoteRun.Cancelled"/>. Nothing of the engine runs on after this returns.
    /// </summary>
    /// <remarks>
    /// Not Coyote's <see cref="TestingEngine.Stop"/>: in 1.7.11 it cancels the wait in
    /// <see cref="TestingEngine.Run"/>, which returns at once while the iteration in flight runs on, in the
    /// background, against an engine its caller is disposing (a CLI that exits then can abort: one
    /// stopped explore exited 134 instead of 130, not reproduced since). A start-of-iteration callback
    /// that throws <see cref="TaskCanceledException"/> instead ends Coyote's iteration loop the one way it
    /// treats as clean: it swallows that exception and its testing task completes, so
    /// <see cref="TestingEngine.Run"/> returns after the last iteration's report is in.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Coyote controlled fewer operations than
    /// <see cref="CoyoteSettings.ControlledAtLeast"/>: the CPUs ran uncontrolled, so nothing was explored.</exception>
    public static CoyoteRun Run(CoyoteSettings settings, Action iteration, CancellationToken stop = default, Action<int>? iterationDone = null)
    {
        Configuration configuration = Configuration.Create()
            .WithTestingIterations((uint)settings.Iterations)
            .WithRandomGeneratorSeed(settings.Seed)
            .WithMaxSchedulingSteps((uint)settings.MaxSteps)
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false);
        if (settings.ReplayTrace is { } trace)
        {
            configuration = configuration.WithReproducibleTrace(trace);
        }

        // Coyote writes why a replay left its recorded schedule only to its log, as an error; keep the
        // errors of a replay (one iteration: a few lines), nothing of an exploration.
        var errors = new StringWriter();
        var clock = Stopwatch.StartNew();
        using TestingEngine engine = TestingEngine.Create(configuration, iteration);
        engine.SetLogger(settings.ReplayTrace is null
            ? new TextWriterLogger(TextWriter.Null, VerbosityLevel.None)
            : new TextWriterLogger(errors, VerbosityLevel.Error));
        int finished = 0;
        engine.RegisterEndIterationCallBack(_ =>
        {
            finished++;
            iterationDone?.Invoke(finished);
        });
        engine.RegisterStartIterationCallBack(_ =>
        {
            if (stop.IsCancellationRequested)
            {
                throw new TaskCanceledException($"{settings.Label}: stopped after {finished} iterations");
            }
        });

        if (!stop.IsCancellationRequested)
        {
            engine.Run();
        }

        TestReport report = engine.TestReport;
        int explored = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        string? bug = report.NumOfFoundBugs > 0 ? string.Join("; ", report.BugReports) : null;
        bool cancelled = stop.IsCancellationRequested && bug is null && explored < settings.Iterations;
        ReplayDivergence? divergence = ParseDivergence(errors.ToString());
        // Stopped before its first iteration ended, a run may not have started every CPU yet (Coyote then
        // reports -1 controlled operations if nothing ran at all); each finished iteration started them all.
        bool nothingFinished = cancelled && explored == 0;
        if (!nothingFinished && divergence is null && report.MaxControlledOperations < settings.ControlledAtLeast)
        {
            // A CPU body started with a plain Task.Run or new Thread runs silently uncontrolled: Coyote
            // then explores nothing and reports nothing. Every CPU plus the test body must be controlled.
            throw new InvalidOperationException(
                $"{settings.Label}: Coyote controlled {report.MaxControlledOperations} operations, fewer than the {settings.ControlledAtLeast} expected (every CPU and the test body)");
        }

        int steps = Math.Max(report.MaxExploredFairSteps, report.MaxExploredUnfairSteps);
        return new CoyoteRun(explored, bug, bug is null ? null : engine.ReproducibleTrace, Math.Max(0, report.MaxControlledOperations), steps,
            cancelled, divergence, clock.Elapsed);
    }

    /// <summary>
    /// Coyote 1.7.11 reports a replay that cannot follow its trace by logging, as an error, "The trace from
    /// execution with random seed 'S' is not reproducible at execution step 'N': REASON." (N counts the
    /// recorded steps from 0), then ends the iteration without a bug.
    /// </summary>
    private static ReplayDivergence? ParseDivergence(string log)
    {
        Match match = NotReproducible().Match(log);
        return match.Success
            ? new ReplayDivergence(int.Parse(match.Groups["step"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["reason"].Value.TrimEnd('.'))
            : null;
    }

    [GeneratedRegex(@"not reproducible at execution step '(?<step>\d+)': (?<reason>[^\r\n]*)")]
    private static partial Regex NotReproducible();
}

/// <summary>How to run an engine: iterations, seed and Coyote's unfair step bound, or a trace to replay.</summary>
/// <param name="Label">Names the run in errors.</param>
/// <param name="ControlledAtLeast">The fewest controlled operations a correct body makes (its CPUs plus itself).</param>
public sealed record CoyoteSettings(string Label, int Iterations, uint Seed, int MaxSteps, int ControlledAtLeast)
{
    /// <summary>A Coyote reproducible trace: the engine follows it step by step instead of exploring.</summary>
    public string? ReplayTrace { get; init; }
}

/// <summary>
/// What an engine run did: iterations explored, the first bug and its reproducible trace, the most
/// operations Coyote controlled and the most scheduling steps of an iteration, whether it was stopped,
/// and, for a replay, where the run left the recorded schedule.
/// </summary>
public sealed record CoyoteRun(
    int IterationsRun,
    string? Bug,
    string? ReproducibleTrace,
    int MaxControlledOperations,
    int MaxSteps,
    bool Cancelled,
    ReplayDivergence? Divergence,
    TimeSpan Elapsed);

/// <summary>Where a replay left its recorded schedule: the index of the recorded step it could not take (from 0, as Coyote counts), and why.</summary>
public sealed record ReplayDivergence(int Step, string Reason);
