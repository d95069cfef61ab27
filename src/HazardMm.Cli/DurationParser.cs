using System.Globalization;

namespace HazardMm.Cli;

/// <summary>Durations as people type them (suffixes are tried longest first, so ms is not read as m): <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>; a bare number is seconds.</summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];

    /// <summary>Reads <paramref name="text"/>; on failure <paramref name="error"/> is the one-line reason, naming <paramref name="option"/>.</summary>
    public static bool TryParse(string text, string option, out TimeSpan duration, out string error)
    {
        duration = default;
        string number = text;
        double scale = 1;
        foreach ((string suffix, double seconds) in Units)
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                number = text[..^suffix.Length];
                scale = seconds;
                break;
            }
        }

        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out double value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            error = $"{option} '{text}' is not a duration; use a number with ms, s, m or h (e.g. 10s, 2m)";
            return false;
        }

        if (value <= 0)
        {
            error = $"{option} must be positive, got '{text}'";
            return false;
        }

        if (value * scale > TimeSpan.FromDays(1).TotalSeconds)
        {
            error = $"{option} '{text}' is longer than one day";
            return false;
        }

        duration = TimeSpan.FromSeconds(value * scale);
        error = string.Empty;
        return true;
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalSeconds >= 1 && duration.TotalSeconds == Math.Floor(duration.TotalSeconds)
            ? $"{duration.TotalSeconds:F0}s"
            : $"{duration.TotalMilliseconds:F0}ms";
}
