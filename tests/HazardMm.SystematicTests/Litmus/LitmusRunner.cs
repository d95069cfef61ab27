using System.Collections.Concurrent;
using HazardMm.Systematic;
using HazardMm.Systematic.Litmus;
using HazardMm.Systematic.Memory;
using Microsoft.Coyote.Specifications;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// Runs a <see cref="LitmusTest"/> on <see cref="LitmusHarness"/>, the litmus iteration loop the compiled litmus files
/// share (<see cref="CoyoteEngine"/>, no rewriting): each iteration gets a fresh <see cref="ModelMachine"/>, builds its
/// arena, starts the CPUs on the production <see cref="CoyoteCpuHost"/> (one controlled task per CPU, bound to its
/// simulated CPU), waits for all, lets the store buffers drain and records the outcome.
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

    /// <param name="flaws">Planted flaws of the weak model (its own rule tests only).</param>
    public static LitmusResult Run(LitmusTest test, int iterations, ITestOutputHelper output, uint seed = Seed, WeakModelFlaws flaws = WeakModelFlaws.None)
    {
        var outcomes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        int completed = 0;

        void Iteration(ModelMachine machine)
        {
            using var state = new LitmusState(machine);
            new CoyoteCpuHost(machine).Start(test.Cpus.Length, id => test.Cpus[id](state)).Join(Timeout.InfiniteTimeSpan);
            LitmusHarness.Settle(machine);

            string outcome = test.Observe(state);
            outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            if (test.Forbidden?.Invoke(state) == true)
            {
                Specification.Assert(
                    false,
                    "{0}",
                    $"{test.Name}: forbidden outcome [{outcome}]\n{machine.Log!.Format(state.NameOf, lastSteps: 60)}");
            }

            Interlocked.Increment(ref completed);
        }

        var settings = new CoyoteSettings(test.Name, iterations, seed, LitmusHarness.MaxSteps, test.Cpus.Length + 1);
        CoyoteRun run = LitmusHarness.Run(settings, test.Cpus.Length, flaws, logOperations: true, Iteration);
        var result = new LitmusResult(test.Name, iterations, outcomes, run.Elapsed);
        output.WriteLine(result.ToString());

        Assert.True(run.Bug is null, run.Bug);
        Assert.Equal(iterations, completed);
        return result;
    }
}
