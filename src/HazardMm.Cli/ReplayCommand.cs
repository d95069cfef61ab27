using System.CommandLine;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm replay FILE</c>: re-runs a saved failure on its recorded schedule and shows the last
/// steps of it (CPU, operation, location, value), then what the replay found: REPRODUCED,
/// NOT REPRODUCED, or DIVERGED at the step where the run left the recorded schedule.
/// </summary>
public sealed class ReplayCommand : HazardCommand
{
    /// <summary>The trace, loaded and checked while parsing: a malformed one is a parse error, before any replay.</summary>
    private readonly Argument<TraceFile> _trace = new("FILE")
    {
        Description = "a trace saved by 'hazardmm explore' (*.trace.json); only a regular file under the size cap is read",
        CustomParser = r =>
        {
            try
            {
                return TraceFile.Load(r.Tokens[0].Value);
            }
            catch (TraceFormatException e)
            {
                r.AddError(e.Message);
                return null;
            }
        },
    };

    private readonly CliOption<int> _steps = CliOptions.Count("--steps", "how many of the last steps to show", 1, 1_000_000, 80);

    public ReplayCommand(CliSession session)
        : base("replay", "Re-runs a saved failure on exactly its recorded schedule and prints it step by step.", session)
    {
        Arguments.Add(_trace);
        Add(_steps);
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "NOT REPRODUCED: the run followed the whole recorded schedule without the failure"),
        (ExitCodes.Failure, "REPRODUCED: the run failed again on the recorded schedule (the bug is there)"),
        (ExitCodes.UsageError, "bad input: no such file, or a malformed or inconsistent trace (one line on stderr)"),
        (ExitCodes.Diverged, "DIVERGED at step N: the run could not follow the recorded schedule (a damaged trace, or code changed since)"),
    ];

    protected override int Run(ParseResult result)
    {
        TraceFile trace = result.GetValue(_trace)!;
        int steps = _steps.Read(result);
        TextWriter output = Session.Output;
        output.WriteLine($"replaying {trace.Label} seed={trace.Seed}: recorded failure: {trace.Bug}");
        ReplayResult replay = Replayer.Replay(trace);
        string[] lines = replay.Steps.TrimEnd().Split('\n');
        if (lines.Length > steps)
        {
            output.WriteLine($"... {lines.Length - steps} earlier steps (of {replay.StepCount}) not shown; --steps {lines.Length} shows all");
        }

        output.WriteLine($"{"step",6}  {"cpu",-6} {"operation",-16} {"location",-28}   value");
        foreach (string line in lines.TakeLast(steps))
        {
            output.WriteLine(line.TrimEnd('\r'));
        }

        switch (replay.Outcome)
        {
            case ReplayOutcome.Diverged:
                output.WriteLine($"DIVERGED at step {replay.DivergedAtStep}: {replay.Divergence}");
                return ExitCodes.Diverged;
            case ReplayOutcome.NotReproduced:
                output.WriteLine("NOT REPRODUCED: the recorded schedule now runs to its end without a failure");
                return ExitCodes.Success;
            default:
                output.WriteLine(replay.SameBug ? $"REPRODUCED: {replay.Bug}" : $"FAILED DIFFERENTLY: {replay.Bug}");
                return ExitCodes.Failure;
        }
    }
}
