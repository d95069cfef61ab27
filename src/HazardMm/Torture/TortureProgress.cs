using HazardMm.Cpus;
using HazardMm.Oracle;

namespace HazardMm.Torture;

/// <summary>
/// One per-second sample of a running torture case: rates over the last interval, and the "mm age at
/// use" histogram so far. Printed as the stats line, which starts with <see cref="Prefix"/> so that a
/// log can be grepped for it (design.md#torture).
/// </summary>
public readonly record struct TortureProgress(TortureCase Case, TimeSpan Elapsed, StatsSnapshot PerSecond, long LiveMms, long LiveTasks, MmAgeHistogram Ages)
{
    /// <summary>The fixed start of every stats, error (<c>!!!</c>) and stall (<c>???</c>) line, as rcutorture's "rcu-torture:".</summary>
    public const string Prefix = "hazardmm-torture:";

    public override string ToString() =>
        $"{Prefix} [{Case.Label}] {Elapsed.TotalSeconds,4:F0}s: switches {PerSecond.Switches}/s, lazy {PerSecond.LazyEntries}/s, " +
        $"exits {PerSecond.Exits}/s, scans {PerSecond.Scans}/s, IPIs {PerSecond.IpisSent}/s, live mms {LiveMms}, tasks {LiveTasks}" +
        HostDelayText.Of(PerSecond, "/s") + $", {Ages}";
}
