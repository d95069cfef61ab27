using System.Runtime.CompilerServices;
using HazardMm.Cpus;
using HazardMm.Memory;

namespace HazardMm.Schemes;

/// <summary>
/// One of a scheme's per-CPU words (design.md#model): the base of its accessor, which names each
/// role (publish, scan, steal, ...) and takes that role's order from the kernel's
/// <see cref="AccessOrders"/>. The two reads every word has are here, and the walk a scan makes.
/// </summary>
/// <remarks>
/// Built with the scheme, after the kernel's orders are fixed: the word's address and each role's
/// order are resolved once, here and in the accessor's fields, never per access
/// (design.md#accessor-cache).
/// </remarks>
public abstract class SchemeWord<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly PerCpuWord _words;
    private readonly int _nrCpus;

    protected SchemeWord(LazyTlbContext<TMem> context, int word)
    {
        _words = context.PerCpuWordOfEach(word);
        _nrCpus = context.NrCpus;
    }

    /// <summary>The CPU reading its own word: relaxed, the owner's reads need no order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Peek(int cpu) => TMem.LoadRelaxed(ref Word(cpu));

    /// <summary>The oracle's read after quiescence: acquire, so it sees the CPU's last store.</summary>
    public long Observe(int cpu) => TMem.LoadAcquire(ref Word(cpu));

    /// <summary>
    /// The oracle's read at a quiescent point of the whole machine (the conservation laws): no seam, so no
    /// scheduling point; every model keeps the newest store in memory once the CPUs are quiescent.
    /// </summary>
    public long ReadQuiescent(int cpu) => Volatile.Read(ref Word(cpu));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected ref long Word(int cpu) => ref _words.For(cpu);

    /// <summary>
    /// A scan's walk: loads the word of each CPU from <paramref name="from"/> on, in CPU order, with
    /// <paramref name="order"/>, and stops at the first that holds <paramref name="value"/>. Returns that
    /// CPU, or the CPU count when none does. The same loads, in the same order, as one load per CPU.
    /// </summary>
    protected int FirstHolding(int from, long value, MemoryOrder order)
    {
        PerCpuWord words = _words;
        int nrCpus = _nrCpus;
        for (int cpu = from; cpu < nrCpus; cpu++)
        {
            if (Seam<TMem>.Load(ref words.For(cpu), order) == value)
            {
                return cpu;
            }
        }

        return nrCpus;
    }
}
