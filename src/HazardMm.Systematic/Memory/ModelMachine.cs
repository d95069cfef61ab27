using HazardMm.Memory;
using Microsoft.Coyote.Random;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// The per-iteration state of a Coyote memory model: one store buffer per simulated CPU (used by the
/// TSO model only), the weak model's state (<see cref="Weak"/>, made at its first operation), the controlled
/// generator that decides when buffered stores drain and which store a weak load reads, and an optional
/// log of every operation for readable replays. Create it inside the test iteration: only then are
/// the generator's choices controlled, recorded in the trace and replayed (design.md#memory-models).
/// Attach the arena the CPUs work on before they start (<see cref="Attach"/>): the weak model keys its
/// per-word state by offset into it.
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

    private Arena? _arena;
    private WeakState? _weak;

    public int Cpus { get; }

    public OperationLog? Log { get; }

    /// <summary>Each CPU's FIFO of stores not yet visible to other CPUs (TSO only).</summary>
    internal List<BufferedStore>[] Buffers { get; }

    /// <summary>Controlled choices: which buffered stores drain when.</summary>
    internal Generator Choices { get; }

    internal int DrainOneIn { get; }

    /// <summary>Planted flaws of the weak model, for its own litmus tests only (design.md#weak-model).</summary>
    internal WeakModelFlaws Flaws { get; init; }

    /// <summary>The weak model's state, rented from the pool at the first weak operation of the iteration.</summary>
    internal WeakState Weak
    {
        get
        {
            if (_weak is null)
            {
                _weak = WeakStatePool.Rent(Cpus);
                _weak.Begin(this, _arena ?? throw new InvalidOperationException("ModelMachine.Attach(arena) must come before the CPUs start under the weak model"));
            }

            return _weak;
        }
    }

    /// <summary>Names the arena every shared word of this iteration lives in.</summary>
    public void Attach(Arena arena) => _arena = arena;

    /// <summary>
    /// The iteration ran to its end (every CPU body returned): the weak model's state goes back to its pool. Not
    /// called after a failure, whose CPUs may still hold the state.
    /// </summary>
    public void EndIteration()
    {
        if (_weak is not null)
        {
            WeakStatePool.Return(_weak);
            _weak = null;
        }
    }

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
