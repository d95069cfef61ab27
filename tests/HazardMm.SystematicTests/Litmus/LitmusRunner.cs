using System.Collections.Concurrent;
using System.Diagnostics;
using HazardMm.Systematic.Memory;
using Microsoft.Coyote;
using Microsoft.Coyote.Specifications;
using Microsoft.Coyote.SystematicTesting;
using Xunit.Abstractions;
using CTask = Microsoft.Coyote.Rewriting.Types.Threading.Tasks.Task;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// Runs a <see cref="LitmusTest"/> under Coyote's in-process <see cref="TestingEngine"/> (no rewriting):
/// each iteration builds a fresh <see cref="ModelMachine"/> and arena, starts one controlled task per
/// CPU (bound to its simulated CPU), waits for all, lets the store buffers drain and records the outcome.
/// </summary>
/// <remarks>
/// Every run asserts, besides the test's own checks: no bug (a forbidden outcome fails with the
/// iteration's operation log; so does an exception in a CPU body); every CPU ran as a controlled
/// operation (<see cref="TestReport.MaxControlledOperations"/> ≥ CPUs + 1 for the body: a plain
/// <c>Task.Run</c> is silently uncontrolled); and every iteration ran to its end (none was cut off at
/// the scheduling-step bound, which would also hide a spin that never ends).
/// </remarks>
internal static class LitmusRunner
{
    /// <summary>Fixed, so every run explores the same schedules and drain choices.</summary>
    public const uint Seed = 20240315;

    public static LitmusResult Run(LitmusTest test, int iterations, ITestOutputHelper output, uint seed = Seed)
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int completed = 0;

        void Iteration()
        {
            var log = new OperationLog();
            var machine = new ModelMachine(test.Cpus.Length, log);
            using var state = new LitmusState(machine);
            var cpus = new Task[test.Cpus.Length];
            for (int i = 0; i < cpus.Length; i++)
            {
                int id = i;
                cpus[i] = CTask.Run(() =>
                {
                    using var _ = SimulatedCpu.Bind(machine, id);
                    test.Cpus[id](state);
                });
            }

            CTask.WaitAll(cpus);
            DrainLeftovers(machine);

            string outcome = test.Observe(state);
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            if (test.Forbidden?.Invoke(state) == true)
            {
                Specification.Assert(
                    false,
                    "{0}",
                    $"{test.Name}: forbidden outcome [{outcome}]\n{log.Format(state.NameOf, lastSteps: 60)}");
            }

            Interlocked.Increment(ref completed);
        }

        Configuration configuration = Configuration.Create()
            .WithTestingIterations((uint)iterations)
            .WithTelemetryEnabled(false)
            .WithConsoleLoggingEnabled(false)
            .WithRandomGeneratorSeed(seed);
        using TestingEngine engine = TestingEngine.Create(configuration, Iteration);
        var clock = Stopwatch.StartNew();
        engine.Run();
        clock.Stop();

        var result = new LitmusResult(test.Name, iterations, outcomes, clock.Elapsed);
        TestReport report = engine.TestReport;
        output.WriteLine(result.ToString());

        Assert.True(report.NumOfFoundBugs == 0, string.Join("\n", report.BugReports));
        Assert.True(
            report.MaxControlledOperations >= test.Cpus.Length + 1,
            $"{test.Name}: only {report.MaxControlledOperations} controlled operations for {test.Cpus.Length} CPUs and the body");
        Assert.Equal(iterations, completed);
        return result;
    }

    /// <summary>
    /// Stores still buffered when every CPU has finished reach memory in a controlled, interleaved
    /// order, as store buffers drain on their own. <see cref="ModelMachine.DrainAll"/> alone would drain
    /// CPU 0's buffer, then CPU 1's, ..., and so hide final states where a later CPU's store lands
    /// first (n6's x == 1). Each <see cref="ModelMachine.DrainSome"/> lets every buffer's oldest stores
    /// go with the iteration's drain probability; repeat until all are empty.
    /// </summary>
    private static void DrainLeftovers(ModelMachine machine)
    {
        while (machine.Buffers.Any(buffer => buffer.Count > 0))
        {
            machine.DrainSome();
        }

        machine.DrainAll();
    }
}
