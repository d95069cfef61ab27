using HazardMm.Arch;
using HazardMm.Memory;

namespace HazardMm.Schemes;

/// <summary>The schemes by name, as the command line and the tests spell them.</summary>
public static class SchemeCatalog
{
    /// <summary>The five real schemes, in the order of the spec; what "all" means.</summary>
    public static IReadOnlyList<string> Real { get; } = ["refcount", "shootdown", "linus", "hazard", "hazptr"];

    /// <summary>Every accepted name: the real schemes, their variants, and the deliberately broken one.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "refcount", "shootdown", "shootdown-all", "linus", "hazard", "hazard-online", "hazard-cpumask",
        "hazard-none", "hazptr", "busted",
    ];

    public static bool IsKnown(string name) => Names.Contains(name);

    /// <summary>A factory for <paramref name="name"/>, for <see cref="Kernel{TMem}"/>'s constructor.</summary>
    public static Func<Kernel<TMem>, ILazyTlbScheme> Factory<TMem>(string name)
        where TMem : struct, IMemoryModel => name switch
        {
            "refcount" => k => new RefcountScheme<TMem>(k),
            "shootdown" => k => new ShootdownScheme<TMem>(k, allCpus: false),
            "shootdown-all" => k => new ShootdownScheme<TMem>(k, allCpus: true),
            "linus" => k => new LinusScheme<TMem>(k),
            "hazard" => k => new HazardScheme<TMem>(k, DefaultLazyMmCpus(k.Arch)),
            "hazard-online" => k => new HazardScheme<TMem>(k, ScanSet.Online),
            "hazard-cpumask" => k => new HazardScheme<TMem>(k, ScanSet.Cpumask),
            "hazard-none" => k => new HazardScheme<TMem>(k, ScanSet.None),
            "hazptr" => k => new HazptrScheme<TMem>(k),
            "busted" => _ => new BustedScheme(),
            _ => throw new ArgumentException($"unknown scheme '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };

    /// <summary>
    /// for_each_possible_lazymm_cpu: the cpumask where the architecture keeps it exact and never clears
    /// a lazy CPU's bit (x86, patch 22); online CPUs elsewhere (patch 16's default).
    /// </summary>
    public static ScanSet DefaultLazyMmCpus(ArchModel arch) =>
        arch.Cpumask == CpumaskPolicy.Exact ? ScanSet.Cpumask : ScanSet.Online;
}
