using HazardMm.Cpus;

namespace HazardMm.Torture;

/// <summary>The host-delay and fault counters of a torture line (design.md#ipi-cost, design.md#vcpu-preemption, design.md#torture): empty when none was paid.</summary>
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

        if (stats.IpisDelayed > 0)
        {
            text += $", IPIs delayed {stats.IpisDelayed}{rate} ({HostDelays.Format(stats.IpiDelayed)}{rate} in all)";
        }

        if (stats.Stutters > 0)
        {
            text += $", stutter holds {stats.Stutters}{rate} ({HostDelays.Format(stats.Stuttered)}{rate} held)";
        }

        if (stats.MmputsAsync > 0)
        {
            text += $", mmput_async {stats.MmputsAsync}{rate}";
        }

        if (stats.Offlines > 0 || stats.Onlines > 0)
        {
            text += $", hotplug offlines {stats.Offlines}{rate} onlines {stats.Onlines}{rate} tasks migrated {stats.TasksMigrated}{rate} lazy mms handed back {stats.LazyHandedBack}{rate}";
        }

        return text;
    }
}
