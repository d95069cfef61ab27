using System.Globalization;

namespace HazardMm.Cli;

/// <summary>
/// Hardware-scale durations (an IPI, a descheduled vCPU): a number with ns, us (or µs) or ms, or a bare
/// 0 for none. Kept to TimeSpan's 100 ns tick: a non-zero value below one tick is refused.
/// </summary>
public static class ShortDurationParser
{
    private static readonly (string Suffix, double Nanoseconds)[] Units = [("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000)];

    public const string Accepted = "a number with ns, us (µs) or ms, or 0";

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="error"/> is the one-line reason, naming <paramref name="option"/>.</summary>
    public static bool TryParse(string text, string option, out TimeSpan duration, out string error)
    {
        duration = TimeSpan.Zero;
        error = string.Empty;
        if (text == "0")
        {
            return true;
        }

        foreach ((string suffix, double nanoseconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
                && double.IsFinite(value))
            {
                double ticks = Math.Round(value * nanoseconds / 100);
                if (value > 0 && ticks < 1)
                {
                    error = $"{option} '{text}' is below 100ns, the resolution of the cost model";
                    return false;
                }

                if (ticks > TimeSpan.TicksPerSecond)
                {
                    error = $"{option} '{text}' is longer than one second";
                    return false;
                }

                duration = TimeSpan.FromTicks((long)ticks);
                return true;
            }
        }

        error = $"{option} '{text}' is not a duration; use {Accepted} (e.g. 2us, 1800ns)";
        return false;
    }
}
