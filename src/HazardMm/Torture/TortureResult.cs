using HazardMm.Cpus;
using HazardMm.Metrics;
using HazardMm.Oracle;

namespace HazardMm.Torture;

/// <summary>How a torture run ended, with its totals.</summary>
public sealed record TortureResult(
    TortureCase Case,
    InvariantViolation? Violation,
    StatsSnapshot Totals,
    TimeSpan Elapsed,
    long MmsAllocated,
    long MmsFreed,
    string Placement,
    bool Interrupted,
    RunMetrics Metrics)
{
    public bool Success => Violation is null;

    public double SwitchesPerSecond => Elapsed > TimeSpan.Zero ? Totals.Switches / Elapsed.TotalSeconds : 0;

    /// <summary>The verdict line: SUCCESS or FAILURE first, then enough to reproduce it.</summary>
    public string Summary
    {
        get
        {
            string counts = $"{Totals.Switches} switches ({SwitchesPerSecond:F0}/s), {Totals.LazyEntries} lazy entries, " +
                $"{Totals.Exits} exits, {Totals.Scans} scans, {Totals.IpisSent} IPIs, mms {MmsAllocated} allocated / {MmsFreed} freed" +
                HostDelayText.Of(Totals, string.Empty);
            string stopped = Interrupted ? " [interrupted]" : string.Empty;
            return Success
                ? $"SUCCESS {Case.Scheme} arch={Case.Arch.Name}: {counts}{stopped}"
                : $"FAILURE {Case.Scheme} arch={Case.Arch.Name} seed={Case.Seed}: {Violation!.Message}; {counts}{stopped}";
        }
    }
}
