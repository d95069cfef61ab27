using HazardMm.Memory;
using HazardMm.Systematic.Memory;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Runs a compiled litmus test under one memory model for a number of iterations (design.md#litmus): Coyote, seeded;
/// each iteration one execution (<see cref="LitmusExecution"/>) on the <see cref="LitmusHarness"/>, several per Coyote
/// iteration (<see cref="Batch"/>); the outcome counts the executions the filter kept and those that satisfied the
/// condition's proposition. <c>iterationDone</c> hears each finished execution.
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

    /// <summary>
    /// Executions per Coyote iteration: as many as keep an iteration near a quarter of the step bound. An execution
    /// takes about one scheduling point and one controlled choice per operation, and under TSO up to one drain choice
    /// per CPU at each.
    /// </summary>
    internal static int Batch(LitmusProgram program) =>
        Math.Clamp(LitmusHarness.MaxSteps / 4 / Math.Max(1, program.Ops.Length * (2 + program.Cpus)), 1, 64);

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

            void Execution(ModelMachine machine)
            {
                if (done == iterations || stop.IsCancellationRequested)
                {
                    return; // the last batch's spare executions
                }

                execution.Run<TMem>(machine);
                if (execution.Counted)
                {
                    counted++;
                    satisfied += execution.Satisfied ? 1 : 0;
                }

                done++;
                iterationDone?.Invoke(done);
            }

            // One controlled operation: the iteration itself plays every CPU (LitmusExecution), in batches.
            int batch = Batch(program);
            var settings = new CoyoteSettings(label, (iterations + batch - 1) / batch, seed, LitmusHarness.MaxSteps, ControlledAtLeast: 1);
            CoyoteRun run = LitmusHarness.Run(settings, Math.Max(1, program.Cpus), flaws, logOperations: false, Execution, batch, stop);
            Outcome = new LitmusOutcome(done, counted, satisfied, run.Elapsed, stop.IsCancellationRequested && done < iterations, run.Bug);
        }
    }
}
