namespace HazardMm.Schemes;

/// <summary>
/// Every scheme, in one list that the command line and every test read: a new scheme is its own file
/// plus one line here, and every scheme-parameterised test then runs it.
/// </summary>
public static class SchemeRegistry
{
    public static IReadOnlyList<SchemeDescriptor> All { get; } =
    [
        RefcountScheme.Descriptor,
        ShootdownScheme.Descriptor,
        ShootdownScheme.AllCpusDescriptor,
        LinusScheme.Descriptor,
        HazardScheme.Descriptor,
        HazardScheme.OnlineDescriptor,
        HazardScheme.CpumaskDescriptor,
        HazardScheme.NoScanDescriptor,
        HazptrScheme.Descriptor,
        BustedScheme.Descriptor,
    ];

    /// <summary>The real schemes, in the order of design.md; what "all" means.</summary>
    public static IReadOnlyList<SchemeDescriptor> Real { get; } = [.. All.Where(d => d.Kind == SchemeKind.Real)];

    /// <summary>Every accepted name.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(d => d.Name)];

    public static bool TryFind(string name, out SchemeDescriptor descriptor)
    {
        descriptor = All.FirstOrDefault(d => d.Name == name)!;
        return descriptor is not null;
    }

    public static SchemeDescriptor Get(string name) =>
        TryFind(name, out SchemeDescriptor descriptor)
            ? descriptor
            : throw new ArgumentException($"unknown scheme '{name}'; known: {string.Join(", ", Names)}", nameof(name));
}
