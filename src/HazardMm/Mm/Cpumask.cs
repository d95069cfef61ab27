using System.Numerics;
using System.Runtime.CompilerServices;
using HazardMm.Arch;
using HazardMm.Memory;

namespace HazardMm.Mm;

/// <summary>
/// <c>mm_cpumask</c> as the architecture maintains it: bit words in the mm record, changed with
/// atomic RMWs, each after a relaxed test, so an already-set bit costs one load (design.md#arch).
/// </summary>
/// <remarks>
/// The test is powerpc's (<c>if (!cpumask_test_cpu(...)) cpumask_set_cpu(...)</c>) and that of x86's
/// later lazily-updated mask. The exact x86 mask modelled here sets and clears unconditionally (a
/// <c>lock bts</c>, a <c>lock btr</c>); under <see cref="CpumaskPolicy.Exact"/>, planted bugs aside,
/// the bit is always clear at a switch to the mm and set at a switch away, so the test always leads
/// to the RMW and the order is the same, at the cost of one more load (and, on hardware, the line
/// fetched for reading and then again for writing).
/// </remarks>
public sealed class Cpumask<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly MmTable _mms;
    private readonly CpumaskPolicy _policy;
    private readonly MemoryOrder _update;
    private readonly MemoryOrder _test;

    /// <summary>Built with the kernel, once its orders are fixed: each role's order is resolved here (design.md#accessor-cache).</summary>
    public Cpumask(MmTable mms, CpumaskPolicy policy, AccessOrders orders)
    {
        _mms = mms;
        _policy = policy;
        _update = orders.Resolve(AccessSite.CpumaskUpdate);
        _test = orders.Resolve(AccessSite.CpumaskTest);
    }

    /// <summary>switch_mm to <paramref name="mm"/>: set this CPU's bit, before the MMU loads the mm.</summary>
    public void SetOnSwitchTo(MmPtr mm, int cpu)
    {
        if (_policy == CpumaskPolicy.None || mm.IsInitMm)
        {
            return;
        }

        ref long word = ref _mms.CpumaskWord(mm, cpu >> 6);
        long bit = 1L << (cpu & 63);
        long old = TMem.LoadRelaxed(ref word);
        while ((old & bit) == 0)
        {
            // cpumask_set_cpu is an atomic RMW (design.md#arch: AccessSite.CpumaskUpdate).
            long seen = Seam<TMem>.CompareExchange(ref word, old | bit, old, _update);
            if (seen == old)
            {
                break;
            }

            old = seen;
        }
    }

    /// <summary>switch_mm away from <paramref name="mm"/>, after the MMU stopped using it: x86 clears its bit.</summary>
    public void ClearOnSwitchAway(MmPtr mm, int cpu)
    {
        if (_policy != CpumaskPolicy.Exact || mm.IsInitMm)
        {
            return;
        }

        ref long word = ref _mms.CpumaskWord(mm, cpu >> 6);
        long bit = 1L << (cpu & 63);
        long old = TMem.LoadRelaxed(ref word);
        while ((old & bit) != 0)
        {
            // cpumask_clear_cpu: atomic RMW, as above.
            long seen = Seam<TMem>.CompareExchange(ref word, old & ~bit, old, _update);
            if (seen == old)
            {
                break;
            }

            old = seen;
        }
    }

    /// <summary>
    /// cpumask_test_cpu, read as it is: on an architecture that keeps no cpumask no bit is ever set, so
    /// a scan of the mask visits nothing (the mockup's "XXX: this is wrong on arm64").
    /// </summary>
    /// <remarks>
    /// Relaxed is enough for the scanners (exit flush, shootdown, the hazard scheme's cpumask walk): a
    /// bit that matters was set by switch_mm before the mm was used, which precedes the fully ordered
    /// mm_users/mm_count decrement the scanner came through; a bit seen clear was cleared by a cmpxchg
    /// made after that CPU's MMU left the mm, and the scanner frees only after a later fully ordered
    /// decrement of its own (design.md#arch).
    /// </remarks>
    public bool Test(MmPtr mm, int cpu) =>
        (Seam<TMem>.Load(ref _mms.CpumaskWord(mm, cpu >> 6), _test) & (1L << (cpu & 63))) != 0;

    /// <summary>
    /// A scan's walk over the mask (for_each_cpu): find_next_bit from <paramref name="from"/> on. One
    /// relaxed load of the bit word holding <paramref name="from"/>, and of each later word while the
    /// bits seen are clear; returns the first set CPU, or <paramref name="nrCpus"/> when none is set.
    /// Each call loads afresh, as each step of the kernel's walk does, so a bit set or cleared while
    /// the walk is under way is seen or missed as there. The mm's mask is found once per call, not once
    /// per CPU (design.md#accessor-cache).
    /// </summary>
    public int NextSet(MmPtr mm, int from, int nrCpus)
    {
        if (from >= nrCpus)
        {
            return nrCpus;
        }

        ref long mask = ref _mms.CpumaskWord(mm, 0);
        int word = from >> 6;
        ulong bits = (ulong)Seam<TMem>.Load(ref Unsafe.Add(ref mask, word), _test) & (ulong.MaxValue << (from & 63));
        while (bits == 0)
        {
            if (++word << 6 >= nrCpus)
            {
                return nrCpus;
            }

            bits = (ulong)Seam<TMem>.Load(ref Unsafe.Add(ref mask, word), _test);
        }

        return Math.Min((word << 6) + BitOperations.TrailingZeroCount(bits), nrCpus);
    }

    /// <summary>mm_init: a new mm's mask is empty.</summary>
    public void Init(MmPtr mm)
    {
        for (int word = 0; word < _mms.CpumaskWords; word++)
        {
            TMem.StoreRelaxed(ref _mms.CpumaskWord(mm, word), 0);
        }
    }
}
