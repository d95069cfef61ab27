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

    /// <summary>Remote hazard slots (rq->lazy_mm, hazptr slots) loaded by this CPU's scans.</summary>
    public long SlotsScanned;

    public StatsSnapshot Read() => new(
        Volatile.Read(ref Switches),
        Volatile.Read(ref LazyEntries),
        Volatile.Read(ref Exits),
        Volatile.Read(ref Scans),
        Volatile.Read(ref IpisSent),
        Volatile.Read(ref Unlazies),
        Volatile.Read(ref Heartbeat),
        Volatile.Read(ref SlotsScanned));
}

/// <summary>A sum of <see cref="CpuStats"/> at one instant.</summary>
public readonly record struct StatsSnapshot(
    long Switches, long LazyEntries, long Exits, long Scans, long IpisSent, long Unlazies, long Heartbeat, long SlotsScanned)
{
    public static StatsSnapshot operator +(StatsSnapshot a, StatsSnapshot b) => new(
        a.Switches + b.Switches, a.LazyEntries + b.LazyEntries, a.Exits + b.Exits, a.Scans + b.Scans,
        a.IpisSent + b.IpisSent, a.Unlazies + b.Unlazies, a.Heartbeat + b.Heartbeat, a.SlotsScanned + b.SlotsScanned);

    public static StatsSnapshot operator -(StatsSnapshot a, StatsSnapshot b) => new(
        a.Switches - b.Switches, a.LazyEntries - b.LazyEntries, a.Exits - b.Exits, a.Scans - b.Scans,
        a.IpisSent - b.IpisSent, a.Unlazies - b.Unlazies, a.Heartbeat - b.Heartbeat, a.SlotsScanned - b.SlotsScanned);
}
