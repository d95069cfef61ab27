using System.Collections.Concurrent;
using HazardMm.Systematic;
using HazardMm.Systematic.Memory;
using Microsoft.Coyote.Specifications;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// Runs a <see cref="LitmusTest"/> on the production Coyote harness (<see cref="CoyoteEngine"/>, no
/// rewriting): each iteration builds a fresh <see cref="ModelMachine"/> and arena, starts the CPUs on the
/// production <see cref="CoyoteCpuHost"/> (one controlled task per CPU, bound to its simulated CPU),
/// waits for all, lets the store buffers drain and records the outcome.
/// </summary>
/// <remarks>
/// Every run asserts, besides the test's own checks: no bug (a forbidden outcome fails with the
/// iteration's operation log; so does an exception in a CPU body); every CPU ran as a controlled
/// operation (<see cref="CoyoteEngine"/> refuses a run with fewer than CPUs + 1 controlled operations:
/// a plain <c>Task.Run</c> is silently uncontrolled); and every iteration ran to its end (none was cut off at
/// the scheduling-step bound, which would also hide a spin that never ends).
/// </remarks>
internal static class LitmusRunner
{
    /// <summary>Fixed, so every run explores the same schedules and drain choices.</summary>
    public const uint Seed = 20240315;

    /// <summary>Coyote's default unfair step bound: far above any litmus test's few operations.</summary>
    private const int MaxSteps = 10_000;

    /// <param name="flaws">Planted flaws of the weak model (its own rule tests only).</param>
    public static LitmusResult Run(LitmusTest test, int iterations, ITestOutputHelper output, uint seed = Seed, WeakModelFlaws flaws = WeakModelFlaws.None)
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int completed = 0;

        void Iteration()
        {
            var log = new OperationLog();
            var machine = new ModelMachine(test.Cpus.Length, log) { Flaws = flaws };
            using var state = new LitmusState(machine);
            new CoyoteCpuHost(machine).Start(test.Cpus.Length, id => test.Cpus[id](state)).Join(Timeout.InfiniteTimeSpan);
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

            machine.EndIteration();
            Interlocked.Increment(ref completed);
        }

        CoyoteRun run = CoyoteEngine.Run(new CoyoteSettings(test.Name, iterations, seed, MaxSteps, test.Cpus.Length + 1), Iteration);
        var result = new LitmusResult(test.Name, iterations, outcomes, run.Elapsed);
        output.WriteLine(result.ToString());

        Assert.True(run.Bug is null, run.Bug);
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
