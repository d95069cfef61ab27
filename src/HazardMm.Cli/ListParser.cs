namespace HazardMm.Cli;

/// <summary>Comma lists of names with "all", as every command's selection options take them.</summary>
public static class ListParser
{
    /// <summary>
    /// Parses <paramref name="value"/> against <paramref name="known"/>; "all" stands for
    /// <paramref name="all"/>. An unknown name is a <see cref="UsageException"/> listing what is allowed.
    /// </summary>
    public static IReadOnlyList<T> Parse<T>(string value, string what, IReadOnlyList<T> known, Func<T, string> nameOf, IReadOnlyList<T> all)
    {
        var chosen = new List<T>();
        foreach (string name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name == "all")
            {
                chosen.AddRange(all);
                continue;
            }

            // By index, not FirstOrDefault: for a value type the default is a valid choice.
            int index = known.Select(nameOf).ToList().IndexOf(name);
            if (index < 0)
            {
                throw new UsageException($"unknown {what} '{name}'; allowed: {string.Join(", ", known.Select(nameOf))}, all");
            }

            chosen.Add(known[index]);
        }

        return [.. chosen.Distinct()];
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>], or the default when absent.</summary>
    public static int ParseCount(string? value, string option, int fallback, int min, int max)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) || n < min || n > max)
        {
            throw new UsageException($"{option} must be a whole number from {min} to {max}, got '{value}'");
        }

        return n;
    }

    /// <summary>A 32-bit seed (Coyote's), or the default when absent.</summary>
    public static uint ParseSeed(string? value, uint fallback)
    {
        if (value is null)
        {
            return fallback;
        }

        if (!uint.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out uint seed))
        {
            throw new UsageException($"--seed must be a whole number from 0 to {uint.MaxValue}, got '{value}'");
        }

        return seed;
    }
}
