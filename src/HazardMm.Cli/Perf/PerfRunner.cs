using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Torture;
using HazardMm.Workload;

namespace HazardMm.Cli.Perf;

/// <summary>
/// Runs torture cases for the perf commands: one point each, every one with the same seed and IPI
/// cost model (design.md#ipi-cost), shown on the view as it goes.
/// </summary>
public sealed class PerfRunner(IRunView view, ICpuHost host, long seed, TimeSpan ipiCost, CancellationToken stop)
{
    /// <summary>
    /// One point: <paramref name="scheme"/> on <paramref name="arch"/> with <paramref name="cpus"/> CPUs for
    /// <paramref name="time"/>; the default workload unless given, descheduled vCPUs if asked (seeded with the run's seed).
    /// </summary>
    public PerfPoint Run(string scheme, ArchModel arch, int cpus, TimeSpan time, RandomWorkloadOptions? workload = null, VcpuPreemption? preemption = null)
    {
        var c = new TortureCase(scheme, arch, cpus, time, seed)
        {
            Workload = workload ?? new RandomWorkloadOptions(),
            IpiCost = ipiCost,
            VcpuPreemption = preemption is null ? null : new VcpuPreemption(preemption.Probability, preemption.Duration, seed),

            // A perf point measures the schemes, not the failure report: the same hot path as before the recorder (design.md#flight-recorder).
            FlightRecorderEvents = 0,
        };
        IRunItem item = view.Start($"[{c.Label} cpus={cpus}]", time.TotalSeconds);
        TortureResult result = TortureRunner.Run(c, host, p => item.Progress(p.Elapsed.TotalSeconds, $"{p.PerSecond.Switches} switches/s"), stop);
        var point = new PerfPoint(result);
        item.Finish(result.Success ? "done" : "failed");
        view.Line(point.Line);
        return point;
    }

    /// <summary>Runs each point in order for <paramref name="time"/>, stopping before the next one once a stop is requested; the points run so far.</summary>
    public List<PerfPoint> RunEach(IEnumerable<(string Scheme, ArchModel Arch, int Cpus)> points, TimeSpan time)
    {
        var done = new List<PerfPoint>();
        foreach ((string scheme, ArchModel arch, int cpus) in points)
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            done.Add(Run(scheme, arch, cpus, time));
        }

        return done;
    }

    /// <summary>CPU counts 1, 2, 4, … below <paramref name="max"/>, then <paramref name="max"/>: will-it-scale's doubling with the top point exact.</summary>
    public static IReadOnlyList<int> CpuPoints(int max)
    {
        var points = new List<int>();
        for (int n = 1; n < max; n *= 2)
        {
            points.Add(n);
        }

        points.Add(max);
        return points;
    }
}
