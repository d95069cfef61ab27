using HazardMm.Arch;

namespace HazardMm.Cli;

/// <summary>The resolved options of <c>hazardmm torture</c>.</summary>
public sealed record TortureOptions(
    IReadOnlyList<string> Schemes,
    IReadOnlyList<ArchModel> Arches,
    int Cpus,
    TimeSpan Duration,
    long Seed,
    bool Pin)
{
    public const int MaxCpus = 1024;

    public string Describe() =>
        $"scheme={string.Join(",", Schemes)} arch={string.Join(",", Arches.Select(a => a.Name))} cpus={Cpus} " +
        $"duration={DurationParser.Format(Duration)} seed={Seed} pin={(Pin ? "yes" : "no")}";
}
