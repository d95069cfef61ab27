using HazardMm.Memory;
using HazardMm.Systematic.Memory;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Runs a compiled litmus test under one memory model for a number of iterations (design.md#litmus): Coyote, seeded;
/// each iteration one execution (<see cref="LitmusExecution"/>) on the <see cref="LitmusHarness"/>; the outcome counts
/// the executions the filter kept and those that satisfied the condition's proposition.
/// </summary>
public static class LitmusRun
{
    public static LitmusOutcome Run(
        LitmusProgram program, MemoryModelDescriptor model, int iterations, uint seed, CancellationToken stop = default, Action<int>? iterationDone = null) =>
        Run(program, model, iterations, seed, WeakModelFlaws.None, stop, iterationDone);

    /// <param name="flaws">Planted flaws of the weak model (its own tests only).</param>
    internal static LitmusOutcome Run(
        LitmusProgram program, MemoryModelDescriptor model, int iterations, uint seed, WeakModelFlaws flaws, CancellationToken stop = default, Action<int>? iterationDone = null)
    {
        var body = new Body(program, iterations, seed, flaws, stop, iterationDone, $"{program.File.Name} on {model.Name}");
        model.Run(body);
        return body.Outcome!;
    }

    private sealed class Body(
        LitmusProgram program, int iterations, uint seed, WeakModelFlaws flaws, CancellationToken stop, Action<int>? iterationDone, string label) : IModelBody
    {
        public LitmusOutcome? Outcome { get; private set; }

        public void Run<TMem>()
            where TMem : struct, IMemoryModel
        {
            using var execution = new LitmusExecution(program);
            int done = 0;
            int counted = 0;
            int satisfied = 0;

            void Iteration(ModelMachine machine)
            {
                execution.Run<TMem>(machine);
                if (execution.Counted)
                {
                    counted++;
                    satisfied += execution.Satisfied ? 1 : 0;
                }

                done++;
            }

            // One controlled operation: the iteration itself plays every CPU (LitmusExecution).
            var settings = new CoyoteSettings(label, iterations, seed, LitmusHarness.MaxSteps, ControlledAtLeast: 1);
            CoyoteRun run = LitmusHarness.Run(settings, Math.Max(1, program.Cpus), flaws, logOperations: false, Iteration, stop, iterationDone);
            Outcome = new LitmusOutcome(done, counted, satisfied, run.Elapsed, run.Cancelled, run.Bug);
        }
    }
}
