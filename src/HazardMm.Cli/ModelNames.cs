using System.CommandLine;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>Where the command line meets the memory-model registry: the names <c>--model</c> accepts, in one place.</summary>
public static class ModelNames
{
    /// <summary>The <c>--model</c> option: every registered model unless told otherwise.</summary>
    public static CliOption<IReadOnlyList<MemoryModelDescriptor>> Option() =>
        CliOptions.NameList(
            "--model", "model", "the memory models Coyote runs the code under", MemoryModels.All, m => m.Name, MemoryModels.All, "all", _ => MemoryModels.All);
}
