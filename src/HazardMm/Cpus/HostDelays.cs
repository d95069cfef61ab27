using System.Diagnostics;
using System.Globalization;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// Host time the simulated hardware costs on real threads: the IPI cost model (design.md#ipi-cost),
/// split between sender and target, and descheduled vCPUs (design.md#vcpu-preemption). Both busy-wait with
/// cpu_relax, never sleep, and are counted in the CPU's <see cref="CpuStats"/>. A systematic model's
/// time is its steps, not nanoseconds: the kernel gives it <see cref="None"/>.
/// </summary>
public sealed partial class HostDelays
{
    /// <summary>No delay anywhere.</summary>
    public static readonly HostDelays None = new(TimeSpan.Zero, null, 0, null);

    /// <summary>Longs per CPU in a per-CPU array of this class: one cache line each.</summary>
    private const int PaddedLongs = Arena.LineBytes / sizeof(long);

    private readonly long _ipiSendTicks;
    private readonly long _ipiTakeTicks;
    private readonly long _preemptTicks;
    private readonly double _preemptProbability;
    private readonly PerCpuRandom? _random;
    private readonly bool[]? _preemptable;
    private readonly RunControl? _control;

    /// <param name="ipiCost">One IPI's round trip: the sender pays half of it to deliver the IPI, the target the
    /// other half to take it, so the sender waits the whole of it; zero disables.</param>
    /// <param name="preemption">Descheduled vCPUs; null disables.</param>
    /// <param name="ipiDelay">Delayed IPI delivery (design.md#torture); null disables.</param>
    /// <param name="mmputAsync">mmput_async at exit (design.md#torture); null disables.</param>
    public HostDelays(TimeSpan ipiCost, VcpuPreemption? preemption, int cpus, RunControl? control, IpiDelay? ipiDelay = null, MmputAsync? mmputAsync = null)
    {
        _cpus = cpus;
        MmputAsync = mmputAsync;
        if (mmputAsync is not null)
        {
            _mmputAsyncRandom = new PerCpuRandom(cpus, cpu => (ulong)mmputAsync.Seed + ((ulong)cpu + 1) * 0xBF58476D1CE4E5B9UL);
        }

        IpiDelay = ipiDelay;
        if (ipiDelay is not null)
        {
            _ipiDelayTicks = ToStopwatchTicks(ipiDelay.Bound);
            _ipiDelayRandom = new PerCpuRandom(cpus, cpu => (ulong)ipiDelay.Seed + ((ulong)cpu + 1) * 0x9E3779B97F4A7C15UL);
            _deliverAt = new long[cpus * PaddedLongs];
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ipiCost, TimeSpan.Zero);
        IpiCost = ipiCost;
        Preemption = preemption is { Probability: > 0 } ? preemption : null;
        _control = control;
        long ipiTicks = ToStopwatchTicks(ipiCost);
        _ipiSendTicks = ipiTicks / 2;
        _ipiTakeTicks = ipiTicks - _ipiSendTicks;
        _preemptTicks = Preemption is null ? 0 : ToStopwatchTicks(Preemption.Duration);
        _preemptProbability = Preemption?.Probability ?? 0;
        _random = Preemption is null ? null : new PerCpuRandom(cpus, cpu => (ulong)Preemption.Seed + ((ulong)cpu + 1) * 0xD1B54A32D192ED03UL);
        _preemptable = Preemption?.OnlyCpus is { } only ? [.. Enumerable.Range(0, cpus).Select(only.Contains)] : null;
    }

    /// <summary>One IPI's round trip as its sender sees it, <see cref="IpiSendCost"/> and <see cref="IpiTakeCost"/> together.</summary>
    public TimeSpan IpiCost { get; }

    /// <summary>What delivering one IPI costs its sender: the APIC write, or the hypercall and VM exit.</summary>
    public TimeSpan IpiSendCost => FromStopwatchTicks(_ipiSendTicks);

    /// <summary>What taking one IPI costs its target: interrupt entry and exit around the handler.</summary>
    public TimeSpan IpiTakeCost => FromStopwatchTicks(_ipiTakeTicks);

    public VcpuPreemption? Preemption { get; }

    /// <summary>The sender's half of one IPI (<see cref="IpiSendCost"/>): spins for it and counts the time spent.</summary>
    public void PayIpiSend(Cpu cpu) => PayIpi(cpu, _ipiSendTicks);

    /// <summary>The target's half of one IPI (<see cref="IpiTakeCost"/>): spins for it and counts the time spent.</summary>
    public void PayIpiTake(Cpu cpu) => PayIpi(cpu, _ipiTakeTicks);

    private void PayIpi(Cpu cpu, long ticks)
    {
        if (ticks == 0)
        {
            return;
        }

        // The CPU is busy, not descheduled: PAUSE only, never give the host core away.
        cpu.Stats.IpiCostTicks += Spin(ticks, yield: false);
    }

    /// <summary>
    /// A preemption point: with the configured probability this CPU stops here for the configured
    /// duration, interrupts on or off, answering nothing meanwhile.
    /// </summary>
    public void PreemptionPoint(Cpu cpu)
    {
        if (_random is null || (_preemptable is not null && !_preemptable[cpu.Id]) || _random.NextDouble(cpu.Id) >= _preemptProbability)
        {
            return;
        }

        CpuStats stats = cpu.Stats;
        stats.Preemptions++;
        if (cpu.IrqsDisabled)
        {
            stats.PreemptionsIrqsOff++;
        }

        // Descheduled: the host core may go to another CPU thread (cpu_relax's policy).
        stats.PreemptedTicks += Spin(_preemptTicks, yield: true);
    }

    /// <summary>A duration as the CLI prints it: ns below 1 µs, µs below 1 ms, else ms.</summary>
    public static string Format(TimeSpan time)
    {
        double ns = time.Ticks * (1e9 / TimeSpan.TicksPerSecond);
        return ns < 1_000 ? ns.ToString("0", CultureInfo.InvariantCulture) + "ns"
            : ns < 1_000_000 ? (ns / 1_000).ToString("0.###", CultureInfo.InvariantCulture) + "us"
            : (ns / 1_000_000).ToString("0.###", CultureInfo.InvariantCulture) + "ms";
    }

    public static long ToStopwatchTicks(TimeSpan time) => (long)(time.Ticks * (double)Stopwatch.Frequency / TimeSpan.TicksPerSecond);

    public static TimeSpan FromStopwatchTicks(long ticks) => TimeSpan.FromTicks((long)(ticks * (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency));

    /// <summary>
    /// Busy-waits <paramref name="ticks"/> (or until the run is aborted), with cpu_relax when
    /// <paramref name="yield"/>, else PAUSE alone; returns the ticks spent.
    /// </summary>
    private long Spin(long ticks, bool yield)
    {
        long start = Stopwatch.GetTimestamp();
        long end = start + ticks;
        long now;
        while ((now = Stopwatch.GetTimestamp()) < end && _control is not { Aborted: true })
        {
            if (yield)
            {
                HardwareMemory.CpuRelax();
            }
            else
            {
                CpuRelaxPolicy.Pause();
            }
        }

        return now - start;
    }
}
