using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// A harness statistic every CPU bumps (the slab's allocations and frees): one padded line per CPU, so
/// a bump stays in the bumping CPU's cache, and the total is the sum, read by whoever reports it. Where
/// one shared <see cref="ContendedCounter"/> moved its line between the CPUs at every bump, this one
/// moves nothing until it is read. Outside the memory seam, as the counters it replaces were.
/// </summary>
/// <remarks>
/// The bump is interlocked, so a count stays exact even if two threads bump one CPU's count; on a
/// line the bumping CPU owns, with nobody else writing it, a locked add costs a few nanoseconds.
/// </remarks>
public sealed class PerCpuCounter
{
    /// <summary>Longs per CPU: one line; the first line is left empty, as it shares its line with the array's length.</summary>
    private const int Stride = Arena.LineBytes / sizeof(long);

    private readonly long[] _cells;

    public PerCpuCounter(int cpus) => _cells = new long[(cpus + 2) * Stride];

    /// <summary>Adds one to <paramref name="cpu"/>'s count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Increment(int cpu) => Interlocked.Increment(ref _cells[(cpu + 1) * Stride]);

    /// <summary>Every CPU's count added up; each count is exact, the sum not from one instant while CPUs run.</summary>
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
