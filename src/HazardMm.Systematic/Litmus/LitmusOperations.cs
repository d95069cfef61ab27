namespace HazardMm.Systematic.Litmus;

/// <summary>What a litmus operation takes, in order: <c>*x</c>, <c>x</c>, or an integer constant.</summary>
internal enum LitmusArgument
{
    StarLocation,
    Location,
    Value,
}

/// <summary>Whether an operation's value may, must or cannot be assigned to a register.</summary>
internal enum LitmusResultUse
{
    None,
    Required,
    Optional,
}

/// <summary>
/// One operation of the subset: its arguments and how it becomes a statement, given the line, the
/// register its value goes to (or null), the location and the constants in the order written.
/// </summary>
internal sealed record LitmusOperation(
    string Name,
    LitmusArgument[] Arguments,
    LitmusResultUse Result,
    Func<int, string?, string, long[], LitmusStatement> Build);

/// <summary>
/// Every operation the reader takes, by name (design.md#litmus): the marked accesses, <c>smp_mb</c>, and
/// <c>xchg</c>/<c>cmpxchg</c> and the <c>atomic_t</c> operations in each ordering. Value-returning RMWs
/// without a suffix are fully ordered; the void <c>atomic_add</c>/<c>sub</c>/<c>inc</c>/<c>dec</c> are relaxed
/// (LKMM). The <c>*_return</c> forms give the new value, every other RMW the old one.
/// </summary>
internal static class LitmusOperations
{
    private static readonly LitmusArgument[] StarLocation = [LitmusArgument.StarLocation];
    private static readonly LitmusArgument[] StarLocationValue = [LitmusArgument.StarLocation, LitmusArgument.Value];
    private static readonly LitmusArgument[] Location = [LitmusArgument.Location];
    private static readonly LitmusArgument[] LocationValue = [LitmusArgument.Location, LitmusArgument.Value];
    private static readonly LitmusArgument[] LocationValueValue = [LitmusArgument.Location, LitmusArgument.Value, LitmusArgument.Value];
    private static readonly LitmusArgument[] ValueLocation = [LitmusArgument.Value, LitmusArgument.Location];

    private static readonly (string Suffix, LitmusOrder Order)[] Orderings =
    [
        ("", LitmusOrder.Full),
        ("_relaxed", LitmusOrder.Relaxed),
        ("_acquire", LitmusOrder.Acquire),
        ("_release", LitmusOrder.Release),
    ];

    private static readonly Dictionary<string, LitmusOperation> ByName = Build();

    public static LitmusOperation? Find(string name) => ByName.GetValueOrDefault(name);

    private static Dictionary<string, LitmusOperation> Build()
    {
        var all = new List<LitmusOperation>
        {
            Load("READ_ONCE", StarLocation, LitmusOrder.Relaxed),
            Load("smp_load_acquire", Location, LitmusOrder.Acquire),
            Load("atomic_read", Location, LitmusOrder.Relaxed),
            Load("atomic_read_acquire", Location, LitmusOrder.Acquire),
            Store("WRITE_ONCE", StarLocationValue, LitmusOrder.Relaxed),
            Store("smp_store_release", LocationValue, LitmusOrder.Release),
            Store("atomic_set", LocationValue, LitmusOrder.Relaxed),
            Store("atomic_set_release", LocationValue, LitmusOrder.Release),
            new("smp_mb", [], LitmusResultUse.None, (line, _, _, _) => new LitmusFence(line)),
            VoidAdd("atomic_add", ValueLocation, +1),
            VoidAdd("atomic_sub", ValueLocation, -1),
            VoidAdd("atomic_inc", Location, +1),
            VoidAdd("atomic_dec", Location, -1),
        };

        foreach ((string suffix, LitmusOrder order) in Orderings)
        {
            foreach (string prefix in (string[])["", "atomic_"])
            {
                all.Add(Rmw(prefix + "xchg" + suffix, LocationValue, order, LitmusRmwKind.Exchange, values => (values[0], 0), returnsNew: false));
                all.Add(Rmw(prefix + "cmpxchg" + suffix, LocationValueValue, order, LitmusRmwKind.CompareExchange, values => (values[1], values[0]), returnsNew: false));
            }

            foreach (bool returnsNew in (bool[])[true, false])
            {
                string Name(string operation) => returnsNew ? $"atomic_{operation}_return{suffix}" : $"atomic_fetch_{operation}{suffix}";
                all.Add(Rmw(Name("add"), ValueLocation, order, LitmusRmwKind.Add, values => (values[0], 0), returnsNew));
                all.Add(Rmw(Name("sub"), ValueLocation, order, LitmusRmwKind.Add, values => (unchecked(-values[0]), 0), returnsNew));
                all.Add(Rmw(Name("inc"), Location, order, LitmusRmwKind.Add, _ => (1, 0), returnsNew));
                all.Add(Rmw(Name("dec"), Location, order, LitmusRmwKind.Add, _ => (-1, 0), returnsNew));
            }
        }

        return all.ToDictionary(operation => operation.Name, StringComparer.Ordinal);
    }

    private static LitmusOperation Load(string name, LitmusArgument[] arguments, LitmusOrder order) =>
        new(name, arguments, LitmusResultUse.Required, (line, register, location, _) => new LitmusLoad(line, register!, location, order));

    private static LitmusOperation Store(string name, LitmusArgument[] arguments, LitmusOrder order) =>
        new(name, arguments, LitmusResultUse.None, (line, _, location, values) => new LitmusStore(line, location, values[0], order));

    /// <summary><c>atomic_add(i, v)</c> and kin: no value, no ordering (relaxed in LKMM).</summary>
    private static LitmusOperation VoidAdd(string name, LitmusArgument[] arguments, int sign) =>
        new(name, arguments, LitmusResultUse.None, (line, _, location, values) =>
        {
            long delta = values.Length == 0 ? sign : unchecked(sign * values[0]);
            return new LitmusRmw(line, null, LitmusRmwKind.Add, location, delta, 0, ReturnsNew: false, LitmusOrder.Relaxed, name);
        });

    private static LitmusOperation Rmw(
        string name,
        LitmusArgument[] arguments,
        LitmusOrder order,
        LitmusRmwKind kind,
        Func<long[], (long Operand, long Comparand)> operands,
        bool returnsNew) =>
        new(name, arguments, LitmusResultUse.Optional, (line, register, location, values) =>
        {
            (long operand, long comparand) = operands(values);
            return new LitmusRmw(line, register, kind, location, operand, comparand, returnsNew, order, name);
        });
}
