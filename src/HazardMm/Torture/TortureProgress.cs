using HazardMm.Cpus;

namespace HazardMm.Torture;

/// <summary>One per-second sample of a running torture case: rates over the last interval.</summary>
public readonly record struct TortureProgress(TortureCase Case, TimeSpan Elapsed, StatsSnapshot PerSecond, long LiveMms, long LiveTasks)
{
    public override string ToString() =>
        $"[{Case.Label}] {Elapsed.TotalSeconds,4:F0}s: switches {PerSecond.Switches}/s, lazy {PerSecond.LazyEntries}/s, " +
        $"exits {PerSecond.Exits}/s, scans {PerSecond.Scans}/s, IPIs {PerSecond.IpisSent}/s, live mms {LiveMms}, tasks {LiveTasks}" +
        HostDelayText.Of(PerSecond, "/s");
}
