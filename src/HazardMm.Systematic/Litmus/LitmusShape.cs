namespace HazardMm.Systematic.Litmus;

/// <summary>Why a model can never show a litmus test's outcome, as far as the file's text tells (design.md#litmus-verdicts).</summary>
public enum LitmusCycle
{
    /// <summary>No cycle found: the outcome needs no load to read a later store and no store to land before an earlier one.</summary>
    None,

    /// <summary>Program order and reads-from alone close a cycle: load buffering (a load reads a store its own CPU or a chain makes later).</summary>
    LoadBuffering,

    /// <summary>Program order, reads-from and coherence close a cycle: S or 2+2W (a store coherence-before one that executed earlier).</summary>
    Coherence,
}

/// <summary>
/// What the verdicts need from a litmus file's shape (design.md#litmus-verdicts): whether its outcome needs a cycle
/// of program order (po), reads-from (rf) and coherence (co), which no model that runs each CPU in order, lets a load
/// read only a store already made (no promises) and appends each store to its location's coherence order can show;
/// and whether any CPU has a store followed by a load with no full barrier between (the one reordering TSO adds).
/// </summary>
/// <remarks>
/// The edges are the ones the condition forces: a top-level conjunct <c>P:r=v</c> where <c>r</c> is set by one load
/// of P, and exactly one store of the program writes <c>v</c> to that location (and <c>v</c> is not its initial
/// value), is an rf edge from that store; a conjunct <c>x=v</c> with exactly one such store makes it coherence-last
/// (co edges from every other store to <c>x</c>). Locations an add or a compare-exchange writes are left out (their
/// values are not constants of the text), and so are terms under <c>\/</c> or <c>~</c>: an edge left out can only
/// hide a cycle, never invent one, so a named reason is always a true one.
/// </remarks>
public static class LitmusShape
{
    public static bool HasUnfencedStoreLoad(LitmusFile file)
    {
        foreach (LitmusProcess process in file.Processes)
        {
            bool stored = false;
            foreach (LitmusStatement statement in process.Body)
            {
                switch (statement)
                {
                    case LitmusStore:
                        stored = true;
                        break;
                    case LitmusLoad when stored:
                        return true;
                    case LitmusFence or LitmusRmw:
                        // smp_mb, and every RMW as the seam runs it (fully ordered), keeps earlier stores before later loads.
                        stored = false;
                        break;
                }
            }
        }

        return false;
    }

    public static LitmusCycle RequiredCycle(LitmusFile file)
    {
        var events = new List<(int Process, LitmusStatement Statement)>();
        var edges = new List<(int From, int To, bool Coherence)>();
        var reassigned = new HashSet<(int Process, string Register)>();
        foreach (LitmusProcess process in file.Processes)
        {
            int previous = -1;
            var declared = new HashSet<string>(StringComparer.Ordinal);
            foreach (LitmusStatement statement in process.Body)
            {
                // A constant assigned to a register after its first write: its final value need not be the load's.
                if (statement is LitmusLocal local && !declared.Add(local.Register))
                {
                    reassigned.Add((process.Id, local.Register));
                }
                else if (statement is LitmusLoad { Register: var loaded })
                {
                    declared.Add(loaded);
                }

                if (statement is LitmusLoad or LitmusStore or LitmusRmw)
                {
                    events.Add((process.Id, statement));
                    if (previous >= 0)
                    {
                        edges.Add((previous, events.Count - 1, false));
                    }

                    previous = events.Count - 1;
                }
            }
        }

        var terms = new List<LitmusProposition>();
        Conjuncts(file.Condition.Proposition, terms);
        foreach (LitmusProposition term in terms)
        {
            switch (term)
            {
                case LitmusRegisterEquals r when !reassigned.Contains((r.Process, r.Register)) && LoadOf(events, r) is int load && WriterOf(file, events, Location(events[load].Statement), r.Value) is int store:
                    edges.Add((store, load, false));
                    break;
                case LitmusLocationEquals l when WriterOf(file, events, l.Location, l.Value) is int last:
                    for (int e = 0; e < events.Count; e++)
                    {
                        if (e != last && Writes(events[e].Statement, l.Location))
                        {
                            edges.Add((e, last, true));
                        }
                    }

                    break;
            }
        }

        return HasCycle(events.Count, edges, coherence: false) ? LitmusCycle.LoadBuffering
            : HasCycle(events.Count, edges, coherence: true) ? LitmusCycle.Coherence
            : LitmusCycle.None;
    }

    private static void Conjuncts(LitmusProposition proposition, List<LitmusProposition> terms)
    {
        if (proposition is LitmusAnd and)
        {
            Conjuncts(and.Left, terms);
            Conjuncts(and.Right, terms);
        }
        else
        {
            terms.Add(proposition);
        }
    }

    /// <summary>The one load of the process that sets the register, if exactly one statement sets it and it is a load.</summary>
    private static int? LoadOf(List<(int Process, LitmusStatement Statement)> events, LitmusRegisterEquals term)
    {
        int? found = null;
        for (int e = 0; e < events.Count; e++)
        {
            (int process, LitmusStatement statement) = events[e];
            string? register = statement switch
            {
                LitmusLoad load => load.Register,
                LitmusRmw rmw => rmw.Register,
                _ => null,
            };
            if (process == term.Process && register == term.Register)
            {
                if (found is not null || statement is not LitmusLoad)
                {
                    return null;
                }

                found = e;
            }
        }

        return found;
    }

    /// <summary>The one store writing <paramref name="value"/> to <paramref name="location"/>, if it is the only way that value gets there.</summary>
    private static int? WriterOf(LitmusFile file, List<(int Process, LitmusStatement Statement)> events, string location, long value)
    {
        if (file.Initial.GetValueOrDefault(location) == value)
        {
            return null;
        }

        int? found = null;
        for (int e = 0; e < events.Count; e++)
        {
            switch (events[e].Statement)
            {
                case LitmusRmw rmw when rmw.Location == location && rmw.Kind != LitmusRmwKind.Exchange:
                    return null;
                case LitmusStore store when store.Location == location && store.Value == value:
                case LitmusRmw exchange when exchange.Location == location && exchange.Operand == value:
                    if (found is not null)
                    {
                        return null;
                    }

                    found = e;
                    break;
            }
        }

        return found;
    }

    private static string Location(LitmusStatement statement) => statement switch
    {
        LitmusLoad load => load.Location,
        LitmusStore store => store.Location,
        LitmusRmw rmw => rmw.Location,
        _ => string.Empty,
    };

    private static bool Writes(LitmusStatement statement, string location) =>
        statement is LitmusStore or LitmusRmw && Location(statement) == location;

    private static bool HasCycle(int nodes, List<(int From, int To, bool Coherence)> edges, bool coherence)
    {
        var next = new List<int>[nodes];
        for (int n = 0; n < nodes; n++)
        {
            next[n] = [];
        }

        foreach ((int from, int to, bool co) in edges)
        {
            if (coherence || !co)
            {
                next[from].Add(to);
            }
        }

        // 0 unvisited, 1 on the current path, 2 done.
        var state = new int[nodes];
        bool Visit(int n)
        {
            state[n] = 1;
            foreach (int m in next[n])
            {
                if (state[m] == 1 || (state[m] == 0 && Visit(m)))
                {
                    return true;
                }
            }

            state[n] = 2;
            return false;
        }

        for (int n = 0; n < nodes; n++)
        {
            if (state[n] == 0 && Visit(n))
            {
                return true;
            }
        }

        return false;
    }
}
