using Microsoft.Coyote.Random;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// The per-iteration state of a Coyote memory model: one store buffer per simulated CPU (used by the
/// TSO model only), the controlled generator that decides when buffered stores drain, and an optional
/// log of every operation for readable replays. Create it inside the test iteration: only then are
/// the generator's choices controlled, recorded in the trace and replayed (design.md#memory-models).
/// </summary>
public sealed class ModelMachine
{
    public ModelMachine(int cpus, OperationLog? log = null)
    {
        Cpus = cpus;
        Log = log;
        Buffers = new List<BufferedStore>[cpus];
        for (int i = 0; i < cpus; i++)
        {
            Buffers[i] = [];
        }

        Choices = Generator.Create();

        // Mixed drain policy (design.md#memory-models): per iteration, buffered stores drain at each
        // step with probability 1/2 (messages arrive) or 1/8 (stores linger: missing fences show).
        DrainOneIn = Choices.NextBoolean() ? 2 : 8;
    }

    public int Cpus { get; }

    public OperationLog? Log { get; }

    /// <summary>Each CPU's FIFO of stores not yet visible to other CPUs (TSO only).</summary>
    internal List<BufferedStore>[] Buffers { get; }

    /// <summary>Controlled choices: which buffered stores drain when.</summary>
    internal Generator Choices { get; }

    internal int DrainOneIn { get; }

    /// <summary>Makes every buffered store visible (the end of an iteration, before final checks).</summary>
    public void DrainAll()
    {
        for (int cpu = 0; cpu < Cpus; cpu++)
        {
            DrainCpu(cpu);
        }
    }

    /// <summary>Drains one CPU's buffer completely, oldest store first (a fence or a locked RMW).</summary>
    internal void DrainCpu(int cpu)
    {
        List<BufferedStore> buffer = Buffers[cpu];
        foreach (BufferedStore store in buffer)
        {
            store.Commit();
            Log?.Record(cpu, "drain", store.Address, store.Value);
        }

        buffer.Clear();
    }

    /// <summary>Lets each CPU's oldest stores reach memory, each with probability 1/<see cref="DrainOneIn"/>.</summary>
    internal void DrainSome()
    {
        for (int cpu = 0; cpu < Cpus; cpu++)
        {
            List<BufferedStore> buffer = Buffers[cpu];
            int drained = 0;
            while (drained < buffer.Count && Choices.NextInteger(DrainOneIn) == 0)
            {
                buffer[drained].Commit();
                Log?.Record(cpu, "drain", buffer[drained].Address, buffer[drained].Value);
                drained++;
            }

            buffer.RemoveRange(0, drained);
        }
    }
}

/// <summary>A store waiting in a CPU's buffer: the word's address and the value it will get.</summary>
internal readonly unsafe record struct BufferedStore(nint Address, long Value)
{
    public void Commit() => Volatile.Write(ref *(long*)Address, Value);
}
