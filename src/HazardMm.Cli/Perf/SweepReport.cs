using HazardMm.Metrics;

namespace HazardMm.Cli.Perf;

/// <summary>
/// A sweep's points as will-it-scale shows them: one row per scheme, arch and CPU count with a
/// "linear" column (the 1-CPU rate times N), a CSV, and two PNGs per arch: throughput and mmput-to-free
/// latency against CPUs, one line per scheme.
/// </summary>
public sealed class SweepReport(IReadOnlyList<PerfPoint> points)
{
    /// <summary>The 1-CPU rate of the point's scheme and arch times its CPU count; null without a 1-CPU point.</summary>
    public double? Linear(PerfPoint p) =>
        points.FirstOrDefault(q => q.Scheme == p.Scheme && q.Arch == p.Arch && q.Cpus == 1) is PerfPoint one
            ? one.SwitchesPerSecond * p.Cpus
            : null;

    public Table Table()
    {
        var table = new Table(
            "scheme", "arch", "cpus", "switches_per_s", "linear", "mmput_free_p50_ns", "mmput_free_p99_ns", "mmput_free_max_ns",
            "mms_freed", "ipis_sent", "ipis_received", "slots_scanned", "peak_dead_mms", "verdict");
        foreach (PerfPoint p in points)
        {
            RunMetrics m = p.Metrics;
            table.Add(p.Scheme, p.Arch, p.Cpus, Math.Round(p.SwitchesPerSecond), Linear(p) is double l ? Math.Round(l) : "", m.LatencyP50Ns, m.LatencyP99Ns, m.LatencyMaxNs,
                m.MmsFreed, m.IpisSent, m.IpisReceived, m.SlotsScanned, m.PeakDeadMms, p.Verdict);
        }

        return table;
    }

    /// <summary>Writes <c>{name}.csv</c> and, per arch, <c>{name}-throughput-{arch}.png</c> and <c>{name}-latency-{arch}.png</c>; returns the paths.</summary>
    public IReadOnlyList<string> Write(string folder, string name, string host)
    {
        Directory.CreateDirectory(folder);
        string csv = Path.Combine(folder, $"{name}.csv");
        Table().WriteCsv(csv);
        var written = new List<string> { csv };
        foreach (IGrouping<string, PerfPoint> arch in points.GroupBy(p => p.Arch))
        {
            var schemes = arch.GroupBy(p => p.Scheme).ToList();
            string throughput = Path.Combine(folder, $"{name}-throughput-{arch.Key}.png");
            Plots.Lines(throughput, $"{name}: switches/s vs CPUs, {arch.Key}\n{host}", "simulated CPUs (threads)", "context switches per second (M/s)",
                schemes.SelectMany((s, i) => new[]
                {
                    (s.Key, X(s), s.Select(p => p.SwitchesPerSecond / 1e6).ToArray(), false, i),
                    ($"{s.Key} linear", X(s), s.Select(p => (Linear(p) ?? double.NaN) / 1e6).ToArray(), true, i),
                }).Where(line => line.Item3.All(double.IsFinite)), logX: true);
            string latency = Path.Combine(folder, $"{name}-latency-{arch.Key}.png");
            Plots.Lines(latency, $"{name}: mmput-to-free latency vs CPUs, {arch.Key}\n{host}", "simulated CPUs (threads)", "mmput-to-free latency (µs, log scale; solid p50, dashed p99)",
                schemes.SelectMany((s, i) => new[]
                {
                    ($"{s.Key} p50", X(s), s.Select(p => p.Metrics.LatencyP50Ns / 1e3).ToArray(), false, i),
                    ($"{s.Key} p99", X(s), s.Select(p => p.Metrics.LatencyP99Ns / 1e3).ToArray(), true, i),
                }), logX: true, logY: true);
            written.Add(throughput);
            written.Add(latency);
        }

        return written;
    }

    private static double[] X(IEnumerable<PerfPoint> points) => [.. points.Select(p => (double)p.Cpus)];
}
