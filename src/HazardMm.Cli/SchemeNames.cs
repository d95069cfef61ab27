using System.CommandLine;
using HazardMm.Schemes;

namespace HazardMm.Cli;

/// <summary>
/// Where the command line meets the scheme list: the names <c>--scheme</c> accepts and what "all"
/// means. Every command reads schemes through here, so the list has one source.
/// </summary>
public static class SchemeNames
{
    /// <summary>Every accepted name: the real schemes, their variants and the broken one.</summary>
    public static IReadOnlyList<string> All => SchemeRegistry.Names;

    /// <summary>The real schemes: what "all" stands for.</summary>
    public static IReadOnlyList<string> Real { get; } = [.. SchemeRegistry.Real.Select(d => d.Name)];

    /// <summary>The <c>--scheme</c> option; <paramref name="fallback"/> gives the default, described by <paramref name="defaultText"/>.</summary>
    public static CliOption<IReadOnlyList<string>> Option(string description, string defaultText, Func<ParseResult, IReadOnlyList<string>> fallback) =>
        CliOptions.NameList("--scheme", "scheme", description, All, s => s, Real, defaultText, fallback);
}
