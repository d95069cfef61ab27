using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.SystematicTesting;

namespace HazardMm.Systematic;

/// <summary>
/// Re-runs a saved failure on exactly its recorded schedule, with every shared operation logged,
/// so the failing interleaving can be read step by step.
/// </summary>
public static class Replayer
{
    public static ReplayResult Replay(TraceFile trace)
    {
        SystematicCase c = trace.ToCase();
        var capture = new ReplayCapture();
        Configuration configuration = Configuration.Create()
            .WithReproducibleTrace(trace.CoyoteTrace)
            .WithMaxSchedulingSteps((uint)c.MaxSteps)
            .WithTelemetryEnabled(false);
        using TestingEngine engine = TestingEngine.Create(configuration, () => SystematicRunner.RunIteration(c, capture));
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        string? bug = engine.TestReport.NumOfFoundBugs > 0 ? string.Join("; ", engine.TestReport.BugReports) : null;
        return new ReplayResult(trace, bug, capture.Steps, capture.Log.Entries.Count);
    }
}

/// <summary>A replay's outcome: the bug it reproduced (null if the run passed), and the logged schedule.</summary>
public sealed record ReplayResult(TraceFile Trace, string? Bug, string Steps, int StepCount)
{
    public bool Reproduced => Bug is not null && Bug == Trace.Bug;
}
