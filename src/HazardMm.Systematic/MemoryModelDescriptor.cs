using HazardMm.Memory;

namespace HazardMm.Systematic;

/// <summary>
/// A memory model as data: its name (what the command line, trace files and the kill matrix's
/// columns say), what it models, the reorderings it lets other CPUs observe, and how to run code
/// with its <c>TMem</c> (<see cref="Run"/>). The registry is <see cref="MemoryModels"/>.
/// </summary>
public sealed record MemoryModelDescriptor
{
    private readonly Action<IModelBody> _run;

    private MemoryModelDescriptor(string name, string summary, IReadOnlySet<Reordering> allows, Action<IModelBody> run)
    {
        Name = name;
        Summary = summary;
        Allows = allows;
        _run = run;
    }

    /// <summary>Lower case, as written on the command line and in trace files ("sc", "tso").</summary>
    public string Name { get; }

    public string Summary { get; }

    /// <summary>The reorderings other CPUs can observe; the empty set is sequential consistency.</summary>
    public IReadOnlySet<Reordering> Allows { get; }

    /// <summary>The descriptor of the model <typeparamref name="TMem"/> implements.</summary>
    public static MemoryModelDescriptor Of<TMem>(string name, string summary, params Reordering[] allows)
        where TMem : struct, IMemoryModel =>
        new(name, summary, new HashSet<Reordering>(allows), body => body.Run<TMem>());

    /// <summary>Runs <paramref name="body"/> with this model's <c>TMem</c>.</summary>
    public void Run(IModelBody body) => _run(body);

    /// <summary>Models are equal by name: there is one descriptor per name in the registry.</summary>
    public bool Equals(MemoryModelDescriptor? other) => other is not null && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Name;
}
