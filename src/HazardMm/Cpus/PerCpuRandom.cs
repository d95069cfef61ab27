using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// One seeded SplitMix64 generator per CPU, each state alone on its own cache line: a CPU's draws never
/// write a line another CPU's draws write (per-CPU <see cref="Random"/> objects, allocated side by
/// side, do). Deterministic: the same seeds give every CPU the same sequence in every process.
/// </summary>
public sealed class PerCpuRandom
{
    private const int Stride = Arena.LineBytes / sizeof(ulong);
    private readonly ulong[] _state;

    /// <param name="seedOf">CPU i's seed.</param>
    public PerCpuRandom(int cpus, Func<int, ulong> seedOf)
    {
        // One spare line before the first state and after the last: the array's header and its
        // neighbours on the heap never share a line with a state.
        _state = new ulong[(cpus + 2) * Stride];
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            _state[(cpu + 1) * Stride] = seedOf(cpu);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble(int cpu) => (Next(cpu) >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="n"/>) (Lemire's multiply-shift).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Next(int cpu, int n) => (int)(((Next(cpu) >> 32) * (ulong)n) >> 32);

    /// <summary>The next 64 random bits of <paramref name="cpu"/>'s generator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong Next(int cpu)
    {
        ref ulong state = ref _state[(cpu + 1) * Stride];
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
