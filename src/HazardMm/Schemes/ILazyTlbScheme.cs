using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// A lazy-TLB mm reference scheme: the policy the scheduler and the mm lifecycle call into, at the
/// points where the kernel calls the <c>_lazy_tlb</c> helpers (design.md#switch). Every hook but
/// <see cref="Name"/> has a default that does nothing, so a scheme writes only the hooks it uses; it
/// reaches the kernel only through its <see cref="LazyTlbContext{TMem}"/>.
/// </summary>
/// <remarks>
/// Call order on one CPU for a lazy episode:
/// <code>
///   MmGrabLazyTlb(mm)           user→kernel switch, exit_mm, kthread_unuse_mm      IRQs off
///   ...lazy on mm, across kernel→kernel switches...
///   LeaveLazyTlb(mm)            kernel→user switch (after switch_mm), kthread_use_mm, unlazy  IRQs off
///   MmDropLazyTlb(mm)           finish_task_switch with rq->prev_mm == mm           IRQs on (off in unlazy)
///   FinishSwitchLazyTlb()       after every switch (Andy's mmdrop_lazy(rq))
/// </code>
/// exit_mm's hook is <see cref="MmGrabLazyTlb"/>: every scheme publishes the exiting task's own mm
/// there, inside the IRQs-off region, before <c>current-&gt;mm = NULL</c>.
/// </remarks>
public interface ILazyTlbScheme
{
    string Name { get; }

    /// <summary>
    /// The exit_mmap flush must run even when the mm has no page tables left (Linus's mmu_gather flag):
    /// schemes that rely on the exit flush to unlazy CPUs say so.
    /// </summary>
    bool ForcesExitFlush => false;

    /// <summary>Names of the scheme's per-CPU words, by index (for replays and diagnostics).</summary>
    IReadOnlyList<string> PerCpuWordNames => [];

    /// <summary>mmgrab_lazy_tlb: this CPU starts running lazily on <paramref name="mm"/>; the caller holds a users reference. IRQs off.</summary>
    void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>This CPU has switched its MMU away from lazy <paramref name="mm"/> (to a user mm or init_mm). IRQs off.</summary>
    void LeaveLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>mmdrop_lazy_tlb: finish_task_switch's drop of <c>rq-&gt;prev_mm</c>; the lazy episode on <paramref name="mm"/> is over.</summary>
    void MmDropLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>Runs after every switch and every unlazy (the hazard scheme's mmdrop_lazy(rq)).</summary>
    void FinishSwitchLazyTlb(Cpu cpu)
    {
    }

    /// <summary>__mmput, after exit_mmap and its flush, before the users' collective mm_count reference is dropped.</summary>
    void MmPutLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>__mmdrop's cleanup_lazy_tlbs: mm_count reached zero; nothing may be lazy on the mm afterwards.</summary>
    void CleanupLazyTlbs(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// The scheme's part of the count law (design.md#inv-conservation): how many mm_count references
    /// its lazy state holds on <paramref name="mm"/> at a quiescent point. None by default: lazy users
    /// hold no count (shootdown, linus, hazptr).
    /// </summary>
    long LazyReferences(MmPtr mm, IReadOnlyList<Cpu> cpus) => 0;

    /// <summary>
    /// An IPI this scheme sent (<see cref="IpiFunction.ShootLazyTlb"/>, <see cref="IpiFunction.CheckLazyTlb"/>).
    /// IRQs off. A scheme that sends none never gets one: the default says so loudly.
    /// </summary>
    void HandleLazyTlbIpi(Cpu cpu, IpiFunction function, MmPtr mm) =>
        throw new InvalidOperationException($"{Name} sends no {function} IPIs");
}

/// <summary>A scheme's own laws, checked by the oracle (design.md#inv-per-cpu, design.md#inv-quiescent).</summary>
public interface ILazyTlbOracle
{
    /// <summary>The scheme's per-CPU conservation laws, checked outside any switch window.</summary>
    void CheckCpuInvariants(Cpu cpu);

    /// <summary>After quiescence (every CPU unlazy, every task gone): no per-CPU state may still name an mm.</summary>
    void CheckQuiescent(Cpu cpu);
}
