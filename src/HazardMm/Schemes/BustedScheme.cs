using HazardMm.Memory;

namespace HazardMm.Schemes;

/// <summary>
/// Deliberately broken: lazy users take no reference, publish no hazard and are never shot down.
/// It is safe only when an exit flush happens to unlazy every CPU (x86 with page tables left to free),
/// which is exactly Linus's observation; elsewhere a lazy CPU walks a freed mm and the oracle must
/// say so. It is the oracle's own test. Every hook is the interface's default: nothing.
/// </summary>
public sealed class BustedScheme : ILazyTlbScheme, ISchemeFactory
{
    public static SchemeDescriptor Descriptor { get; } = new(
        "busted",
        "deliberately broken (no lazy reference at all): the oracle's own test",
        SchemeKind.Broken,
        new BustedScheme())
    {
        ExitCover = _ => LazyCover.None,
    };

    public string Name => "busted";

    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => new BustedScheme();
}
