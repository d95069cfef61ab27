using HazardMm.Arch;
using HazardMm.Memory;

namespace HazardMm.Schemes;

/// <summary>What a scheme is for the registry: one the kernel argued for, a variant of one, or broken on purpose.</summary>
public enum SchemeKind
{
    /// <summary>One of the five schemes the kernel argued over; what "all" means.</summary>
    Real,

    /// <summary>A real scheme with one choice forced (a scan set, an IPI target set).</summary>
    Variant,

    /// <summary>Deliberately broken: the oracle's own test.</summary>
    Broken,
}

/// <summary>
/// What keeps a CPU that exit_mm left lazy on the dying mm safe, when no exit flush unlazied it
/// (design.md#mm-lifecycle).
/// </summary>
public enum LazyCover
{
    /// <summary>A reference the CPU holds (or that was parked on it): the mm lives until its next switch to a user task.</summary>
    Reference,

    /// <summary>The CPU is unlazied (shot down, IPIed) before the mm is freed.</summary>
    Evicted,

    /// <summary>Nothing: the CPU walks a freed mm.</summary>
    None,
}

/// <summary>Builds a scheme on a kernel's memory model: one small class per scheme, next to it.</summary>
public interface ISchemeFactory
{
    ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel;
}

/// <summary>
/// One scheme as the command line and every test know it: its name, a line on what it is, its kind,
/// how to build it, and what it claims, which the tests check against what it does.
/// </summary>
public sealed record SchemeDescriptor(string Name, string Summary, SchemeKind Kind, ISchemeFactory Factory)
{
    /// <summary>Each lazy CPU holds an mm_count reference while it is lazy (mm_count shows it).</summary>
    public bool LazyReference { get; init; }

    /// <summary>The per-CPU word that names the mm a CPU is lazy on (a hazard), if the scheme keeps one.</summary>
    public string? LazyWord { get; init; }

    /// <summary>On <c>arch</c>, what keeps a CPU that exit_mm left lazy safe when no exit flush unlazied it.</summary>
    public required Func<ArchModel, LazyCover> ExitCover { get; init; }

    /// <summary>Builds the scheme for a kernel.</summary>
    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => Factory.Create(context);

    public override string ToString() => Name;
}
