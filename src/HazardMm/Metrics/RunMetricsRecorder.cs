using System.Diagnostics;
using System.Runtime.InteropServices;
using HazardMm.Cpus;
using HazardMm.Mm;
using HazardMm.Sched;
using HdrHistogram;

namespace HazardMm.Metrics;

/// <summary>
/// Records a run's <see cref="RunMetrics"/> as a kernel observer. On the hot path each CPU writes only
/// its own counters and its own histogram: no allocation, no lock. The one shared word is the count of
/// dead-but-unfreed mms (an atomic add per mm death and per free, never per switch). Merged by
/// <see cref="Collect"/> once the CPUs have quiesced.
/// </summary>
public sealed class RunMetricsRecorder : IKernelObserver
{
    /// <summary>An hour in nanoseconds: any longer mmput-to-free is a hang, reported as such elsewhere.</summary>
    private const long HighestNs = 3_600_000_000_000;

    /// <summary>Two significant digits (1 %): a few tens of KiB per CPU, so 1024 CPUs still fit.</summary>
    private const int SignificantDigits = 2;

    /// <summary>Longs per mm in <see cref="_mmputStart"/>: one padded line; the first line is left empty, beside the array's length.</summary>
    private const int StartStride = Memory.Arena.LineBytes / sizeof(long);

    private static readonly double NsPerTick = 1e9 / Stopwatch.Frequency;

    private readonly PerCpu[] _cpus;
    /// <summary>
    /// When each mm's __mmput started, one padded line per mm record: the exiting CPU writes it and the
    /// freeing CPU, often another, reads it; packed eight to a 64-byte line, each exit on one CPU was a miss at
    /// the next exit or free of an unrelated mm on another (false sharing, design.md#run-queue).
    /// </summary>
    private readonly long[] _mmputStart;
    private readonly ContendedCounter _dead = new();

    public RunMetricsRecorder(int cpus, int mmCapacity)
    {
        _cpus = new PerCpu[cpus];
        for (int i = 0; i < cpus; i++)
        {
            _cpus[i] = new PerCpu(new LongHistogram(HighestNs, SignificantDigits), new LongHistogram(HighestNs, SignificantDigits));
        }

        _mmputStart = new long[(mmCapacity + 1) * StartStride];
    }

    public void MmExiting(int cpu, MmPtr mm)
    {
        long now = Stopwatch.GetTimestamp();
        Volatile.Write(ref MmputStart(mm), now);
        PerCpu own = _cpus[cpu];

        // __mmput never nests on one CPU (nothing it runs, IPI handlers included, drops mm_users).
        own.MmputStart = now;
        long dead = Interlocked.Increment(ref _dead.Value);
        if (dead > own.PeakDead)
        {
            own.PeakDead = dead;
        }
    }

    public void MmPutDone(int cpu, MmPtr mm)
    {
        PerCpu own = _cpus[cpu];
        own.MmputDuration.RecordValue(Nanoseconds(Stopwatch.GetTimestamp() - own.MmputStart));
    }

    public void MmFreed(int cpu, MmPtr mm)
    {
        // The free follows the last fully ordered dec of mm_count, which follows __mmput's start: the
        // timestamp is visible here.
        long ticks = Stopwatch.GetTimestamp() - Volatile.Read(ref MmputStart(mm));
        Interlocked.Decrement(ref _dead.Value);
        _cpus[cpu].Latency.RecordValue(Nanoseconds(ticks));
    }

    public void IpiPosted(int sender, int target) => _cpus[sender].IpisSent++;

    public void IpiAnswered(int sender, int target) => _cpus[target].IpisReceived++;

    public void ContextSwitch(int cpu, TaskStruct prev, TaskStruct next)
    {
    }

    public void WorkQueued(int cpu)
    {
    }

    public void WorkDone(int cpu)
    {
    }

    /// <summary>The merged metrics; call once every CPU has returned. Slot counts come from the CPUs' stats.</summary>
    public RunMetrics Collect(IEnumerable<Cpu> cpus)
    {
        var latency = new LongHistogram(HighestNs, SignificantDigits);
        var duration = new LongHistogram(HighestNs, SignificantDigits);
        long sent = 0, received = 0, peak = 0;
        foreach (PerCpu c in _cpus)
        {
            latency.Add(c.Latency);
            duration.Add(c.MmputDuration);
            sent += c.IpisSent;
            received += c.IpisReceived;
            peak = Math.Max(peak, c.PeakDead);
        }

        long slots = cpus.Sum(cpu => cpu.Stats.Read().SlotsScanned);
        return new RunMetrics(latency, sent, received, slots, peak) { MmputDuration = duration };
    }

    private ref long MmputStart(MmPtr mm) => ref _mmputStart[(mm.Index + 1) * StartStride];

    private static long Nanoseconds(long ticks) => Math.Clamp((long)(ticks * NsPerTick), 0, HighestNs);

    /// <summary>One CPU's counters, padded so that two CPUs' never share a cache line.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 2 * Memory.Arena.LineBytes)]
    private sealed class PerCpu(LongHistogram latency, LongHistogram mmputDuration)
    {
        public long IpisSent;
        public long IpisReceived;
        public long PeakDead;
        public long MmputStart;

        public LongHistogram Latency { get; } = latency;

        public LongHistogram MmputDuration { get; } = mmputDuration;
    }
}
