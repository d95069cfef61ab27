using System.Globalization;
using HazardMm.Arch;
using HazardMm.Schemes;

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

    private static readonly string[] Valued = ["scheme", "arch", "cpus", "duration", "seed"];
    private static readonly string[] Flags = ["no-pin"];

    public static string Usage =>
        "hazardmm torture [--scheme " + string.Join("|", SchemeRegistry.Names) + "|all] [--arch " +
        string.Join("|", ArchModel.All.Select(a => a.Name)) + "|all] [--cpus N] [--duration 10s] [--seed N] [--no-pin]";

    /// <summary>Parses the arguments after <c>torture</c>; throws <see cref="UsageException"/> on bad input.</summary>
    public static TortureOptions Parse(IReadOnlyList<string> args, int hostCores, Func<long> newSeed)
    {
        var reader = new OptionReader(args, "torture", Valued, Flags);
        return new TortureOptions(
            ParseSchemes(reader.Get("scheme") ?? "all"),
            ParseArches(reader.Get("arch") ?? "x86"),
            ParseCpus(reader.Get("cpus"), hostCores),
            DurationParser.Parse(reader.Get("duration") ?? "10s", "--duration"),
            ParseSeed(reader.Get("seed"), newSeed),
            !reader.Has("no-pin"));
    }

    public string Describe() =>
        $"scheme={string.Join(",", Schemes)} arch={string.Join(",", Arches.Select(a => a.Name))} cpus={Cpus} " +
        $"duration={DurationParser.Format(Duration)} seed={Seed} pin={(Pin ? "yes" : "no")}";

    /// <summary>A comma list of scheme names; "all" stands for the five real schemes.</summary>
    private static IReadOnlyList<string> ParseSchemes(string value)
    {
        var schemes = new List<string>();
        foreach (string name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name == "all")
            {
                schemes.AddRange(SchemeRegistry.Real.Select(d => d.Name));
            }
            else if (SchemeRegistry.TryFind(name, out _))
            {
                schemes.Add(name);
            }
            else
            {
                throw new UsageException($"unknown scheme '{name}'; allowed: {string.Join(", ", SchemeRegistry.Names)}, all");
            }
        }

        return [.. schemes.Distinct()];
    }

    /// <summary>A comma list of architecture names; "all" stands for every one.</summary>
    private static IReadOnlyList<ArchModel> ParseArches(string value)
    {
        var arches = new List<ArchModel>();
        foreach (string name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name == "all")
            {
                arches.AddRange(ArchModel.All);
            }
            else if (ArchModel.TryParse(name, out ArchModel arch))
            {
                arches.Add(arch);
            }
            else
            {
                throw new UsageException($"unknown arch '{name}'; allowed: {string.Join(", ", ArchModel.All.Select(a => a.Name))}, all");
            }
        }

        return [.. arches.Distinct()];
    }

    private static int ParseCpus(string? value, int hostCores)
    {
        if (value is null)
        {
            return Math.Clamp(hostCores, 1, MaxCpus);
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int cpus) || cpus < 1 || cpus > MaxCpus)
        {
            throw new UsageException($"--cpus must be a whole number from 1 to {MaxCpus}, got '{value}'");
        }

        return cpus;
    }

    private static long ParseSeed(string? value, Func<long> newSeed)
    {
        if (value is null)
        {
            return newSeed();
        }

        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed))
        {
            throw new UsageException($"--seed must be a 64-bit integer, got '{value}'");
        }

        return seed;
    }
}
