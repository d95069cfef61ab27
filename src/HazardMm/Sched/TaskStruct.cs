using System.Collections.Concurrent;
using System.Diagnostics;
using HazardMm.Mm;

namespace HazardMm.Sched;

public enum TaskKind
{
    /// <summary>A thread of a user process: <c>mm == active_mm</c>, holding one mm_users reference.</summary>
    User,

    /// <summary>A kernel thread (a per-CPU kworker here): <c>mm == NULL</c> unless inside kthread_use_mm.</summary>
    Kthread,

    /// <summary>The per-CPU idle task: a kernel thread that never leaves its CPU.</summary>
    Idle,
}

/// <summary>
/// A <c>task_struct</c>, reduced to what lazy TLB needs. Owned by one CPU at a time: the CPU running
/// it, or the one that dequeued it; hand-offs go through concurrent queues, which order them.
/// </summary>
[DebuggerDisplay("{Name}: mm={Mm} active_mm={ActiveMm}")]
public sealed class TaskStruct
{
    private int _onRq;

    public TaskStruct(TaskKind kind, int pid, int homeCpu, MmPtr mm, long mmGeneration)
    {
        Kind = kind;
        HomeCpu = homeCpu;
        Pid = pid;
        Mm = mm;
        ActiveMm = mm;
        ActiveMmGeneration = mmGeneration;
    }

    public TaskKind Kind { get; }

    /// <summary>Unique among a kernel's user tasks (numbered from 1 as they are created); 0 for per-CPU kernel threads.</summary>
    public int Pid { get; }

    /// <summary>The CPU a kernel thread is bound to; the CPU a user task was created on.</summary>
    public int HomeCpu { get; }

    /// <summary><c>task-&gt;mm</c>: the address space this task owns a users reference to, or NULL.</summary>
    public MmPtr Mm { get; set; }

    /// <summary><c>task-&gt;active_mm</c>: the mm whose page tables run under this task; borrowed by kernel threads.</summary>
    public MmPtr ActiveMm { get; set; }

    /// <summary>
    /// The mm this task keeps its CPU lazy on while it runs: the borrowed active_mm of a kernel thread,
    /// or NULL (a user task, or a kernel thread on init_mm). What a per-CPU hazard must name.
    /// </summary>
    public MmPtr LazyMm => Mm.IsNull && !ActiveMm.IsInitMm ? ActiveMm : MmPtr.Null;

    /// <summary>The oracle's capture: generation of <see cref="ActiveMm"/> when this task's reference was taken.</summary>
    public long ActiveMmGeneration { get; set; }

    /// <summary>The task unmapped every VMA and has not faulted since.</summary>
    public bool UnmappedAll { get; set; }

    /// <summary>Set by exit: the task is gone once switched out.</summary>
    public bool Dead { get; set; }

    /// <summary>
    /// task->on_rq, as the oracle keeps it (harness bookkeeping outside the seam): set when the task is
    /// put on a run queue, cleared when a CPU takes it off. Putting a queued task on a run queue again
    /// is the corruption enqueue_task's list_add would make (design.md#kworker).
    /// </summary>
    /// <returns>False when the task was on a run queue already.</returns>
    public bool MarkQueued() => Interlocked.Exchange(ref _onRq, 1) == 0;

    /// <summary>A CPU took the task off its run queue.</summary>
    public void MarkDequeued() => Volatile.Write(ref _onRq, 0);

    /// <summary>
    /// <c>p-&gt;wake_entry</c>: the next task on the run-queue wake list this task is on, or on the
    /// sleepers' wait queue (design.md#run-queue); null when it is on neither. A task is on at most one:
    /// a sleeper is on no run queue, and a task is put on a run queue only once the oracle's on_rq check
    /// passed. Written by the pusher before its cmpxchg, by the splicing owner, and under the wait
    /// queue's lock.
    /// </summary>
    internal TaskStruct? WakeEntry { get; set; }

    /// <summary>Work for a kworker (kthread_use_mm on behalf of a process); null for other tasks.</summary>
    public ConcurrentQueue<MmWork>? Works { get; init; }

    public string Name => Kind switch
    {
        TaskKind.Idle => $"swapper/{HomeCpu}",
        TaskKind.Kthread => $"kworker/{HomeCpu}",
        _ => $"task {Pid}",
    };
}

/// <summary>
/// A queued kworker job: kthread_use_mm, with the queuer's mmgrab reference riding along; or, when
/// <see cref="Mmput"/>, the __mmput of an mmput_async (the users' mm_count reference pins the mm).
/// </summary>
public readonly record struct MmWork(MmPtr Mm, long Generation, bool Mmput = false);
