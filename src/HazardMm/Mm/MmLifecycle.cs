using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Oracle;

namespace HazardMm.Mm;

/// <summary>
/// The mm reference counts, as kernel/fork.c: <c>mm_users</c> (mmget/mmput: tasks using the address
/// space) and <c>mm_count</c> (mmgrab/mmdrop: pins the struct and page tables). All real users
/// together own one <c>mm_count</c> reference, dropped by __mmput. init_mm is immortal: its counts
/// are not kept (design.md#mm-lifecycle).
/// </summary>
/// <remarks>Not sealed: a planted bug (design.md#mutants) overrides one step.</remarks>
public class MmLifecycle<TMem>
    where TMem : struct, IMemoryModel
{
    public MmLifecycle(Kernel<TMem> kernel)
    {
        Kernel = kernel;
        Counters = new MmCounters<TMem>(kernel.Mms, kernel.Orders);
    }

    /// <summary>mm_users, mm_count and the page-tables flag, each with its order.</summary>
    public MmCounters<TMem> Counters { get; }

    protected Kernel<TMem> Kernel { get; }

    /// <summary>
    /// mm_alloc + mm_init: users = 1, count = 1, page tables present, empty cpumask. Fails (like
    /// ENOMEM) when the slab is exhausted.
    /// </summary>
    public bool TryMmAlloc(Cpu cpu, out MmPtr mm, out long generation)
    {
        // Before SMP starts only the boot thread runs: nothing to explore, and no scheduling point
        // (the slab's words are plain there, as for HardwareMemory). From the first CPU on, the slab
        // goes through the seam (design.md#slab).
        bool allocated = Kernel.SmpStarted ? Kernel.Mms.TryAllocate<TMem>(cpu.Id, out mm) : Kernel.Mms.TryAllocate<HardwareMemory>(cpu.Id, out mm);
        if (!allocated)
        {
            generation = 0;
            return false;
        }

        // The slab lock: the record's last free happens before this hand-out (design.md#ghost).
        TMem.Ghost(GhostEvent.Acquire, GhostChannel.Slab);
        generation = Kernel.Shadow.Unpoison(cpu.Id, mm);
        TMem.Ghost(GhostEvent.Alloc, mm.Index);
        Counters.Init(mm);
        Kernel.Cpumask.Init(mm);
        return true;
    }

    /// <summary>mmget: the caller already holds a users reference (clone shares the parent's mm).</summary>
    public void MmGet(Cpu cpu, MmPtr mm)
    {
        if (Counters.AddUsers(mm, 1) <= 1)
        {
            throw Violation(ViolationKind.Invariant, cpu, mm, "mmget on an mm with no users");
        }
    }

    /// <summary>mmget_not_zero: take a users reference unless the mm is already exiting.</summary>
    public virtual bool MmGetNotZero(Cpu cpu, MmPtr mm)
    {
        long old = Counters.Users(mm);
        while (old > 0)
        {
            // atomic_inc_not_zero: fully ordered on success.
            long seen = Counters.CompareExchangeUsers(mm, old + 1, old);
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
    public virtual void MmPut(Cpu cpu, MmPtr mm)
    {
        // atomic_dec_and_test: fully ordered, the release every later scan of this mm reads from.
        long users = Counters.AddUsers(mm, -1);
        if (users < 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_users went to {users}");
        }

        if (users == 0)
        {
            MmPutFinal(cpu, mm);
        }
    }

    /// <summary>
    /// mmput_async's first half: drops the users reference and returns true when it was the last, so
    /// that the caller hands <see cref="MmPutFinal"/> to a kworker (design.md#torture).
    /// </summary>
    public bool MmPutAsync(Cpu cpu, MmPtr mm)
    {
        // atomic_dec_and_test: fully ordered, as in MmPut.
        long users = Counters.AddUsers(mm, -1);
        if (users < 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_users went to {users}");
        }

        return users == 0;
    }

    /// <summary>mmgrab: pin the mm struct (atomic_inc; this model's RMW is fully ordered, which is stronger).</summary>
    public void MmGrab(MmPtr mm)
    {
        if (!mm.IsInitMm)
        {
            Counters.AddCount(mm, 1);
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
        long count = Counters.AddCount(mm, -1);
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
    public void UnmapAll(MmPtr mm) => Counters.SetPageTables(mm, present: false);

    /// <summary>A page fault after <see cref="UnmapAll"/>: the mm has page tables again.</summary>
    public void Fault(MmPtr mm)
    {
        if (!Counters.HasPageTables(mm))
        {
            Counters.SetPageTables(mm, present: true);
        }
    }

    /// <summary>
    /// __mmput: exit_mmap (free page tables; the final TLB flush, skipped when there were none unless the
    /// scheme forces it), the scheme's hook (after exit_mmap on purpose), then the users' mm_count ref.
    /// </summary>
    public void MmPutFinal(Cpu cpu, MmPtr mm)
    {
        if (Counters.Count(mm) < 1)
        {
            throw Violation(ViolationKind.Invariant, cpu, mm, "mm_users reached 0 while mm_count < 1");
        }

        Kernel.Shadow.MarkDead(mm);
        Kernel.Observer?.MmExiting(cpu.Id, mm);
        Kernel.Recorder?.Record(cpu.Id, FlightEventKind.MmPut, 0, 0, mm, Kernel.Shadow.Generation(mm));
        bool hadPageTables = Counters.TakePageTables(mm);
        if (hadPageTables || Kernel.Scheme.ForcesExitFlush)
        {
            Kernel.Tlb.FlushTlbMm(cpu, mm);
        }

        Kernel.Scheme.MmPutLazyTlb(cpu, mm);
        MmDrop(cpu, mm);
        Kernel.Observer?.MmPutDone(cpu.Id, mm);
    }

    /// <summary>__mmdrop: cleanup_lazy_tlbs, then free_mm.</summary>
    private void MmDropFinal(Cpu cpu, MmPtr mm)
    {
        // design.md#inv-counts: count == 0 implies users == 0 (all users together own one count reference).
        long users = Counters.Users(mm);
        if (users != 0)
        {
            throw Violation(ViolationKind.NegativeCount, cpu, mm, $"mm_count reached 0 while mm_users is {users}");
        }

        Kernel.Scheme.CleanupLazyTlbs(cpu, mm);
        // design.md#ghost: every other CPU's last use of the record must happen before this free.
        TMem.Ghost(GhostEvent.Free, mm.Index, "__mmdrop");
        Kernel.Recorder?.Record(cpu.Id, FlightEventKind.Free, 0, 0, mm, Kernel.Shadow.Generation(mm)); // the lifetime the free ends
        FreeMm(cpu, mm);
        Kernel.Observer?.MmFreed(cpu.Id, mm);
    }

    /// <summary>
    /// free_mm: kasan_slab_free (poison the record, bump its generation), then kmem_cache_free puts it
    /// back on the slab's free list. The bump must come before the free: once on the list, another CPU
    /// may allocate the record at once, and its holders must capture the new generation (design.md#slab).
    /// </summary>
    protected virtual void FreeMm(Cpu cpu, MmPtr mm)
    {
        Kernel.Shadow.Poison(cpu.Id, mm);
        Kernel.Shadow.BumpGeneration<TMem>(mm);
        TMem.Ghost(GhostEvent.Release, GhostChannel.Slab);
        Kernel.Mms.Free<TMem>(cpu.Id, mm);
    }

    private InvariantViolation Violation(ViolationKind kind, Cpu cpu, MmPtr mm, string detail) =>
        new(kind, cpu.Id, mm, Kernel.Shadow.Generation(mm), detail);
}
