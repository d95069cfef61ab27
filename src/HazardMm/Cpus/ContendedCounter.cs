using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// A harness counter every CPU updates with interlocked operations (live tasks, pids, pending jobs,
/// dead mms not yet freed), alone in its cache line: kept in the object beside read-mostly fields,
/// each update on one CPU was a miss in the other CPUs' next read of those fields (false sharing,
/// design.md#run-queue). Outside the memory seam, as the counters it replaces were. A count nothing
/// reads while the CPUs run is a <see cref="PerCpuCounter"/> instead.
/// </summary>
public sealed class ContendedCounter
{
    /// <summary>Slots before the value; as many after it, so no other data shares its line.</summary>
    private const int Padding = Arena.LineBytes / sizeof(long);

    private readonly long[] _cell = new long[(2 * Padding) + 1];

    /// <summary>The counter itself, for <see cref="Interlocked"/> and <see cref="Volatile"/>.</summary>
    public ref long Value
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _cell[Padding];
    }
}
