using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Mutants;
using HazardMm.Workload;

namespace HazardMm.Torture;

/// <summary>One torture run: a scheme on an architecture, with a CPU count, a duration and a seed.</summary>
public sealed record TortureCase(string Scheme, ArchModel Arch, int Cpus, TimeSpan Duration, long Seed)
{
    public RandomWorkloadOptions Workload { get; init; } = new();

    /// <summary>A planted bug to run with (the kill matrix's torture column).</summary>
    public MutantId Mutant { get; init; } = MutantId.None;

    /// <summary>One IPI's round trip, half busy-waited by the sender and half by the target (design.md#ipi-cost); zero disables.</summary>
    public TimeSpan IpiCost { get; init; } = TimeSpan.Zero;

    /// <summary>Descheduled vCPUs (design.md#vcpu-preemption); null disables.</summary>
    public VcpuPreemption? VcpuPreemption { get; init; }

    /// <summary>IPIs taken late (design.md#torture); null disables.</summary>
    public IpiDelay? IpiDelay { get; init; }

    /// <summary>mmput_async at exit (design.md#torture); null disables.</summary>
    public MmputAsync? MmputAsync { get; init; }

    /// <summary>CPUs going offline and coming back (design.md#hotplug); null disables.</summary>
    public Hotplug? Hotplug { get; init; }

    /// <summary>Every CPU held together for a while once per this interval (rcutorture's stutter); null disables.</summary>
    public TimeSpan? Stutter { get; init; }

    /// <summary>The --overcommit factor the CPU count came from (CPUs per host core); 0 when the count was given or defaulted.</summary>
    public int Overcommit { get; init; }

    /// <summary>Events the flight recorder keeps per CPU, dumped on a failure (design.md#flight-recorder); 0 turns it off.</summary>
    public int FlightRecorderEvents { get; init; } = FlightRecorder.DefaultEventsPerCpu;

    /// <summary>How long quiescence may take after the stop before the run is declared hung.</summary>
    public TimeSpan QuiesceTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The fewest CPUs a default run has: enough for a sender with two remote targets at once, even on a 2-core host.</summary>
    public const int MinDefaultCpus = 4;

    /// <summary>The default of <see cref="StallTimeout"/>: far above any fault's pause.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How long one CPU may make no progress before the run is declared stalled (design.md#torture).</summary>
    public TimeSpan StallTimeout { get; init; } = DefaultStallTimeout;

    /// <summary>mm slab size: every task its own process, plus lazily deferred frees and queued work.</summary>
    public int MmCapacity => Cpus * Workload.MaxTasksPerCpu * 2 + 64;

    /// <summary>
    /// The CPU count of a default run (the torture command, the kill matrix's torture column): one per
    /// host core, at least <see cref="MinDefaultCpus"/> (oversubscribed on a small host), so that every
    /// multi-target IPI path runs (design.md#torture).
    /// </summary>
    public static int DefaultCpus(int hostCores) => Math.Max(MinDefaultCpus, hostCores);

    public string Label => $"{Scheme}/{Arch.Name}";

    /// <summary>The faults injected, as the verdict line names them: "none", or each fault with its setting.</summary>
    public string Faults
    {
        get
        {
            var faults = new List<string>();
            if (VcpuPreemption is { } p)
            {
                faults.Add($"vcpu-preempt={p.Probability.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}:{HostDelays.Format(p.Duration)}");
            }

            if (IpiDelay is { } d)
            {
                faults.Add($"ipi-delay={HostDelays.Format(d.Bound)}");
            }

            if (Stutter is { } s)
            {
                faults.Add($"stutter={(long)s.TotalMilliseconds}ms");
            }

            if (MmputAsync is { } m)
            {
                faults.Add($"mmput-async={m.Probability.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}");
            }

            if (Hotplug is { } h)
            {
                faults.Add($"hotplug={HostDelays.Format(h.Interval)}");
            }

            if (Overcommit > 0)
            {
                faults.Add($"overcommit={Overcommit}");
            }

            return faults.Count == 0 ? "none" : string.Join(",", faults);
        }
    }
}
