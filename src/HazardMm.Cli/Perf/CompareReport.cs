using System.Globalization;
using HazardMm.Metrics;

namespace HazardMm.Cli.Perf;

/// <summary>
/// Every scheme on one workload side by side (smr-benchmark style), measured in interleaved rounds
/// (<see cref="PerfRounds"/>): each metric of a scheme's median round with its ratio to the best value in
/// its column (highest throughput, lowest latency and counts), the spread of switches/s over the rounds,
/// and the oracle's verdict (a failure in any round is the row's); then, per arch, the order each round
/// gave the schemes and whether the rounds agree on it.
/// </summary>
public sealed class CompareReport
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

    private readonly IReadOnlyList<IReadOnlyList<PerfPoint>> _rounds;
    private readonly List<PerfPoint> _points;

    /// <param name="rounds">Each round's points, in the order run; a stopped round may be short.</param>
    public CompareReport(IReadOnlyList<IReadOnlyList<PerfPoint>> rounds)
    {
        _rounds = rounds;
        _points = PerfRounds.Medians(rounds.SelectMany(r => r));
    }

    /// <summary>For people: "value (ratio×)" per cell; a ratio to a best of zero is ∞ (or 1× when both are zero).</summary>
    public Table Table()
    {
        var table = new Table([.. Columns.Select(c => c.Name).Prepend("arch").Prepend("scheme").Append("rounds' switches/s").Append("oracle")]);
        foreach (PerfPoint p in _points)
        {
            (double low, double high) = Spread(p);
            table.Add([p.Scheme, p.Arch, .. Columns.Select(c => $"{c.Show(c.Value(p))} ({Ratio(p, c.Value, c.HigherIsBetter)})"),
                $"{Units.Count(low)}-{Units.Count(high)} ({RoundsOf(p).Count()})", Verdict(p)]);
        }

        return table;
    }

    /// <summary>
    /// Per arch, the schemes by switches/s in each round that ran them all, and whether the rounds agree;
    /// when they do not, the pairs every round ranks alike.
    /// </summary>
    public IEnumerable<string> Orders()
    {
        foreach (string arch in _points.Select(p => p.Arch).Distinct())
        {
            int schemes = _points.Count(p => p.Arch == arch);
            List<IReadOnlyList<string>> orders = [.. _rounds.Select(r => PerfRounds.Order(r, arch)).Where(o => o.Count == schemes)];
            string each = string.Join(" | ", orders.Select(o => string.Join(" > ", o)));
            string agreement = orders.Count switch
            {
                0 => "no round ran every scheme",
                1 => "one round: one run's order",
                _ when PerfRounds.Settled(orders) => $"the same in all {orders.Count} rounds",
                _ => $"the {orders.Count} rounds rank them differently (the host's costs changed between runs, or the schemes are within its noise), " +
                    $"so the table's ratios are the median round's, not a settled ranking; every round agrees on: {Pairs(orders)}",
            };
            yield return $"{arch}: switches/s order, round by round: {(each.Length == 0 ? "-" : each)}; {agreement}";
        }
    }

    /// <summary>For tools: raw values and ratios in separate columns.</summary>
    public Table CsvTable()
    {
        string[] names =
        [
            "switches_per_s", "mmput_free_p50_ns", "mmput_free_p99_ns", "mmput_free_max_ns", "ipis_sent", "ipis_received", "ipis_per_mmput", "slots_per_mmput", "peak_dead_mms",
        ];
        var table = new Table([.. names.SelectMany(n => new[] { n, n + "_vs_best" }).Prepend("cpus").Prepend("arch").Prepend("scheme")
            .Append("mms_freed").Append("rounds").Append("switches_per_s_min").Append("switches_per_s_max").Append("verdict")]);
        foreach (PerfPoint p in _points)
        {
            (double low, double high) = Spread(p);
            table.Add([p.Scheme, p.Arch, p.Cpus, .. Columns.SelectMany(c => new object[] { c.Value(p), RatioValue(p, c.Value, c.HigherIsBetter) }), p.Metrics.MmsFreed,
                RoundsOf(p).Count(), low, high, Verdict(p)]);
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
        IEnumerable<double> column = _points.Where(q => q.Arch == p.Arch).Select(value);
        double best = higherIsBetter ? column.Max() : column.Min();
        double v = value(p);
        return best == 0 ? (v == 0 ? 1 : double.PositiveInfinity) : v / best;
    }

    private static string Pairs(IReadOnlyList<IReadOnlyList<string>> orders)
    {
        string pairs = string.Join(", ", PerfRounds.AgreedPairs(orders).Select(p => $"{p.Faster} > {p.Slower}"));
        return pairs.Length == 0 ? "no pair" : pairs;
    }

    /// <summary>Every round's run of <paramref name="p"/>'s scheme, arch and CPU count.</summary>
    private IEnumerable<PerfPoint> RoundsOf(PerfPoint p) =>
        _rounds.SelectMany(r => r).Where(q => q.Scheme == p.Scheme && q.Arch == p.Arch && q.Cpus == p.Cpus);

    private (double Low, double High) Spread(PerfPoint p) =>
        (RoundsOf(p).Min(q => q.SwitchesPerSecond), RoundsOf(p).Max(q => q.SwitchesPerSecond));

    /// <summary>The oracle's verdict over every round: the first failing round's, else the median round's.</summary>
    private string Verdict(PerfPoint p) => (RoundsOf(p).FirstOrDefault(q => !q.Result.Success) ?? p).Verdict;
}
