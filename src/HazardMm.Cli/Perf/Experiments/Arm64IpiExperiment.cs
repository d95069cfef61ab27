using HazardMm.Arch;
using HazardMm.Metrics;

namespace HazardMm.Cli.Perf.Experiments;

/// <summary>
/// arm64 (no cpumask, broadcast TLB flush; design.md#arch): shootdown and Linus's scheme must IPI
/// every other CPU at each mmput, hazard loads every CPU's rq->lazy_mm. Counts come from real runs;
/// the cost per mmput and per second of work prices them with the IPI cost model and the measured
/// load-acquire of the scan.
/// </summary>
public sealed class Arm64IpiExperiment : Experiment
{
    private static readonly string[] Schemes = ["shootdown", "linus", "hazard"];

    /// <summary>"Much much slower": an order of magnitude at least.</summary>
    private const double MuchSlower = 10;

    public override string Name => "arm64-ipi";

    public override string Claim => "on arm64 an IPI is \"much much slower than a simple load-acquire in a loop\": shootdown's and Linus's IPIs cost more per mmput than hazard's scan";

    public override TimeSpan DefaultTime => TimeSpan.FromSeconds(3);

    public override string TimeMeans => "per scheme run";

    public override ExperimentOutcome Run(ExperimentContext context)
    {
        int cpus = Math.Max(2, context.Cpus);
        context.View.Line($"timing one load-acquire per slot: hazard's scan of {cpus} CPUs, directly");
        double slotNs = ScanTimer.MeasureNs(cpus, TimeSpan.FromSeconds(1)).ScanNs / cpus;
        var points = new List<PerfPoint>();
        foreach (string scheme in Schemes)
        {
            if (context.Stop.IsCancellationRequested)
            {
                break;
            }

            points.Add(context.Runner.Run(scheme, ArchModel.Arm64, cpus, context.Time));
        }

        var table = new Table(
            "scheme", "cpus", "mmputs", "ipis_per_mmput", "ipis_per_s", "slots_per_mmput", "slots_per_s", "model_cost_per_mmput_ns", "model_cost_us_per_s",
            "mmput_free_p50_ns", "mmput_free_p99_ns", "verdict");
        var cost = new Dictionary<string, double>();
        foreach (PerfPoint p in points)
        {
            RunMetrics m = p.Metrics;
            double seconds = p.Result.Elapsed.TotalSeconds;
            double perMmput = (m.IpisPerMmput * context.IpiCostNs) + (m.SlotsPerMmput * slotNs);
            double perSecond = ((m.IpisSent * context.IpiCostNs) + (m.SlotsScanned * slotNs)) / seconds / 1e3;
            cost[p.Scheme] = perMmput;
            table.Add(p.Scheme, cpus, m.MmsFreed, m.IpisPerMmput, m.IpisSent / seconds, m.SlotsPerMmput, m.SlotsScanned / seconds, perMmput, perSecond,
                m.LatencyP50Ns, m.LatencyP99Ns, p.Verdict);
        }

        var measured = new List<string>
        {
            $"cost model: one IPI = {Units.Nanoseconds(context.IpiCostNs)} ({context.IpiCostSource}); one hazard slot load-acquire = {Units.Nanoseconds(slotNs)} (measured scan of {cpus} CPUs / {cpus})",
        };
        measured.AddRange(points.Select(p =>
            $"{p.Scheme}: {p.Metrics.IpisPerMmput:0.##} IPIs and {p.Metrics.SlotsPerMmput:0.##} slot loads per mmput, modelled {Units.Nanoseconds(cost[p.Scheme])} per mmput; measured mmput-to-free p50 {Units.Nanoseconds(p.Metrics.LatencyP50Ns)}"));

        bool complete = points.Count == Schemes.Length && points.All(p => p.Result.Success) && points.All(p => p.Metrics.MmsFreed > 0);
        if (!complete)
        {
            return new ExperimentOutcome(table, points, measured, "n/a", null, "not every scheme ran to the end with the oracle passing", Write);
        }

        if (context.IpiCostNs == 0)
        {
            return new ExperimentOutcome(table, points, measured, "n/a", null, "the IPI cost model is off (--ipi-cost 0): an IPI costs nothing to compare", Write);
        }

        double shootdown = cost["shootdown"] / cost["hazard"];
        double linus = cost["linus"] / cost["hazard"];
        string ratio = $"cost per mmput vs hazard: shootdown {shootdown:0.#}×, linus {linus:0.#}×";
        bool holds = Math.Min(shootdown, linus) >= MuchSlower;
        string why = holds
            ? $"both IPI schemes cost at least {MuchSlower}× hazard's scan per mmput at {cpus} CPUs"
            : $"at {cpus} CPUs the IPI schemes cost under {MuchSlower}× hazard's scan per mmput";
        return new ExperimentOutcome(table, points, measured, ratio, holds, why, Write);

        IReadOnlyList<string> Write()
        {
            string csv = Path.Combine(context.Folder, $"{Name}.csv");
            string png = Path.Combine(context.Folder, $"{Name}.png");
            table.WriteCsv(csv);
            Plots.LogBars(png, $"{Name}: modelled cost per mmput, {cpus} CPUs, IPI = {Units.Nanoseconds(context.IpiCostNs)}\n{context.Host}",
                "IPIs × IPI cost + slot loads × load-acquire (ns, log)", [.. points.Select(p => (p.Scheme, cost[p.Scheme]))]);
            return [csv, png];
        }
    }
}
