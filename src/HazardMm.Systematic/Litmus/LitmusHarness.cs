using HazardMm.Systematic.Memory;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// The one litmus iteration loop (design.md#litmus), for the project's C# litmus tests and for compiled litmus files
/// alike: Coyote runs its iterations under a fixed seed; each execution builds a fresh <see cref="ModelMachine"/>
/// inside the iteration (so its drain and read-from choices are controlled and replay), hands it to the body, which
/// runs the CPUs and then calls <see cref="Settle"/> before it reads the final state, and gives the weak model's state
/// back at the end. A body that plays every CPU on the iteration's own thread can run several executions per Coyote
/// iteration: Coyote's own cost per iteration (a runtime, a thread and two hand-offs) is then paid once per batch.
/// </summary>
public static class LitmusHarness
{
    /// <summary>Coyote's default unfair step bound: far above any litmus test's few operations.</summary>
    public const int MaxSteps = 10_000;

    /// <summary>
    /// Runs <paramref name="execution"/> <paramref name="executionsPerIteration"/> times per Coyote iteration, each on a
    /// new machine of <paramref name="cpus"/> CPUs. <see cref="CoyoteSettings.ControlledAtLeast"/>: the controlled
    /// operations a correct body makes (CPUs on <see cref="CoyoteCpuHost"/> plus the body, or 1 for a body that plays
    /// every CPU itself).
    /// </summary>
    internal static CoyoteRun Run(
        CoyoteSettings settings,
        int cpus,
        WeakModelFlaws flaws,
        bool logOperations,
        Action<ModelMachine> execution,
        int executionsPerIteration = 1,
        CancellationToken stop = default,
        Action<int>? iterationDone = null)
    {
        void Iteration()
        {
            for (int i = 0; i < executionsPerIteration; i++)
            {
                var machine = new ModelMachine(cpus, logOperations ? new OperationLog() : null) { Flaws = flaws };
                execution(machine);
                machine.EndIteration();
            }
        }

        return CoyoteEngine.Run(settings, Iteration, stop, iterationDone);
    }

    /// <summary>
    /// Stores still buffered when every CPU has finished reach memory in a controlled, interleaved
    /// order, as store buffers drain on their own. <see cref="ModelMachine.DrainAll"/> alone would drain
    /// CPU 0's buffer, then CPU 1's, ..., and so hide final states where a later CPU's store lands
    /// first (n6's x == 1). Each <see cref="ModelMachine.DrainSome"/> lets every buffer's oldest stores
    /// go with the iteration's drain probability; repeat until all are empty.
    /// </summary>
    public static void Settle(ModelMachine machine)
    {
        while (AnyBuffered(machine))
        {
            machine.DrainSome();
        }

        machine.DrainAll();
    }

    private static bool AnyBuffered(ModelMachine machine)
    {
        foreach (List<BufferedStore> buffer in machine.Buffers)
        {
            if (buffer.Count > 0)
            {
                return true;
            }
        }

        return false;
    }
}
