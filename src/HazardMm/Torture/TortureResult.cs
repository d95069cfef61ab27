using HazardMm.Cpus;
using HazardMm.Metrics;
using HazardMm.Oracle;

namespace HazardMm.Torture;

/// <summary>How a torture run ended, with its totals.</summary>
/// <param name="Elapsed">Until the violation, when there was one; else until the end or the stop.</param>
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
    /// <summary>The "mm age at use" histogram of the whole run (design.md#torture).</summary>
    public MmAgeHistogram Ages { get; init; }

    public bool Success => Violation is null;

    /// <summary>A failure that is a stall: a CPU that made no progress, or a quiescence that never completed.</summary>
    public bool Stalled => Violation is { Kind: ViolationKind.Hang };

    public double SwitchesPerSecond => Elapsed > TimeSpan.Zero ? Totals.Switches / Elapsed.TotalSeconds : 0;

    /// <summary>
    /// The alarm line of a failed case, printed the moment it ends: <c>!!!</c> for an error, <c>???</c>
    /// for a stall, with the time of the violation; null on success.
    /// </summary>
    public string? Alarm => Violation is null ? null : new TortureAlarm(Case, Elapsed, Violation).Line;

    /// <summary>
    /// The flight recorder's lines for a failed case (design.md#flight-recorder): the last events of
    /// the CPU that saw the violation and of the CPU that freed the mm; empty on success or when off.
    /// </summary>
    public IReadOnlyList<string> FlightRecord { get; init; } = [];

    /// <summary>The verdict line: SUCCESS or FAILURE first, then scheme, arch, CPUs, faults and seed, the violation, the counts.</summary>
    public string Summary
    {
        get
        {
            string counts = $"{Totals.Switches} switches in {Elapsed.TotalSeconds:F3}s ({SwitchesPerSecond:F0}/s), {Totals.LazyEntries} lazy entries, " +
                $"{Totals.Exits} exits, {Totals.Scans} scans, {Totals.IpisSent} IPIs, mms {MmsAllocated} allocated / {MmsFreed} freed" +
                HostDelayText.Of(Totals, string.Empty) + $", {Ages}";
            string stopped = Interrupted ? " [interrupted]" : string.Empty;
            string head = $"{Case.Scheme} arch={Case.Arch.Name} cpus={Case.Cpus} faults={Case.Faults} seed={Case.Seed}";
            return Success
                ? $"SUCCESS {head}: {counts}{stopped}"
                : $"FAILURE {head}: {Violation!.Message}; {counts}{stopped}";
        }
    }
}
