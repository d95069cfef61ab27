namespace HazardMm.Systematic.Memory;

/// <summary>
/// Binds a controlled thread to the simulated CPU it plays, so that the static members of a memory
/// model (which have no instance) can find per-CPU state: a store buffer, the operation log. Bound
/// at the top of each CPU body, never inherited by child threads (design.md#memory-models).
/// </summary>
public sealed class SimulatedCpu
{
    [ThreadStatic]
    private static SimulatedCpu? t_current;

    internal SimulatedCpu(ModelMachine machine, int id)
    {
        Machine = machine;
        Id = id;
    }

    public ModelMachine Machine { get; }

    public int Id { get; }

    /// <summary>The CPU this thread plays, or null on an unbound thread (the test body itself).</summary>
    public static SimulatedCpu? CurrentOrNull => t_current;

    /// <summary>Makes this thread CPU <paramref name="id"/> of <paramref name="machine"/> until disposed.</summary>
    public static Binding Bind(ModelMachine machine, int id)
    {
        var previous = t_current;
        t_current = new SimulatedCpu(machine, id);
        return new Binding(previous);
    }

    /// <summary>Makes this thread <paramref name="cpu"/> until disposed: an interpreter playing several CPUs on one thread switches without allocating.</summary>
    internal static Binding Bind(SimulatedCpu cpu)
    {
        var previous = t_current;
        t_current = cpu;
        return new Binding(previous);
    }

    public readonly struct Binding(SimulatedCpu? previous) : IDisposable
    {
        public void Dispose() => t_current = previous;
    }
}
