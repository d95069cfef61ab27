using HazardMm.Mutants;

namespace HazardMm;

/// <summary>What a test harness may add to a kernel: a planted bug, and an observer of lifecycle events.</summary>
public sealed record KernelOptions
{
    public static readonly KernelOptions Default = new();

    /// <summary>The mutant switched on; <see cref="MutantId.None"/> in production.</summary>
    public MutantId Mutant { get; init; } = MutantId.None;

    /// <summary>Told when an mm dies and is freed, and when an IPI is posted and answered.</summary>
    public IKernelObserver? Observer { get; init; }
}

/// <summary>
/// Lifecycle events for liveness checks: a dead mm must eventually be freed, a posted IPI must
/// eventually be answered, queued work must eventually run. Called on the CPU where the event happens.
/// </summary>
public interface IKernelObserver
{
    /// <summary>context_switch on <paramref name="cpu"/> from <paramref name="prev"/> to <paramref name="next"/>, after the mm hand-off.</summary>
    void ContextSwitch(int cpu, Sched.TaskStruct prev, Sched.TaskStruct next);

    /// <summary>mm_users reached 0: __mmput starts.</summary>
    void MmExiting(int cpu, Mm.MmPtr mm);

    /// <summary>__mmdrop freed the mm.</summary>
    void MmFreed(int cpu, Mm.MmPtr mm);

    /// <summary>A request was posted to another CPU's mailbox.</summary>
    void IpiPosted(int sender, int target);

    /// <summary>The target ran the request and cleared it.</summary>
    void IpiAnswered(int sender, int target);

    /// <summary>kthread_use_mm work was queued for <paramref name="cpu"/>'s kworker.</summary>
    void WorkQueued(int cpu);

    /// <summary>A kworker finished one job.</summary>
    void WorkDone(int cpu);
}
