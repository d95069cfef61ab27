using System.Runtime.InteropServices;

namespace HazardMm.Cpus;

/// <summary>
/// Event counters of one CPU: written only by that CPU (plain increments), read by the monitor with
/// <see cref="Volatile"/>. Sized to two cache lines so that two CPUs' counters never share one.
/// Instrumentation, not kernel state: it does not go through the memory seam.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = 2 * Memory.Arena.LineBytes)]
public sealed class CpuStats
{
    /// <summary>context_switch calls.</summary>
    public long Switches;

    /// <summary>Entries into lazy TLB mode: user→kernel switches, exit_mm and kthread_unuse_mm.</summary>
    public long LazyEntries;

    /// <summary>Tasks that ran exit_mm.</summary>
    public long Exits;

    /// <summary>Scheme scan passes (hazard slots or cpumask walked at __mmput/__mmdrop).</summary>
    public long Scans;

    /// <summary>IPIs sent (a call to self is not an IPI).</summary>
    public long IpisSent;

    /// <summary>unlazy_mm_irqs_off switches from a lazy mm to init_mm.</summary>
    public long Unlazies;

    /// <summary>Scheduler loop iterations of any kind; stalls show as this not moving.</summary>
    public long Heartbeat;

    /// <summary>Stopwatch ticks spent paying the IPI cost model, as sender and as target (design.md#ipi-cost).</summary>
    public long IpiCostTicks;

    /// <summary>Times this CPU was descheduled (design.md#vcpu-preemption).</summary>
    public long Preemptions;

    /// <summary>Of <see cref="Preemptions"/>, those taken with IRQs off.</summary>
    public long PreemptionsIrqsOff;

    /// <summary>Stopwatch ticks this CPU spent descheduled.</summary>
    public long PreemptedTicks;

    /// <summary>Remote hazard slots (rq->lazy_mm, hazptr slots) loaded by this CPU's scans.</summary>
    public long SlotsScanned;

    /// <summary>IPI deliveries this CPU took late (--ipi-delay, design.md#torture).</summary>
    public long IpisDelayed;

    /// <summary>Stopwatch ticks of delay drawn for those deliveries.</summary>
    public long IpiDelayTicks;

    /// <summary>Times this CPU was held by a stutter (--stutter, design.md#torture).</summary>
    public long Stutters;

    /// <summary>Stopwatch ticks this CPU spent held by stutters.</summary>
    public long StutteredTicks;

    /// <summary>Exits whose last mmput this CPU handed to another CPU's kworker (--mmput-async, design.md#torture).</summary>
    public long MmputsAsync;

    /// <summary>Times this CPU went offline (--hotplug, design.md#hotplug).</summary>
    public long Offlines;

    /// <summary>Times this CPU came back online.</summary>
    public long Onlines;

    /// <summary>Tasks and kworker jobs this CPU handed to other CPUs while it was dying.</summary>
    public long TasksMigrated;

    /// <summary>Lazy mms this CPU left for init_mm and handed back to its scheme while dying.</summary>
    public long LazyHandedBack;

    public StatsSnapshot Read() => new(
        Volatile.Read(ref Switches),
        Volatile.Read(ref LazyEntries),
        Volatile.Read(ref Exits),
        Volatile.Read(ref Scans),
        Volatile.Read(ref IpisSent),
        Volatile.Read(ref Unlazies),
        Volatile.Read(ref Heartbeat),
        Volatile.Read(ref IpiCostTicks),
        Volatile.Read(ref Preemptions),
        Volatile.Read(ref PreemptionsIrqsOff),
        Volatile.Read(ref PreemptedTicks),
        Volatile.Read(ref SlotsScanned),
        Volatile.Read(ref IpisDelayed),
        Volatile.Read(ref IpiDelayTicks),
        Volatile.Read(ref Stutters),
        Volatile.Read(ref StutteredTicks),
        Volatile.Read(ref MmputsAsync),
        Volatile.Read(ref Offlines),
        Volatile.Read(ref Onlines),
        Volatile.Read(ref TasksMigrated),
        Volatile.Read(ref LazyHandedBack));
}

/// <summary>A sum of <see cref="CpuStats"/> at one instant.</summary>
public readonly record struct StatsSnapshot(
    long Switches, long LazyEntries, long Exits, long Scans, long IpisSent, long Unlazies, long Heartbeat,
    long IpiCostTicks = 0, long Preemptions = 0, long PreemptionsIrqsOff = 0, long PreemptedTicks = 0, long SlotsScanned = 0,
    long IpisDelayed = 0, long IpiDelayTicks = 0, long Stutters = 0, long StutteredTicks = 0, long MmputsAsync = 0,
    long Offlines = 0, long Onlines = 0, long TasksMigrated = 0, long LazyHandedBack = 0)
{
    /// <summary>Host time spent paying the IPI cost model, all CPUs together.</summary>
    public TimeSpan IpiCostPaid => HostDelays.FromStopwatchTicks(IpiCostTicks);

    /// <summary>Host time CPUs spent descheduled, all CPUs together.</summary>
    public TimeSpan Preempted => HostDelays.FromStopwatchTicks(PreemptedTicks);

    /// <summary>Delay drawn for late IPI deliveries, all CPUs together.</summary>
    public TimeSpan IpiDelayed => HostDelays.FromStopwatchTicks(IpiDelayTicks);

    /// <summary>Host time CPUs spent held by stutters, all CPUs together.</summary>
    public TimeSpan Stuttered => HostDelays.FromStopwatchTicks(StutteredTicks);

    public static StatsSnapshot operator +(StatsSnapshot a, StatsSnapshot b) => new(
        a.Switches + b.Switches, a.LazyEntries + b.LazyEntries, a.Exits + b.Exits, a.Scans + b.Scans,
        a.IpisSent + b.IpisSent, a.Unlazies + b.Unlazies, a.Heartbeat + b.Heartbeat,
        a.IpiCostTicks + b.IpiCostTicks, a.Preemptions + b.Preemptions, a.PreemptionsIrqsOff + b.PreemptionsIrqsOff,
        a.PreemptedTicks + b.PreemptedTicks, a.SlotsScanned + b.SlotsScanned,
        a.IpisDelayed + b.IpisDelayed, a.IpiDelayTicks + b.IpiDelayTicks, a.Stutters + b.Stutters, a.StutteredTicks + b.StutteredTicks,
        a.MmputsAsync + b.MmputsAsync, a.Offlines + b.Offlines, a.Onlines + b.Onlines, a.TasksMigrated + b.TasksMigrated,
        a.LazyHandedBack + b.LazyHandedBack);

    public static StatsSnapshot operator -(StatsSnapshot a, StatsSnapshot b) => new(
        a.Switches - b.Switches, a.LazyEntries - b.LazyEntries, a.Exits - b.Exits, a.Scans - b.Scans,
        a.IpisSent - b.IpisSent, a.Unlazies - b.Unlazies, a.Heartbeat - b.Heartbeat,
        a.IpiCostTicks - b.IpiCostTicks, a.Preemptions - b.Preemptions, a.PreemptionsIrqsOff - b.PreemptionsIrqsOff,
        a.PreemptedTicks - b.PreemptedTicks, a.SlotsScanned - b.SlotsScanned,
        a.IpisDelayed - b.IpisDelayed, a.IpiDelayTicks - b.IpiDelayTicks, a.Stutters - b.Stutters, a.StutteredTicks - b.StutteredTicks,
        a.MmputsAsync - b.MmputsAsync, a.Offlines - b.Offlines, a.Onlines - b.Onlines, a.TasksMigrated - b.TasksMigrated,
        a.LazyHandedBack - b.LazyHandedBack);
}
