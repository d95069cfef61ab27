using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// The conservation laws of design.md#inv-conservation, checked where the whole machine is quiescent
/// (no CPU between two steps of an operation, so no reference sits in a local variable): when a run
/// has quiesced, and after every step of a stepped test. Each live mm's <c>mm_count</c> must equal
/// the references its holders own (the count law: [users &gt; 0], each queued kthread_use_mm job's
/// mmgrab, and what the scheme's lazy state holds); a freed record must have no count left; the slab's
/// free list must hold exactly the freed records, once each. Reads bypass the memory seam (no
/// scheduling point); call it only once every store buffer has drained.
/// </summary>
public sealed class ConservationLaws<TMem>(Kernel<TMem> kernel)
    where TMem : struct, IMemoryModel
{
    /// <summary>Throws the first law found broken.</summary>
    /// <param name="otherHolders">References held outside the kernel (a test's own mmgrab), per mm.</param>
    public void Check(Func<MmPtr, long>? otherHolders = null)
    {
        if (Violation(otherHolders) is { } violation)
        {
            throw violation;
        }
    }

    /// <summary>The first law found broken, or null.</summary>
    /// <param name="otherHolders">References held outside the kernel (a test's own mmgrab), per mm.</param>
    public InvariantViolation? Violation(Func<MmPtr, long>? otherHolders = null)
    {
        int live = 0;
        for (int index = MmPtr.InitMm.Index + 1; index < kernel.Mms.Capacity; index++)
        {
            MmPtr mm = MmPtr.FromIndex(index);
            long users = Volatile.Read(ref kernel.Mms.Users(mm));
            long count = Volatile.Read(ref kernel.Mms.Count(mm));
            if (!kernel.Shadow.IsLive(mm))
            {
                if (users != 0 || count != 0)
                {
                    return new InvariantViolation(ViolationKind.UseAfterFree, -1, mm, kernel.Shadow.Generation(mm),
                        $"count law: freed record has mm_users = {users}, mm_count = {count}: a reference was taken after the free");
                }

                continue;
            }

            live++;
            long jobs = QueuedJobs(mm);
            long lazy = kernel.Scheme.LazyReferences(mm, kernel.Cpus);
            long others = otherHolders?.Invoke(mm) ?? 0;
            long owed = (users > 0 ? 1 : 0) + jobs + lazy + others;
            if (count != owed)
            {
                return new InvariantViolation(count < owed ? ViolationKind.NegativeCount : ViolationKind.Leak, -1, mm, kernel.Shadow.Generation(mm),
                    $"count law ({kernel.Scheme.Name}): mm_count = {count}, but its holders own {owed} " +
                    $"(mm_users {users} → {(users > 0 ? 1 : 0)}, kthread_use_mm jobs {jobs}, lazy references {lazy}{(others != 0 ? $", others {others}" : "")})" +
                    (count < owed ? ": a holder's drop will free it under another" : ": one reference is never dropped"));
            }
        }

        return SlabViolation(live);
    }

    private InvariantViolation? SlabViolation(int live)
    {
        int onList = 0;
        var seen = new HashSet<MmPtr>();
        foreach (MmPtr mm in kernel.Mms.FreeList())
        {
            if (!seen.Add(mm) || kernel.Shadow.IsLive(mm))
            {
                return new InvariantViolation(ViolationKind.Invariant, -1, mm, kernel.Shadow.Generation(mm),
                    $"slab law: the free list holds {(kernel.Shadow.IsLive(mm) ? "a live record" : "a record twice")}");
            }

            onList++;
        }

        int freed = kernel.Mms.Capacity - 1 - live;
        return onList == freed
            ? null
            : new InvariantViolation(ViolationKind.Invariant, -1, MmPtr.Null, 0,
                $"slab law: {freed} records are free but the free list holds {onList}");
    }

    private long QueuedJobs(MmPtr mm)
    {
        long jobs = 0;
        foreach (Cpu cpu in kernel.Cpus)
        {
            foreach (Sched.MmWork work in cpu.Kworker.Works!)
            {
                jobs += work.Mm == mm ? 1 : 0;
            }
        }

        return jobs;
    }
}
