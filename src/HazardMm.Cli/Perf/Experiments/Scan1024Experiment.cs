using HazardMm.Metrics;

namespace HazardMm.Cli.Perf.Experiments;

/// <summary>
/// Linus worried about scanning 1024 CPUs at every mmput; Lutomirski answered that "800 loads ≪ 800
/// IPIs". The hazard scan of 1 … 1024 simulated CPUs is timed directly (<see cref="ScanTimer"/>); the
/// IPIs to the same targets are priced by the cost model, the sender paying one round trip per target.
/// </summary>
public sealed class Scan1024Experiment : Experiment
{
    private const int MaxCpus = 1024;

    /// <summary>"≪": an order of magnitude at least.</summary>
    private const double MuchLess = 10;

    public override string Name => "scan-1024";

    public override string Claim => "\"800 loads ≪ 800 IPIs\": hazard's scan of N CPUs costs far less than IPIs to the same N CPUs, up to 1024";

    public override TimeSpan DefaultTime => TimeSpan.FromMilliseconds(600);

    public override string TimeMeans => "per CPU count (half the scan, half the bare loop)";

    public override ExperimentOutcome Run(ExperimentContext context)
    {
        var table = new Table("cpus", "scan_ns", "bare_loop_ns", "scan_per_cpu_ns", "scan_vs_bare", "ipis_ns", "ipis_vs_scan");
        var rows = new List<(int Cpus, double Scan, double Bare, double Ipis)>();
        for (int n = 1; n <= MaxCpus && !context.Stop.IsCancellationRequested; n *= 2)
        {
            (double scan, double bare) = ScanTimer.MeasureNs(n, context.Time);
            double ipis = n * context.IpiCostNs;
            rows.Add((n, scan, bare, ipis));
            table.Add(n, scan, bare, scan / n, scan / bare, ipis, ipis / scan);
            context.View.Line($"[scan-1024 cpus={n}] scan {Units.Nanoseconds(scan)} ({Units.Nanoseconds(scan / n)}/CPU, {scan / bare:0.00}× the bare loop), {n} IPIs {Units.Nanoseconds(ipis)}");
        }

        var measured = new List<string>
        {
            $"cost model: one IPI = {Units.Nanoseconds(context.IpiCostNs)} ({context.IpiCostSource}), paid by the sender once per target",
        };
        if (rows.Count == 0 || context.IpiCostNs == 0)
        {
            string undecided = rows.Count == 0 ? "stopped before the first CPU count" : "the IPI cost model is off (--ipi-cost 0): an IPI costs nothing to compare";
            return new ExperimentOutcome(table, [], measured, "n/a", null, undecided, Write);
        }

        (int top, double topScan, double topBare, double topIpis) = rows[^1];
        int? crossover = rows.FirstOrDefault(r => r.Scan >= r.Ipis).Cpus is int c and > 0 ? c : null;
        int? oneIpi = rows.FirstOrDefault(r => r.Scan >= context.IpiCostNs).Cpus is int o and > 0 ? o : null;
        double perCpuSmall = rows[Math.Min(rows.Count - 1, 4)].Scan / rows[Math.Min(rows.Count - 1, 4)].Cpus;
        measured.Add($"scan of {top} CPUs: {Units.Nanoseconds(topScan)} ({Units.Nanoseconds(topScan / top)}/CPU; {topScan / topBare:0.00}× the bare load-acquire loop); {top} IPIs: {Units.Nanoseconds(topIpis)}");
        measured.Add($"per-CPU scan cost at {top} vs at {rows[Math.Min(rows.Count - 1, 4)].Cpus} CPUs: {topScan / top / perCpuSmall:0.00}× (1.00 is linear)");
        measured.Add(crossover is int x
            ? $"crossover: from {x} CPUs the scan costs as much as IPIs to the same CPUs"
            : $"crossover: none from 1 to {top} CPUs: the scan is always cheaper than IPIs to the same CPUs");
        measured.Add(oneIpi is int y
            ? $"a scan of {y} CPUs already costs one IPI"
            : $"even the scan of {top} CPUs costs {topScan / context.IpiCostNs * 100:0.#} % of ONE IPI (break-even near {context.IpiCostNs / (topScan / top):0} CPUs)");

        double ratio = topIpis / topScan;
        bool? holds = top < MaxCpus ? null : ratio >= MuchLess;
        string why = holds is null
            ? $"stopped at {top} CPUs"
            : holds.Value
                ? $"{top} IPIs cost {ratio:0}× a scan of {top} CPUs"
                : $"{top} IPIs cost only {ratio:0.#}× a scan of {top} CPUs";
        return new ExperimentOutcome(table, [], measured, $"{top} IPIs / scan of {top} CPUs = {ratio:0.#}×", holds, why, Write);

        IReadOnlyList<string> Write()
        {
            string csv = Path.Combine(context.Folder, $"{Name}.csv");
            string png = Path.Combine(context.Folder, $"{Name}.png");
            table.WriteCsv(csv);
            double[] x = [.. rows.Select(r => (double)r.Cpus)];
            Plots.Lines(png, $"{Name}: hazard scan vs IPIs to the same CPUs, IPI = {Units.Nanoseconds(context.IpiCostNs)}\n{context.Host}",
                "simulated CPUs scanned / IPI targets", "time per mmput (ns, log scale)",
                [
                    ("hazard scan (measured)", x, [.. rows.Select(r => r.Scan)], false, 0),
                    ("bare load-acquire loop (measured)", x, [.. rows.Select(r => r.Bare)], true, 0),
                    ("IPIs to the same CPUs (model)", x, [.. rows.Select(r => r.Ipis)], false, 1),
                    ("one IPI (model)", x, [.. rows.Select(_ => context.IpiCostNs)], true, 1),
                ],
                logX: true, logY: true);
            return [csv, png];
        }
    }
}
