namespace HazardMm.Systematic.Litmus;

/// <summary>
/// A litmus file compiled for the memory seam (design.md#litmus): one compact op array, each process a slice of it;
/// each location on its own arena line; one register file for every process (a register set to a constant before any
/// other write of its process starts with that value; a later one is an assignment op). The seam's loads and stores take the
/// file's orders exactly; its RMWs are fully ordered, so every <c>_relaxed</c>, <c>_acquire</c> and <c>_release</c>
/// RMW and the void <c>atomic_add</c>/<c>sub</c>/<c>inc</c>/<c>dec</c> (relaxed in LKMM) run fully ordered, and
/// <see cref="Strengthened"/> says so ("xchg_relaxed ran as xchg").
/// </summary>
public sealed class LitmusProgram
{
    private LitmusProgram(
        LitmusFile file, LitmusOp[] ops, int[] starts, long[] initialRegisters, long[] initialMemory,
        LitmusPredicate condition, LitmusPredicate? filter, IReadOnlyList<string> strengthened)
    {
        File = file;
        Ops = ops;
        Starts = starts;
        InitialRegisters = initialRegisters;
        InitialMemory = initialMemory;
        Condition = condition;
        Filter = filter;
        Strengthened = strengthened;
    }

    public LitmusFile File { get; }

    /// <summary>The simulated CPUs: one per process.</summary>
    public int Cpus => Starts.Length - 1;

    /// <summary>The shared locations, each on its own arena line.</summary>
    public int Locations => InitialMemory.Length;

    /// <summary>One note per RMW spelling the seam ran with a stronger order than the file asks for.</summary>
    public IReadOnlyList<string> Strengthened { get; }

    /// <summary>Every process's operations, process after process.</summary>
    internal LitmusOp[] Ops { get; }

    /// <summary>Process <c>p</c>'s operations are <c>Ops[Starts[p]..Starts[p + 1]]</c>.</summary>
    internal int[] Starts { get; }

    /// <summary>Each register's value before the processes run (a declaration's constant, else 0).</summary>
    internal long[] InitialRegisters { get; }

    /// <summary>Each location's value before the processes run (the initial-state block, else 0).</summary>
    internal long[] InitialMemory { get; }

    /// <summary>The condition's proposition over the final state.</summary>
    internal LitmusPredicate Condition { get; }

    /// <summary>The <c>filter</c>: executions it rejects are not counted.</summary>
    internal LitmusPredicate? Filter { get; }

    /// <exception cref="LitmusFormatException">A load or store with an order the seam has no operation for (unsupported).</exception>
    public static LitmusProgram Compile(LitmusFile file)
    {
        var locations = new List<string>(file.Locations);
        int Location(string name)
        {
            int index = locations.IndexOf(name);
            if (index < 0)
            {
                locations.Add(name);
                index = locations.Count - 1;
            }

            return index;
        }

        var registers = new Dictionary<(int Process, string Name), int>();
        var initialRegisters = new List<long>();
        int Register(int process, string name)
        {
            if (!registers.TryGetValue((process, name), out int index))
            {
                index = registers.Count;
                registers.Add((process, name), index);
                initialRegisters.Add(0);
            }

            return index;
        }

        var ops = new List<LitmusOp>();
        var starts = new List<int>();
        var strengthened = new List<string>();
        foreach (LitmusProcess process in file.Processes)
        {
            starts.Add(ops.Count);
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (LitmusStatement statement in process.Body)
            {
                switch (statement)
                {
                    // Before any other write of the register: its value before the run; after one, an assignment where it stands.
                    case LitmusLocal local when written.Add(local.Register):
                        initialRegisters[Register(process.Id, local.Register)] = local.Value;
                        break;
                    case LitmusLocal local:
                        ops.Add(new(LitmusOpKind.Set, -1, Register(process.Id, local.Register), local.Value, 0, false));
                        break;
                    case LitmusLoad load:
                        written.Add(load.Register);
                        ops.Add(new(LoadKind(file, load), Location(load.Location), Register(process.Id, load.Register), 0, 0, false));
                        break;
                    case LitmusStore store:
                        ops.Add(new(StoreKind(file, store), Location(store.Location), -1, store.Value, 0, false));
                        break;
                    case LitmusFence:
                        ops.Add(new(LitmusOpKind.Fence, -1, -1, 0, 0, false));
                        break;
                    case LitmusRmw rmw:
                        if (rmw.Register is { } assigned)
                        {
                            written.Add(assigned);
                        }

                        int register = rmw.Register is { } name ? Register(process.Id, name) : -1;
                        ops.Add(new(RmwKind(rmw.Kind), Location(rmw.Location), register, rmw.Operand, rmw.Comparand, rmw.ReturnsNew));
                        if (rmw.Order != LitmusOrder.Full && StrengthenedNote(rmw) is var note && !strengthened.Contains(note))
                        {
                            strengthened.Add(note);
                        }

                        break;
                    default:
                        throw new LitmusFormatException(file.Path, statement.Line, $"statement {statement.GetType().Name}", unsupported: true);
                }
            }
        }

        starts.Add(ops.Count);
        LitmusPredicate condition = LitmusPredicates.Compile(file.Condition.Proposition, Register, Location);
        LitmusPredicate? filter = file.Filter is { } f ? LitmusPredicates.Compile(f, Register, Location) : null;
        long[] initialMemory = [.. locations.Select(l => file.Initial.GetValueOrDefault(l))];
        return new LitmusProgram(file, [.. ops], [.. starts], [.. initialRegisters], initialMemory, condition, filter, strengthened);
    }

    /// <summary>"xchg_relaxed ran as xchg"; "atomic_inc ran as atomic_inc_return" (void forms are relaxed in LKMM).</summary>
    private static string StrengthenedNote(LitmusRmw rmw)
    {
        foreach (string suffix in (string[])["_relaxed", "_acquire", "_release"])
        {
            if (rmw.Spelling.EndsWith(suffix, StringComparison.Ordinal))
            {
                return $"{rmw.Spelling} ran as {rmw.Spelling[..^suffix.Length]}";
            }
        }

        return $"{rmw.Spelling} ran as {rmw.Spelling}_return";
    }

    private static LitmusOpKind LoadKind(LitmusFile file, LitmusLoad load) => load.Order switch
    {
        LitmusOrder.Relaxed => LitmusOpKind.Load,
        LitmusOrder.Acquire => LitmusOpKind.LoadAcquire,
        _ => throw new LitmusFormatException(file.Path, load.Line, $"a {load.Order} load", unsupported: true),
    };

    private static LitmusOpKind StoreKind(LitmusFile file, LitmusStore store) => store.Order switch
    {
        LitmusOrder.Relaxed => LitmusOpKind.Store,
        LitmusOrder.Release => LitmusOpKind.StoreRelease,
        _ => throw new LitmusFormatException(file.Path, store.Line, $"a {store.Order} store", unsupported: true),
    };

    private static LitmusOpKind RmwKind(LitmusRmwKind kind) => kind switch
    {
        LitmusRmwKind.Exchange => LitmusOpKind.Exchange,
        LitmusRmwKind.CompareExchange => LitmusOpKind.CompareExchange,
        _ => LitmusOpKind.Add,
    };
}
