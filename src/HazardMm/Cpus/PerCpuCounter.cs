using System.Diagnostics;
using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// A harness statistic every CPU bumps (the slab's allocations and frees, design.md#run-queue): one
/// padded line per CPU, so a bump stays in the bumping CPU's cache, and the total is the sum, read by
/// whoever reports it. Where one shared <see cref="ContendedCounter"/> moved its line between the CPUs
/// at every bump, this one moves nothing until it is read. Outside the memory seam, as the counters it
/// replaces were.
/// </summary>
/// <remarks>
/// The bump is interlocked, so a count stays exact even if two threads bump one CPU's count; on a
/// line the bumping CPU owns, with nobody else writing it, a locked add costs a few nanoseconds.
/// </remarks>
public sealed class PerCpuCounter
{
    /// <summary>
    /// Longs per CPU: one line. The first line is left empty (it holds the array's length) and so is the
    /// line after the last CPU's, so no neighbour on the heap shares a line a CPU bumps.
    /// </summary>
    private const int Stride = Arena.LineBytes / sizeof(long);

    private readonly long[] _cells;

    public PerCpuCounter(int cpus) => _cells = new long[(cpus + 2) * Stride];

    /// <summary>Adds one to <paramref name="cpu"/>'s count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment(int cpu)
    {
        Debug.Assert((uint)cpu < (uint)(_cells.Length / Stride) - 2, "a CPU id beyond the counter's CPUs would land in the padding, which Sum skips");
        Interlocked.Increment(ref _cells[(cpu + 1) * Stride]);
    }

    /// <summary>
    /// Every CPU's count added up; each count is exact, the sum not from one instant while CPUs run. The
    /// volatile reads order nothing: they only keep the JIT from reusing an earlier read.
    /// </summary>
    public long Sum
    {
        get
        {
            long sum = 0;
            for (int slot = Stride; slot < _cells.Length - Stride; slot += Stride)
            {
                sum += Volatile.Read(ref _cells[slot]);
            }

            return sum;
        }
    }
}
