using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm replay FILE</c>: re-runs a saved failure on its recorded schedule and shows the last
/// steps of it (CPU, operation, location, value), then whether the failure reproduced.
/// Exit 1 when it did (the run fails again), 0 when the schedule now passes.
/// </summary>
public static class ReplayCommand
{
    public const string Usage = "hazardmm replay FILE.trace.json [--steps 80]";

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException("replay needs a trace file: " + Usage);
        }

        string path = args[0];
        var reader = new OptionReader([.. args.Skip(1)], "replay", ["steps"], []);
        int steps = ListParser.ParseCount(reader.Get("steps"), "--steps", 80, 1, 1_000_000);
        if (!File.Exists(path))
        {
            throw new UsageException($"no such trace file: {path}");
        }

        TraceFile trace;
        try
        {
            trace = TraceFile.Load(path);
            trace.ToCase();
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        output.WriteLine($"replaying {trace.Label} seed={trace.Seed}: recorded failure: {trace.Bug}");
        ReplayResult result = Replayer.Replay(trace);
        string[] lines = result.Steps.TrimEnd().Split('\n');
        if (lines.Length > steps)
        {
            output.WriteLine($"... {lines.Length - steps} earlier steps (of {result.StepCount}) not shown; --steps {lines.Length} shows all");
        }

        output.WriteLine($"{"step",6}  {"cpu",-6} {"operation",-16} {"location",-28}   value");
        foreach (string line in lines.TakeLast(steps))
        {
            output.WriteLine(line.TrimEnd('\r'));
        }

        switch (result.Outcome)
        {
            case ReplayOutcome.Diverged:
                output.WriteLine($"DIVERGED at step {result.DivergedAtStep}: {result.Divergence}");
                return 3;
            case ReplayOutcome.NotReproduced:
                output.WriteLine("NOT REPRODUCED: the recorded schedule now runs without a failure");
                return 0;
        }

        output.WriteLine(result.SameBug ? $"REPRODUCED: {result.Bug}" : $"FAILED DIFFERENTLY: {result.Bug}");
        return 1;
    }
}
