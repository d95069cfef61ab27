using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Systematic.Memory;
using HazardMm.Torture;
using Microsoft.Coyote.Specifications;

namespace HazardMm.Systematic;

/// <summary>
/// Runs the production scheme code under Coyote: each iteration builds a fresh kernel on the case's
/// memory model, runs its CPU loops as controlled tasks through the scenario's scripts to quiescence,
/// and asserts the verdict (the oracle's violation, or a leaked mm). The engine stops at the first bug
/// and hands back its reproducible trace.
/// </summary>
public static class SystematicRunner
{
    /// <summary>
    /// Explores <paramref name="c"/>. Cancelling <paramref name="stop"/> ends the run when the iteration in
    /// flight ends, with <see cref="SystematicResult.Cancelled"/> set; <paramref name="iterationDone"/>
    /// is called after each iteration with the number finished so far (for a live display).
    /// </summary>
    public static SystematicResult Run(SystematicCase c, CancellationToken stop = default, Action<int>? iterationDone = null)
    {
        int completed = 0;
        var census = new BranchCounts();
        CoyoteRun run = CoyoteEngine.Run(
            new CoyoteSettings(c.Label, c.Iterations, c.Seed, c.MaxSteps, c.Scenario.Cpus + 1),
            () =>
            {
                RunIteration(c, log: null, census);
                completed++;
            },
            stop,
            iterationDone);
        return new SystematicResult(c, run.IterationsRun, completed, run.Bug, run.ReproducibleTrace, run.MaxControlledOperations, run.Elapsed)
        {
            Cancelled = run.Cancelled,
            Census = census,
        };
    }

    /// <summary>
    /// One iteration: the test body. With a <paramref name="log"/>, every shared operation is
    /// recorded and named (for replays); with a <paramref name="census"/>, the run's race outcomes
    /// are added to it once its CPUs have returned (design.md#census).
    /// </summary>
    internal static void RunIteration(SystematicCase c, ReplayCapture? log, BranchCounts? census = null)
    {
        Specification.RegisterMonitor<LivenessMonitor>();
        c.Model.Run(new Iteration(c, new ModelMachine(c.Scenario.Cpus, log?.Log), log, census));
    }

    /// <summary>The iteration with the case's memory model as <c>TMem</c>.</summary>
    private sealed class Iteration(SystematicCase c, ModelMachine machine, ReplayCapture? log, BranchCounts? census) : IModelBody
    {
        public void Run<TMem>()
            where TMem : struct, IMemoryModel
        {
            var options = new KernelOptions
            {
                Mutant = c.Mutant,
                Observer = new LivenessObserver(log?.Log),
                Hotplug = c.Scenario.Hotplug ? new Hotplug(Hotplug.DefaultInterval) : null,
            };
            using var run = new KernelRun<TMem>(
                new Kernel<TMem>(c.Scenario.Cpus, c.Scenario.MmCapacity, c.Scenario.Arch, SchemeRegistry.Get(c.Scheme), options),
                c.Scenario.NewWorkload());
            if (log is not null)
            {
                log.NameOf = run.Kernel.NameOf;
                log.ValueOf = run.Kernel.ValueOf;
            }

            machine.Attach(run.Kernel.Arena);
            run.Start(new CoyoteCpuHost(machine)).Join(Timeout.InfiniteTimeSpan);
            machine.DrainAll();
            census?.Add(run.Kernel.Census());
            if (run.Verdict() is InvariantViolation violation)
            {
                Specification.Assert(false, "{0}", violation.Message);
            }

            machine.EndIteration();
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
