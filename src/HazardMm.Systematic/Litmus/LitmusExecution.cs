using HazardMm.Memory;
using HazardMm.Systematic.Memory;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Plays every process of a <see cref="LitmusProgram"/> on the iteration's own controlled thread (design.md#litmus):
/// before each operation a controlled choice (<see cref="ModelMachine.Choices"/>, so it replays) picks which
/// unfinished process steps next, the thread binds to that process's <see cref="SimulatedCpu"/>, and the op runs on
/// the model's seam. Every seam operation is atomic at its scheduling point, so the executions are the same
/// interleavings of whole operations a controlled task per CPU gives, without a thread hand-off per step. The arena,
/// the register file and the final-memory snapshot are made once per run and reset each iteration: an operation
/// allocates nothing.
/// </summary>
internal sealed class LitmusExecution : IDisposable
{
    private readonly LitmusProgram _program;
    private readonly Arena _arena;
    private readonly int[] _pcs;
    private readonly int[] _live;

    public LitmusExecution(LitmusProgram program)
    {
        _program = program;
        _arena = new Arena(Math.Max(1, program.Locations));
        _pcs = new int[program.Cpus];
        _live = new int[program.Cpus];
        Registers = new long[program.InitialRegisters.Length];
        Memory = new long[program.Locations];
    }

    /// <summary>Every register after the last iteration.</summary>
    public long[] Registers { get; }

    /// <summary>Every location's final value after the last iteration.</summary>
    public long[] Memory { get; }

    /// <summary>The last iteration passed the filter (or there is none).</summary>
    public bool Counted => _program.Filter?.Invoke(Registers, Memory) ?? true;

    /// <summary>The last iteration satisfied the condition's proposition.</summary>
    public bool Satisfied => _program.Condition(Registers, Memory);

    /// <summary>One execution on <paramref name="machine"/>, made in this iteration; leaves the final state in <see cref="Registers"/> and <see cref="Memory"/>.</summary>
    public void Run<TMem>(ModelMachine machine)
        where TMem : struct, IMemoryModel
    {
        LitmusOp[] ops = _program.Ops;
        int[] starts = _program.Starts;
        Array.Copy(_program.InitialRegisters, Registers, Registers.Length);
        for (int location = 0; location < Memory.Length; location++)
        {
            // Before any CPU runs, on the unbound thread: plain memory, which the weak model takes as the setup store.
            Volatile.Write(ref _arena.Word(location, 0), _program.InitialMemory[location]);
        }

        machine.Attach(_arena);
        var cpus = new SimulatedCpu[_program.Cpus];
        int live = 0;
        for (int p = 0; p < cpus.Length; p++)
        {
            cpus[p] = new SimulatedCpu(machine, p);
            _pcs[p] = starts[p];
            if (starts[p] < starts[p + 1])
            {
                _live[live++] = p;
            }
        }

        while (live > 0)
        {
            int slot = live == 1 ? 0 : machine.Choices.NextInteger(live);
            int p = _live[slot];
            using (SimulatedCpu.Bind(cpus[p]))
            {
                Execute<TMem>(ops[_pcs[p]++]);
            }

            if (_pcs[p] == starts[p + 1])
            {
                _live[slot] = _live[--live];
            }
        }

        LitmusHarness.Settle(machine);
        for (int location = 0; location < Memory.Length; location++)
        {
            Memory[location] = Volatile.Read(ref _arena.Word(location, 0));
        }
    }

    public void Dispose() => _arena.Dispose();

    private void Execute<TMem>(in LitmusOp op)
        where TMem : struct, IMemoryModel
    {
        switch (op.Kind)
        {
            case LitmusOpKind.Load:
                Registers[op.Register] = TMem.LoadRelaxed(ref _arena.Word(op.Location, 0));
                break;
            case LitmusOpKind.LoadAcquire:
                Registers[op.Register] = TMem.LoadAcquire(ref _arena.Word(op.Location, 0));
                break;
            case LitmusOpKind.Store:
                TMem.StoreRelaxed(ref _arena.Word(op.Location, 0), op.Operand);
                break;
            case LitmusOpKind.StoreRelease:
                TMem.StoreRelease(ref _arena.Word(op.Location, 0), op.Operand);
                break;
            case LitmusOpKind.Fence:
                TMem.FullFence();
                break;
            case LitmusOpKind.Exchange:
                Keep(op, TMem.Exchange(ref _arena.Word(op.Location, 0), op.Operand));
                break;
            case LitmusOpKind.CompareExchange:
                Keep(op, TMem.CompareExchange(ref _arena.Word(op.Location, 0), op.Operand, op.Comparand));
                break;
            case LitmusOpKind.Set:
                Registers[op.Register] = op.Operand;
                break;
            default:
                long result = TMem.Add(ref _arena.Word(op.Location, 0), op.Operand);
                Keep(op, op.ReturnsNew ? result : result - op.Operand);
                break;
        }
    }

    private void Keep(in LitmusOp op, long value)
    {
        if (op.Register >= 0)
        {
            Registers[op.Register] = value;
        }
    }
}
