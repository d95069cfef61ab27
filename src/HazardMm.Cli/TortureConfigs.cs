using System.CommandLine;
using System.Globalization;
using HazardMm.Arch;

namespace HazardMm.Cli;

/// <summary>One <c>--configs</c> token, <c>[N*]SCHEME[:ARCH]</c>: N cases of the scheme on the arch (the <c>--arch</c> list when none).</summary>
public sealed record TortureScenario(int Count, string Scheme, ArchModel? Arch)
{
    public override string ToString() => $"{(Count == 1 ? string.Empty : $"{Count}*")}{Scheme}{(Arch is null ? string.Empty : $":{Arch.Name}")}";
}

/// <summary>
/// <c>hazardmm torture --configs</c> (design.md#torture), as kvm.sh's <c>--configs "4*TREE01 2*SRCU-N"</c>:
/// a list of scenarios, given inline or as a file holding the same (one or more a line, <c>#</c> starts
/// a comment). A bad token is one line naming it and what is allowed.
/// </summary>
public static class TortureConfigs
{
    /// <summary>The most cases one token may ask for.</summary>
    public const int MaxCount = 1000;

    public const string Syntax = "[N*]SCHEME[:ARCH]";

    /// <summary>The <c>--configs</c> option; absent, the run is <c>--scheme</c> × <c>--arch</c>.</summary>
    public static CliOption<IReadOnlyList<TortureScenario>?> Option()
    {
        const string Name = "--configs";
        var option = new Option<IReadOnlyList<TortureScenario>?>(Name)
        {
            Description = $"run these scenarios one after another instead of --scheme: tokens {Syntax} (e.g. \"4*hazard:x86 2*shootdown:arm64 refcount\"; no ARCH: each --arch), " +
                "or a FILE holding them (# starts a comment); each case gets its own seed, derived from --seed",
            HelpName = "SPECS|FILE",
            CustomParser = r =>
            {
                string value = r.Tokens[0].Value;
                bool isFile = File.Exists(value);
                string text;
                try
                {
                    text = isFile ? File.ReadAllText(value) : value;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    r.AddError($"{Name} '{value}': {e.Message}");
                    return null;
                }

                if (!TryParse(text, isFile ? $"{Name} {value}" : Name, out IReadOnlyList<TortureScenario> scenarios, out string error))
                {
                    r.AddError(error);
                }

                return scenarios;
            },
        };
        return new CliOption<IReadOnlyList<TortureScenario>?>(option, "off", _ => null);
    }

    /// <summary>Reads the scenarios of <paramref name="text"/>; on failure <paramref name="error"/> is one line naming the bad token, starting with <paramref name="source"/>.</summary>
    public static bool TryParse(string text, string source, out IReadOnlyList<TortureScenario> scenarios, out string error)
    {
        var found = new List<TortureScenario>();
        scenarios = found;
        error = string.Empty;
        string[] lines = text.Split('\n');
        for (int l = 0; l < lines.Length; l++)
        {
            string line = lines[l];
            int comment = line.IndexOf('#', StringComparison.Ordinal);
            string content = comment < 0 ? line : line[..comment];
            foreach (string token in content.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (Token(token) is not { } scenario)
                {
                    string where = lines.Length > 1 ? $" line {l + 1}" : string.Empty;
                    error = $"{source}{where}: bad token '{token}': {Problem(token)}; allowed: {Syntax}, N from 1 to {MaxCount}, " +
                        $"SCHEME one of {string.Join(", ", SchemeNames.All)}, ARCH one of {string.Join(", ", ArchModel.All.Select(a => a.Name))}";
                    return false;
                }

                found.Add(scenario);
            }
        }

        if (found.Count == 0)
        {
            error = $"{source}: no scenario given; allowed: {Syntax} tokens, e.g. \"4*hazard:x86 2*shootdown:arm64 refcount\"";
            return false;
        }

        return true;
    }

    private static TortureScenario? Token(string token) => Problem(token) is null ? Split(token) : null;

    private static TortureScenario? Split(string token)
    {
        (string count, string rest) = token.IndexOf('*', StringComparison.Ordinal) is int star and >= 0 ? (token[..star], token[(star + 1)..]) : ("1", token);
        (string scheme, string? arch) = rest.IndexOf(':', StringComparison.Ordinal) is int colon and >= 0 ? (rest[..colon], rest[(colon + 1)..]) : (rest, null);
        return new TortureScenario(int.Parse(count, NumberStyles.None, CultureInfo.InvariantCulture), scheme, arch is null ? null : ArchModel.All.Single(a => a.Name == arch));
    }

    /// <summary>What is wrong with <paramref name="token"/>, or null when it is good.</summary>
    private static string? Problem(string token)
    {
        int star = token.IndexOf('*', StringComparison.Ordinal);
        string rest = token;
        if (star >= 0)
        {
            string count = token[..star];
            if (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > MaxCount)
            {
                return $"count '{count}' is not a whole number from 1 to {MaxCount}";
            }

            rest = token[(star + 1)..];
        }

        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        string scheme = colon < 0 ? rest : rest[..colon];
        if (!SchemeNames.All.Contains(scheme))
        {
            return $"unknown scheme '{scheme}'";
        }

        if (colon >= 0 && !ArchModel.All.Any(a => a.Name == rest[(colon + 1)..]))
        {
            return $"unknown arch '{rest[(colon + 1)..]}'";
        }

        return null;
    }
}
