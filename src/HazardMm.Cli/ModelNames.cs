using System.CommandLine;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>Where the command line meets the memory models: the names <c>--model</c> accepts, in one place.</summary>
public static class ModelNames
{
    public static IReadOnlyList<MemoryModelKind> All { get; } = [MemoryModelKind.Sc, MemoryModelKind.Tso];

    public static string NameOf(MemoryModelKind model) => model.ToString().ToLowerInvariant();

    /// <summary>The <c>--model</c> option: every model unless told otherwise.</summary>
    public static CliOption<IReadOnlyList<MemoryModelKind>> Option() =>
        CliOptions.NameList("--model", "model", "the memory models Coyote runs the code under", All, NameOf, All, "all", _ => All);
}
