using System.Diagnostics;
using HazardMm.Memory;
using HazardMm.Schemes;
using HazardMm.Sched;
using HazardMm.Systematic.Memory;
using Microsoft.Coyote;
using Microsoft.Coyote.Logging;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;

namespace HazardMm.Systematic;

/// <summary>
/// Runs the production scheme code under Coyote: each iteration builds a fresh kernel on a Coyote
/// memory model, spawns its CPU loops as controlled tasks, runs the scenario's scripts to
/// quiescence, and checks the oracle's verdict and that every mm was freed. The engine stops at the
/// first bug and hands back its reproducible trace.
/// </summary>
public static class SystematicRunner
{
    public static SystematicResult Run(SystematicCase c)
    {
        Configuration configuration = Configuration.Create()
            .WithTestingIterations((uint)c.Iterations)
            .WithRandomGeneratorSeed(c.Seed)
            .WithMaxSchedulingSteps((uint)c.MaxSteps)
            .WithTelemetryEnabled(false);
        var clock = Stopwatch.StartNew();
        int completed = 0;
        using TestingEngine engine = TestingEngine.Create(configuration, () =>
        {
            RunIteration(c, log: null);
            completed++;
        });
        engine.SetLogger(new TextWriterLogger(TextWriter.Null, VerbosityLevel.None));
        engine.Run();
        TestReport report = engine.TestReport;

        // A CPU body started with a plain Task.Run or new Thread runs silently uncontrolled: Coyote
        // then explores nothing and reports nothing. Every CPU plus the test body must be controlled.
        if (report.MaxControlledOperations < c.Scenario.Cpus + 1)
        {
            throw new InvalidOperationException(
                $"{c.Label}: Coyote controlled {report.MaxControlledOperations} operations, fewer than the {c.Scenario.Cpus} CPUs and the test body");
        }

        int explored = report.NumOfExploredFairPaths + report.NumOfExploredUnfairPaths;
        string? bug = report.NumOfFoundBugs > 0 ? string.Join("; ", report.BugReports) : null;
        return new SystematicResult(c, explored, completed, bug, bug is null ? null : engine.ReproducibleTrace, report.MaxControlledOperations, clock.Elapsed);
    }

    /// <summary>
    /// One iteration: the test body. With a <paramref name="log"/>, every shared operation is
    /// recorded and named (for replays).
    /// </summary>
    internal static void RunIteration(SystematicCase c, ReplayCapture? log)
    {
        Specification.RegisterMonitor<LivenessMonitor>();
        var machine = new ModelMachine(c.Scenario.Cpus, log?.Log);
        if (c.Model == MemoryModelKind.Tso)
        {
            RunIteration<CoyoteTsoMemory>(c, machine, log);
        }
        else
        {
            RunIteration<CoyoteScMemory>(c, machine, log);
        }
    }

    private static void RunIteration<TMem>(SystematicCase c, ModelMachine machine, ReplayCapture? log)
        where TMem : struct, IMemoryModel
    {
        var options = new KernelOptions { Mutant = c.Mutant, Observer = new LivenessObserver(log?.Log) };
        var kernel = new Kernel<TMem>(c.Scenario.Cpus, c.Scenario.MmCapacity, c.Scenario.Arch, SchemeRegistry.Get(c.Scheme), options);
        if (log is not null)
        {
            log.NameOf = kernel.NameOf;
            log.ValueOf = kernel.ValueOf;
        }

        try
        {
            var loop = new CpuLoop<TMem>(kernel, c.Scenario.NewWorkload());
            loop.Populate();
            new CoyoteCpuHost(machine).Start(c.Scenario.Cpus, loop.Run).Join(Timeout.InfiniteTimeSpan);
            machine.DrainAll();
            if (kernel.Control.Violation is { } violation)
            {
                Specification.Assert(false, violation.Message);
            }

            Specification.Assert(kernel.LiveMms == 0, $"leak: {kernel.LiveMms} mms never freed after quiescence");
        }
        finally
        {
            kernel.Dispose();
        }
    }
}

/// <summary>
/// What a replay keeps of its one iteration: the operation log, and how to name its locations. An
/// iteration that fails inside a CPU may never return to the body, so nothing here depends on it.
/// </summary>
internal sealed class ReplayCapture
{
    public OperationLog Log { get; } = new();

    public Func<nint, string> NameOf { get; set; } = address => $"0x{address:x}";

    public Func<nint, long, string>? ValueOf { get; set; }

    public string Steps => Log.Format(NameOf, ValueOf);
}
