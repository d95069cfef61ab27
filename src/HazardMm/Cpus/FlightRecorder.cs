using System.Diagnostics;
using System.Runtime.CompilerServices;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Cpus;

/// <summary>
/// The per-CPU flight recorder of a torture run (design.md#flight-recorder): one ring of
/// <see cref="FlightEvent"/> values per CPU, overwritten oldest first, in one array allocated up front.
/// <para>Protocol: only CPU N writes ring N and its count, with plain stores: no lock, no atomic, no
/// allocation, no seam operation (so no scheduling point under a systematic model, which gets no
/// recorder at all). Nobody reads a ring while its CPU runs: the reader comes after the CPU threads
/// were joined, and the join orders every write before the read. Rings and counts are padded apart
/// by a cache line, so recording never writes a line another CPU writes.</para>
/// </summary>
public sealed class FlightRecorder
{
    /// <summary>Events kept per CPU when a torture case does not say otherwise: about 10 KiB each.</summary>
    public const int DefaultEventsPerCpu = 256;

    /// <summary>
    /// A CPU reads the clock at every this many events, and at every free (the event a
    /// failure report lines up across CPUs); the events between carry the last time read. A clock read
    /// costs more than the rest of a record (60-160 ns against about 6 on a loaded KVM guest).
    /// </summary>
    public const int ClockEvery = 16;

    /// <summary>Longs per CPU in <see cref="_count"/>: one cache line, holding the count and the last time read.</summary>
    private const int CountStride = Arena.LineBytes / sizeof(long);

    /// <summary>Events of padding after each ring: at least one cache line.</summary>
    private static readonly int RingPad = (Arena.LineBytes + Unsafe.SizeOf<FlightEvent>() - 1) / Unsafe.SizeOf<FlightEvent>();

    private readonly FlightEvent[] _events;
    private readonly long[] _count;
    private readonly int _mask;
    private readonly int _stride;

    /// <param name="eventsPerCpu">A power of two: the last this many events of each CPU are kept.</param>
    public FlightRecorder(int cpus, int eventsPerCpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cpus);
        if (eventsPerCpu <= 0 || (eventsPerCpu & (eventsPerCpu - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(eventsPerCpu), eventsPerCpu, "must be a power of two");
        }

        Cpus = cpus;
        EventsPerCpu = eventsPerCpu;
        _mask = eventsPerCpu - 1;
        _stride = eventsPerCpu + RingPad;

        // A spare pad before the first ring and line before the first count: the arrays' headers and
        // their neighbours on the heap never share a line with a CPU's writes.
        _events = new FlightEvent[RingPad + (cpus * _stride)];
        _count = new long[(cpus + 2) * CountStride];
    }

    public int Cpus { get; }

    public int EventsPerCpu { get; }

    /// <summary>Records an event on <paramref name="cpu"/>'s ring; call only on that CPU's own thread.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(int cpu, FlightEventKind kind, int prev, int next, MmPtr mm, long generation)
    {
        ref long count = ref _count[(cpu + 1) * CountStride];
        ref long clock = ref Unsafe.Add(ref count, 1);
        long n = count;
        bool exact = (n & (ClockEvery - 1)) == 0 || kind == FlightEventKind.Free;
        if (exact)
        {
            clock = Stopwatch.GetTimestamp();
        }

        _events[RingPad + (cpu * _stride) + (int)(n & _mask)] = new FlightEvent(clock, kind, prev, next, mm, generation, exact);
        count = n + 1;
    }

    /// <summary>How many events <paramref name="cpu"/> recorded in all (kept or overwritten). Only once the CPUs stopped.</summary>
    public long Recorded(int cpu) => _count[(cpu + 1) * CountStride];

    /// <summary>
    /// <paramref name="cpu"/>'s last kept events, oldest first, at most <paramref name="max"/>, ending
    /// just after event number <paramref name="end"/> (exclusive; null: the last recorded). Only once
    /// the CPUs stopped.
    /// </summary>
    public IReadOnlyList<FlightEvent> Last(int cpu, int max, long? end = null)
    {
        long recorded = Recorded(cpu);
        long stop = Math.Min(end ?? recorded, recorded);
        long start = Math.Max(Math.Max(0, stop - max), recorded - EventsPerCpu);
        var events = new List<FlightEvent>((int)Math.Max(0, stop - start));
        for (long n = start; n < stop; n++)
        {
            events.Add(_events[RingPad + (cpu * _stride) + (int)(n & _mask)]);
        }

        return events;
    }

    /// <summary>
    /// The CPU whose kept events include the free of <paramref name="mm"/>'s lifetime
    /// <paramref name="generation"/>, and that event's number on it; null when no ring still holds it.
    /// Only once the CPUs stopped.
    /// </summary>
    public (int Cpu, long Number)? FindFree(MmPtr mm, long generation)
    {
        for (int cpu = 0; cpu < Cpus; cpu++)
        {
            long recorded = Recorded(cpu);
            for (long n = recorded - 1; n >= Math.Max(0, recorded - EventsPerCpu); n--)
            {
                FlightEvent e = _events[RingPad + (cpu * _stride) + (int)(n & _mask)];
                if (e.Kind == FlightEventKind.Free && e.Mm == mm && e.Generation == generation)
                {
                    return (cpu, n);
                }
            }
        }

        return null;
    }
}
