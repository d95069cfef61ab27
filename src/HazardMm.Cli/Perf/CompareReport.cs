using System.Globalization;
using HazardMm.Metrics;

namespace HazardMm.Cli.Perf;

/// <summary>
/// Every scheme on one workload side by side (smr-benchmark style): each metric with its ratio to the
/// best value in its column (highest throughput, lowest latency and counts), and the oracle's verdict.
/// </summary>
public sealed class CompareReport(IReadOnlyList<PerfPoint> points)
{
    private static readonly (string Name, bool HigherIsBetter, Func<PerfPoint, double> Value, Func<double, string> Show)[] Columns =
    [
        ("switches/s", true, p => p.SwitchesPerSecond, Units.Count),
        ("mmput-free p50", false, p => p.Metrics.LatencyP50Ns, Units.Nanoseconds),
        ("p99", false, p => p.Metrics.LatencyP99Ns, Units.Nanoseconds),
        ("max", false, p => p.Metrics.LatencyMaxNs, Units.Nanoseconds),
        ("IPIs sent", false, p => p.Metrics.IpisSent, Units.Count),
        ("IPIs received", false, p => p.Metrics.IpisReceived, Units.Count),
        ("IPIs/mmput", false, p => p.Metrics.IpisPerMmput, Units.Count),
        ("slots/mmput", false, p => p.Metrics.SlotsPerMmput, Units.Count),
        ("peak dead mms", false, p => p.Metrics.PeakDeadMms, Units.Count),
    ];

    /// <summary>For people: "value (ratio×)" per cell; a ratio to a best of zero is ∞ (or 1× when both are zero).</summary>
    public Table Table()
    {
        var table = new Table([.. Columns.Select(c => c.Name).Prepend("arch").Prepend("scheme").Append("oracle")]);
        foreach (PerfPoint p in points)
        {
            table.Add([p.Scheme, p.Arch, .. Columns.Select(c => $"{c.Show(c.Value(p))} ({Ratio(p, c.Value, c.HigherIsBetter)})"), p.Verdict]);
        }

        return table;
    }

    /// <summary>For tools: raw values and ratios in separate columns.</summary>
    public Table CsvTable()
    {
        string[] names =
        [
            "switches_per_s", "mmput_free_p50_ns", "mmput_free_p99_ns", "mmput_free_max_ns", "ipis_sent", "ipis_received", "ipis_per_mmput", "slots_per_mmput", "peak_dead_mms",
        ];
        var table = new Table([.. names.SelectMany(n => new[] { n, n + "_vs_best" }).Prepend("cpus").Prepend("arch").Prepend("scheme").Append("mms_freed").Append("verdict")]);
        foreach (PerfPoint p in points)
        {
            table.Add([p.Scheme, p.Arch, p.Cpus, .. Columns.SelectMany(c => new object[] { c.Value(p), RatioValue(p, c.Value, c.HigherIsBetter) }), p.Metrics.MmsFreed, p.Verdict]);
        }

        return table;
    }

    public IReadOnlyList<string> Write(string folder)
    {
        Directory.CreateDirectory(folder);
        string csv = Path.Combine(folder, "compare.csv");
        CsvTable().WriteCsv(csv);
        return [csv];
    }

    private string Ratio(PerfPoint p, Func<PerfPoint, double> value, bool higherIsBetter)
    {
        double r = RatioValue(p, value, higherIsBetter);
        return double.IsPositiveInfinity(r) ? "∞×best" : r.ToString("0.00", CultureInfo.InvariantCulture) + "×best";
    }

    /// <summary>value / best within the point's arch: ≥ 1 for lower-is-better columns, ≤ 1 for throughput.</summary>
    private double RatioValue(PerfPoint p, Func<PerfPoint, double> value, bool higherIsBetter)
    {
        IEnumerable<double> column = points.Where(q => q.Arch == p.Arch).Select(value);
        double best = higherIsBetter ? column.Max() : column.Min();
        double v = value(p);
        return best == 0 ? (v == 0 ? 1 : double.PositiveInfinity) : v / best;
    }
}
