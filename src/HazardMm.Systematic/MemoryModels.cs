using HazardMm.Systematic.Memory;

namespace HazardMm.Systematic;

/// <summary>
/// Every memory model the systematic tests run under, in the order the kill matrix shows them. A new
/// model is one <see cref="HazardMm.Memory.IMemoryModel"/> struct and one line here: the command
/// line, the scenarios, the kill matrix and the litmus tests all read this list.
/// </summary>
public static class MemoryModels
{
    public static IReadOnlyList<MemoryModelDescriptor> All { get; } =
    [
        MemoryModelDescriptor.Of<CoyoteScMemory>(
            "sc", "sequential consistency: Coyote's interleavings of whole operations"),
        MemoryModelDescriptor.Of<CoyoteTsoMemory>(
            "tso", "x86-TSO: per-CPU store buffers with forwarding, drained by fences, locked RMWs and controlled choices",
            Reordering.StoreLoad),
        MemoryModelDescriptor.Of<CoyoteWeakMemory>(
            "weak", "LKMM-flavoured weak memory: release/acquire views over per-location store histories, SC fences through a global view, no promises; a happens-before check at every mm free",
            Reordering.StoreLoad, Reordering.StoreStore, Reordering.LoadLoad),
    ];

    /// <summary>The names, as the command line lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    public static bool TryFind(string name, out MemoryModelDescriptor model)
    {
        model = All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return model is not null;
    }

    /// <summary>The model named <paramref name="name"/>; an unknown name is an <see cref="ArgumentException"/>.</summary>
    public static MemoryModelDescriptor Get(string name) =>
        TryFind(name, out MemoryModelDescriptor model)
            ? model
            : throw new ArgumentException($"unknown memory model '{name}' (known: {string.Join(", ", Names)})", nameof(name));
}
