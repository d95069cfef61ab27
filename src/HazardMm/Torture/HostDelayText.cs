using HazardMm.Cpus;

namespace HazardMm.Torture;

/// <summary>The host-delay counters of a torture line (design.md#ipi-cost, design.md#vcpu-preemption): empty when none was paid.</summary>
internal static class HostDelayText
{
    /// <param name="rate">"/s" for a per-second sample, empty for totals.</param>
    public static string Of(StatsSnapshot stats, string rate)
    {
        string text = string.Empty;
        if (stats.IpiCostTicks > 0)
        {
            text += $", IPI cost paid {HostDelays.Format(stats.IpiCostPaid)}{rate}";
        }

        if (stats.Preemptions > 0)
        {
            text += $", vCPU preemptions {stats.Preemptions}{rate} ({stats.PreemptionsIrqsOff} IRQs-off, {HostDelays.Format(stats.Preempted)}{rate} descheduled)";
        }

        return text;
    }
}
