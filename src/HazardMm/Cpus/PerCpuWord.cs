using System.Diagnostics;
using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Cpus;

/// <summary>
/// One word of every CPU's per-CPU line, resolved once (design.md#accessor-cache): the address of
/// CPU 0's copy, each next CPU one arena line further. What an accessor caches so that an access is
/// one multiply-add from a field, not a walk through context, kernel, per-CPU area and arena.
/// </summary>
/// <remarks>
/// Valid while the arena lives; the arena is native memory that never moves, so the address is also
/// the word's identity for a store-buffer model, as when it was recomputed at every access.
/// </remarks>
public readonly unsafe struct PerCpuWord
{
    private readonly long* _cpu0;
    private readonly int _cpus;

    internal PerCpuWord(ref long cpu0, int cpus)
    {
        _cpu0 = (long*)Unsafe.AsPointer(ref cpu0);
        _cpus = cpus;
    }

    /// <summary>The copy of <paramref name="cpu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long For(int cpu)
    {
        Debug.Assert((uint)cpu < (uint)_cpus);
        return ref _cpu0[(nint)cpu * Arena.WordsPerLine];
    }
}
