using System.CommandLine;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm replay FILE</c>: re-runs a saved failure on its recorded schedule and shows the last
/// steps of it (CPU, operation, location, value), then whether the failure reproduced.
/// </summary>
public sealed class ReplayCommand : HazardCommand
{
    private readonly Argument<string> _file = new("FILE") { Description = "a trace saved by 'hazardmm explore' (*.trace.json)" };

    private readonly CliOption<int> _steps = CliOptions.Count("--steps", "how many of the last steps to show", 1, 1_000_000, 80);

    public ReplayCommand(CliSession session)
        : base("replay", "Re-runs a saved failure on exactly its recorded schedule and prints it step by step.", session)
    {
        Arguments.Add(_file);
        Add(_steps);
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "NOT REPRODUCED: the recorded schedule now runs to its end without the failure"),
        (ExitCodes.Failure, "REPRODUCED: the recorded failure happens again (the bug is there)"),
        (ExitCodes.UsageError, "bad input: no such file, or a malformed or inconsistent trace (one line on stderr)"),
    ];

    protected override int Run(ParseResult result)
    {
        string path = result.GetValue(_file)!;
        int steps = _steps.Read(result);
        if (!File.Exists(path))
        {
            return Session.UsageError($"replay: no such trace file: {path}");
        }

        TraceFile trace;
        try
        {
            trace = TraceFile.Load(path);
            trace.ToCase();
        }
        catch (FormatException e)
        {
            return Session.UsageError($"replay: {e.Message}");
        }

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

        if (replay.Bug is null)
        {
            output.WriteLine("NOT REPRODUCED: the recorded schedule now runs without a failure");
            return ExitCodes.Success;
        }

        output.WriteLine(replay.Reproduced ? $"REPRODUCED: {replay.Bug}" : $"FAILED DIFFERENTLY: {replay.Bug}");
        return ExitCodes.Failure;
    }
}
