using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mutants;
using HazardMm.Oracle;

namespace HazardMm.Mm;

/// <summary>
/// The mm reference counts, as kernel/fork.c: <c>mm_users</c> (mmget/mmput: tasks using the address
/// space) and <c>mm_count</c> (mmgrab/mmdrop: pins the struct and page tables). All real users
/// together own one <c>mm_count</c> reference, dropped by __mmput. init_mm is immortal: its counts
/// are not kept.
/// </summary>
public sealed class MmLifecycle<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;
    private readonly MmTable _mms;
    private readonly MutantId _mutant;

    public MmLifecycle(Kernel<TMem> kernel)
    {
        _kernel = kernel;
        _mms = kernel.Mms;
        _mutant = kernel.Mutant;
    }

    /// <summary>
    /// mm_alloc + mm_init: users = 1, count = 1, page tables present, empty cpumask. The new mm
    /// reaches other CPUs only inside a task handed over through a run queue, which orders these
    /// stores before any remote use. Fails (like ENOMEM) when the slab is exhausted.
    /// </summary>
    public bool TryMmAlloc(Cpu cpu, out MmPtr mm, out long generation)
    {
        if (!_mms.TryAllocate(out mm))
        {
            generation = 0;
            return false;
        }

        generation = _kernel.Shadow.Unpoison(cpu.Id, mm);
        TMem.StoreRelaxed(ref _mms.Users(mm), 1);
        TMem.StoreRelaxed(ref _mms.Count(mm), 1);
        TMem.StoreRelaxed(ref _mms.PageTables(mm), 1);
        _kernel.Cpumask.Init(mm);
        return true;
    }

    /// <summary>mmget: the caller already holds a users reference (clone shares the parent's mm).</summary>
    public void MmGet(Cpu cpu, MmPtr mm)
    {
        if (AddCount(ref _mms.Users(mm), 1, MutantId.UsersNonAtomic) <= 1)
        {
            throw Violation(ViolationKind.Invariant, cpu, mm, "mmget on an mm with no users");
        }
    }

    /// <summary>mmget_not_zero: take a users reference unless the mm is already exiting.</summary>
    public bool MmGetNotZero(Cpu cpu, MmPtr mm)
    {
        ref long users = ref _mms.Users(mm);
        if (_mutant == MutantId.MmGetNotZeroBlind)
        {
            TMem.Add(ref users, 1);
            return true;
        }

        long old = TMem.LoadRelaxed(ref users);
        while (old > 0)
        {
            // atomic_inc_not_zero: fully ordered on success.
            long seen = TMem.CompareExchange(ref users, old + 1, old);
            if (seen == old)
            {
                return true;
            }

            old = seen;
        }

        if (old < 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_users is {old}");
        }

        return false;
    }

    /// <summary>mmput: the last users reference runs __mmput.</summary>
    public void MmPut(Cpu cpu, MmPtr mm)
    {
        if (_mutant == MutantId.HazardScanBeforeLastPut && TMem.LoadRelaxed(ref _mms.Users(mm)) == 1)
        {
            _kernel.Scheme.MmPutHook(cpu, mm);
        }

        // atomic_dec_and_test: fully ordered, the release every later scan of this mm reads from.
        long users = AddCount(ref _mms.Users(mm), -1, MutantId.UsersNonAtomic);
        if (users < 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_users went to {users}");
        }

        if (users == 0)
        {
            MmPutFinal(cpu, mm);
        }
    }

    /// <summary>mmgrab: pin the mm struct (atomic_inc; this model's RMW is fully ordered, which is stronger).</summary>
    public void MmGrab(MmPtr mm)
    {
        if (!mm.IsInitMm)
        {
            AddCount(ref _mms.Count(mm), 1, MutantId.RefcountNonAtomicCount);
        }
    }

    /// <summary>mmdrop: the last mm_count reference runs __mmdrop.</summary>
    public void MmDrop(Cpu cpu, MmPtr mm)
    {
        if (mm.IsInitMm)
        {
            return;
        }

        // atomic_dec_and_test: fully ordered; orders every use of the mm by this holder before the free.
        long count = AddCount(ref _mms.Count(mm), -1, MutantId.RefcountNonAtomicCount);
        if (count < 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_count went to {count}");
        }

        if (count == 0)
        {
            MmDropFinal(cpu, mm);
        }
    }

    /// <summary>munmap of every VMA: exit_mmap will find no page tables to free.</summary>
    public void UnmapAll(MmPtr mm) => TMem.StoreRelaxed(ref _mms.PageTables(mm), 0);

    /// <summary>A page fault after <see cref="UnmapAll"/>: the mm has page tables again.</summary>
    public void Fault(MmPtr mm)
    {
        if (TMem.LoadRelaxed(ref _mms.PageTables(mm)) == 0)
        {
            TMem.StoreRelaxed(ref _mms.PageTables(mm), 1);
        }
    }

    /// <summary>
    /// __mmput: exit_mmap (free page tables; the final TLB flush, skipped when there were none unless the
    /// scheme forces it), the scheme's hook (after exit_mmap on purpose), then the users' mm_count ref.
    /// </summary>
    private void MmPutFinal(Cpu cpu, MmPtr mm)
    {
        if (TMem.LoadRelaxed(ref _mms.Count(mm)) < 1)
        {
            throw Violation(ViolationKind.Invariant, cpu, mm, "mm_users reached 0 while mm_count < 1");
        }

        _kernel.Observer?.MmExiting(cpu.Id, mm);
        bool hadPageTables = TMem.Exchange(ref _mms.PageTables(mm), 0) != 0;
        if (hadPageTables || _kernel.Scheme.ForcesExitFlush)
        {
            _kernel.Tlb.FlushTlbMm(cpu, mm);
        }

        _kernel.Scheme.MmPutHook(cpu, mm);
        MmDrop(cpu, mm);
    }

    /// <summary>__mmdrop: cleanup_lazy_tlbs, then free (poison the record, bump its generation, back to the slab).</summary>
    private void MmDropFinal(Cpu cpu, MmPtr mm)
    {
        // Spec §8.3: count == 0 implies users == 0 (all users together own one count reference).
        long users = TMem.LoadRelaxed(ref _mms.Users(mm));
        if (users != 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_count reached 0 while mm_users is {users}");
        }

        _kernel.Scheme.CleanupLazyTlbs(cpu, mm);
        _kernel.Shadow.Poison(cpu.Id, mm);
        _mms.Free(mm);
        _kernel.Observer?.MmFreed(cpu.Id, mm);
    }

    /// <summary>An atomic add, or, under <paramref name="nonAtomic"/>, a load then a store that loses concurrent updates.</summary>
    private long AddCount(ref long count, long delta, MutantId nonAtomic)
    {
        if (_mutant != nonAtomic)
        {
            return TMem.Add(ref count, delta);
        }

        long value = TMem.LoadRelaxed(ref count) + delta;
        TMem.StoreRelaxed(ref count, value);
        return value;
    }

    private InvariantViolation Violation(ViolationKind kind, Cpu cpu, MmPtr mm, string detail) =>
        new(kind, cpu.Id, mm, _kernel.Shadow.Generation(mm), detail);
}
