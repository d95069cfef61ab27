using HdrHistogram;

namespace HazardMm.Metrics;

/// <summary>
/// What one run cost, beside its verdict (design.md#ipi, design.md#hazard-scan): how long each mm
/// waited from the start of __mmput to its free, the IPIs sent and answered, the hazard slots the
/// scans loaded, and the most mms that were dead (mm_users 0) but not yet freed at once.
/// </summary>
/// <param name="MmputToFree">Nanoseconds from __mmput's start to __mmdrop's free, one value per freed mm.</param>
public sealed record RunMetrics(HistogramBase MmputToFree, long IpisSent, long IpisReceived, long SlotsScanned, long PeakDeadMms)
{
    /// <summary>
    /// Nanoseconds from __mmput's start to its return: what the exiting task waited (a shootdown's IPI
    /// round, a scan), as opposed to when the mm was finally freed.
    /// </summary>
    public required HistogramBase MmputDuration { get; init; }

    public double MmputDurationP50Ns => MmputDuration.TotalCount == 0 ? 0 : MmputDuration.GetValueAtPercentile(50);

    public double MmputDurationP99Ns => MmputDuration.TotalCount == 0 ? 0 : MmputDuration.GetValueAtPercentile(99);

    /// <summary>The tail where a rare wait shows: one mmput in a thousand.</summary>
    public double MmputDurationP999Ns => MmputDuration.TotalCount == 0 ? 0 : MmputDuration.GetValueAtPercentile(99.9);

    public double MmputDurationMaxNs => MmputDuration.TotalCount == 0 ? 0 : MmputDuration.GetMaxValue();

    /// <summary>mms that went from __mmput to their free during the run.</summary>
    public long MmsFreed => MmputToFree.TotalCount;

    public double LatencyP50Ns => Percentile(50);

    public double LatencyP99Ns => Percentile(99);

    public double LatencyMaxNs => MmsFreed == 0 ? 0 : MmputToFree.GetMaxValue();

    /// <summary>IPIs sent per mm that reached __mmput (0 when none did).</summary>
    public double IpisPerMmput => MmsFreed == 0 ? 0 : (double)IpisSent / MmsFreed;

    /// <summary>Hazard slots loaded per mm that reached __mmput.</summary>
    public double SlotsPerMmput => MmsFreed == 0 ? 0 : (double)SlotsScanned / MmsFreed;

    public override string ToString() =>
        $"mmput->free p50 {Units.Nanoseconds(LatencyP50Ns)} p99 {Units.Nanoseconds(LatencyP99Ns)} max {Units.Nanoseconds(LatencyMaxNs)} ({MmsFreed} mms), " +
        $"IPIs {IpisSent} sent / {IpisReceived} received, {SlotsScanned} slots scanned, peak {PeakDeadMms} dead mms";

    private double Percentile(double p) => MmsFreed == 0 ? 0 : MmputToFree.GetValueAtPercentile(p);
}
