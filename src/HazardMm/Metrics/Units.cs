using System.Globalization;

namespace HazardMm.Metrics;

/// <summary>Human units for the numbers a run reports.</summary>
public static class Units
{
    /// <summary>A duration in nanoseconds, as ns, µs, ms or s with three significant figures.</summary>
    public static string Nanoseconds(double ns) =>
        ns < 1e3 ? Format(ns, "ns")
        : ns < 1e6 ? Format(ns / 1e3, "µs")
        : ns < 1e9 ? Format(ns / 1e6, "ms")
        : Format(ns / 1e9, "s");

    /// <summary>A rate or count with a k/M suffix.</summary>
    public static string Count(double n) =>
        n < 1e4 ? n.ToString("0.##", CultureInfo.InvariantCulture)
        : n < 1e7 ? Format(n / 1e3, "k")
        : Format(n / 1e6, "M");

    private static string Format(double value, string unit) =>
        (value >= 100 ? value.ToString("0", CultureInfo.InvariantCulture)
            : value >= 10 ? value.ToString("0.0", CultureInfo.InvariantCulture)
            : value.ToString("0.00", CultureInfo.InvariantCulture)) + (unit is "k" or "M" ? unit : " " + unit);
}
