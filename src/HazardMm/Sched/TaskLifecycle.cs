using System.Diagnostics;
using System.Runtime.CompilerServices;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Workload;

namespace HazardMm.Sched;

/// <summary>
/// What tasks do to their mm outside context_switch: fork, clone, exec_mmap, exit_mm, and
/// kthread_use_mm / kthread_unuse_mm (run by kworkers for a process, as io_uring and vhost do).
/// Also the census quiescence waits on: live user tasks and queued kworker work.
/// </summary>
/// <remarks>Not sealed: a planted bug (design.md#mutants) overrides one of the named steps.</remarks>
public class TaskLifecycle<TMem> : ITaskCensus
    where TMem : struct, IMemoryModel
{
    private readonly ContendedCounter _liveUserTasks = new();
    private readonly ContendedCounter _lastPid = new();
    private readonly ContendedCounter _pendingWork = new();

    public TaskLifecycle(Kernel<TMem> kernel)
    {
        Kernel = kernel;
    }

    protected Kernel<TMem> Kernel { get; }

    /// <summary>User tasks created and not yet switched out dead.</summary>
    public long LiveUserTasks => Volatile.Read(ref _liveUserTasks.Value);

    /// <summary>kthread_use_mm work queued and not yet finished.</summary>
    public long PendingWork => Volatile.Read(ref _pendingWork.Value);

    /// <summary>fork of a new process: a new mm (users = 1) and its first thread. Null when the slab is full.</summary>
    public TaskStruct? Fork(Cpu cpu)
    {
        if (!Kernel.MmOps.TryMmAlloc(cpu, out MmPtr mm, out long generation))
        {
            return null;
        }

        Interlocked.Increment(ref _liveUserTasks.Value);
        return new TaskStruct(TaskKind.User, (int)Interlocked.Increment(ref _lastPid.Value), cpu.Id, mm, generation);
    }

    /// <summary>clone(CLONE_VM): a new thread sharing the parent's mm (mmget).</summary>
    public TaskStruct Clone(Cpu cpu, TaskStruct parent)
    {
        Kernel.MmOps.MmGet(cpu, parent.Mm);
        Interlocked.Increment(ref _liveUserTasks.Value);
        return new TaskStruct(TaskKind.User, (int)Interlocked.Increment(ref _lastPid.Value), cpu.Id, parent.Mm, parent.ActiveMmGeneration);
    }

    /// <summary>
    /// exec_mmap: the running task gets a fresh mm and the MMU switches to it with IRQs off, then the
    /// old mm's users reference is put. (de_thread is not modelled: other threads keep the old mm.)
    /// </summary>
    public bool ExecMmap(Cpu cpu, TaskStruct task)
    {
        if (!Kernel.MmOps.TryMmAlloc(cpu, out MmPtr mm, out long generation))
        {
            return false;
        }

        Scheduler<TMem>.LocalIrqDisable(cpu);
        MmPtr old = task.Mm;
        task.Mm = mm;
        task.ActiveMm = mm;
        task.ActiveMmGeneration = generation;
        Kernel.Sched.SwitchMmIrqsOff(cpu, old, mm, generation);
        Scheduler<TMem>.LocalIrqEnable(cpu);
        Kernel.MmOps.MmPut(cpu, old);
        return true;
    }

    /// <summary>
    /// exit_mm: the exiting task becomes lazy on its own mm (the scheme's lazy hook runs inside the
    /// IRQs-off region, before current->mm = NULL), then puts its users reference. The task is dead
    /// and must be switched out next.
    /// </summary>
    public void ExitMm(Cpu cpu, TaskStruct task)
    {
        MmPtr mm = ChangeCurrentMmToKernel(cpu, task);
        ExitMmPut(cpu, mm);
        task.Dead = true;
        cpu.Stats.Exits++;
    }

    /// <summary>put_task_struct of a dead task, after it was switched out.</summary>
    /// <remarks>AggressiveInlining: as CpuLoop.Enqueue, for the ghost call's IL bytes (design.md#ghost).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ReleaseDeadTask(TaskStruct task)
    {
        Debug.Assert(task.Dead && task.Kind == TaskKind.User);

        // Counted out only after exit_mm and its __mmput finished and the task was switched out. This
        // census for quiescence is harness bookkeeping outside the seam, so no memory model checks its
        // ordering (the TSO model does not buffer it). It relies on the CLR's own guarantee: the
        // interlocked decrement is a full barrier, read with Volatile.Read in CpuLoop.RunIdle; declared to
        // a happens-before model as a channel (design.md#ghost).
        TMem.Ghost(GhostEvent.Release, GhostChannel.LiveTasks);
        Interlocked.Decrement(ref _liveUserTasks.Value);
    }

    /// <summary>
    /// Hands a kthread_use_mm job for <paramref name="task"/>'s mm to <paramref name="target"/>'s
    /// kworker, with an mmgrab reference (the io_uring/vhost pattern), and wakes that kworker; run by
    /// <paramref name="cpu"/>.
    /// </summary>
    public void QueueWork(Cpu cpu, TaskStruct task, Cpu target)
    {
        Kernel.MmOps.MmGrab(task.Mm);
        Enqueue(cpu, target, new MmWork(task.Mm, task.ActiveMmGeneration));
    }

    /// <summary>
    /// Queues <paramref name="work"/> for <paramref name="target"/>'s kworker and wakes it; run by
    /// <paramref name="cpu"/>. An offline target's job goes to an online CPU's kworker (design.md#hotplug).
    /// </summary>
    private void Enqueue(Cpu cpu, Cpu target, MmWork work)
    {
        Interlocked.Increment(ref _pendingWork.Value);
        target = Kernel.Cpus[Kernel.Online.Fallback(target.Id)];
        Kernel.Observer?.WorkQueued(target.Id);
        Hand(cpu, target, work);
    }

    /// <summary>
    /// workqueue_offline_cpu: a job queued on the dying <paramref name="cpu"/>'s kworker goes to
    /// <paramref name="target"/>'s, still counted as pending (design.md#hotplug).
    /// </summary>
    public void MoveWork(Cpu cpu, Cpu target, MmWork work) => Hand(cpu, target, work);

    /// <summary>The job onto <paramref name="target"/>'s kworker queue, then the wake-up (design.md#kworker).</summary>
    private void Hand(Cpu cpu, Cpu target, MmWork work)
    {
        TaskStruct kworker = target.Kworker;
        TMem.Ghost(GhostEvent.Release, GhostChannel.Works(target.Id));
        kworker.Works!.Enqueue(work);

        // Fully ordered cmpxchg after the enqueue; pairs with the clear before the kworker's re-check of
        // its queue (CpuLoop.RunKworker, design.md#kworker).
        if (Kernel.KworkerWake.TryWake(target.Id))
        {
            cpu.Census.Hit(RaceBranch.KworkerWakeWon);
            Seam<TMem>.Fence(Kernel.Orders[AccessSite.RunQueueEnqueueMb]); // the rq lock of the wake-up, as CpuLoop.Enqueue
            TMem.Ghost(GhostEvent.Release, GhostChannel.RunQueue(target.Id));
            Scheduler<TMem>.ActivateTask(cpu, target, kworker);
        }
        else
        {
            cpu.Census.Hit(RaceBranch.KworkerWakeLost);
        }
    }

    /// <summary>
    /// A kworker runs one queued job: mmget_not_zero (the process may be gone), kthread_use_mm, a page
    /// walk, kthread_unuse_mm, mmput; then the job's mmgrab is dropped. Or an mmput_async's __mmput.
    /// False when the queue is empty.
    /// </summary>
    public bool RunOneWork(Cpu cpu, TaskStruct kworker)
    {
        if (!kworker.Works!.TryDequeue(out MmWork work))
        {
            return false;
        }

        // The queue's lock: the queuer's grab and what it did before happen before this job (design.md#ghost).
        // Keyed by the kworker's home CPU (this one): kworker is dereferenced already, so no null check is left.
        TMem.Ghost(GhostEvent.Acquire, GhostChannel.Works(kworker.HomeCpu));

        if (work.Mmput)
        {
            // mmput_async_fn: __mmput in process context on this kworker; the users' reference pins the mm.
            Kernel.MmOps.MmPutFinal(cpu, work.Mm);
        }
        else
        {
            if (Kernel.MmOps.MmGetNotZero(cpu, work.Mm))
            {
                KthreadUseMm(cpu, kworker, work.Mm, work.Generation);
                Kernel.Sched.TouchLoadedMm(cpu, "kthread_use_mm page walk");
                MmPtr mm = ChangeCurrentMmToKernel(cpu, kworker);
                Kernel.MmOps.MmPut(cpu, mm);
            }

            Kernel.MmOps.MmDrop(cpu, work.Mm);
        }

        // After the job's last mm operation: the census quiescence waits on, outside the seam and
        // unchecked by any memory model but the weak one's ghost channel, as the live-task count is.
        TMem.Ghost(GhostEvent.Release, GhostChannel.LiveTasks);
        Interlocked.Decrement(ref _pendingWork.Value);
        Kernel.Observer?.WorkDone(cpu.Id);
        return true;
    }

    /// <summary>
    /// kthread_use_mm (Andy's __change_current_mm): the kthread adopts <paramref name="mm"/>, which the
    /// caller holds a users reference to; its lazy episode on the old active_mm ends as in a
    /// kernel→user switch.
    /// </summary>
    private void KthreadUseMm(Cpu cpu, TaskStruct task, MmPtr mm, long generation)
    {
        if (!task.Mm.IsNull)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, task.Mm, 0, "kthread_use_mm by a task that has an mm");
        }

        Scheduler<TMem>.LocalIrqDisable(cpu);
        MmPtr active = task.ActiveMm;
        task.Mm = mm;
        task.ActiveMm = mm;
        task.ActiveMmGeneration = generation;
        Kernel.Sched.SwitchMmIrqsOff(cpu, active, mm, generation);
        Kernel.Scheme.LeaveLazyTlb(cpu, active);
        Scheduler<TMem>.LocalIrqEnable(cpu);
        Kernel.Scheme.MmDropLazyTlb(cpu, active);
        Kernel.Scheme.FinishSwitchLazyTlb(cpu);
    }

    /// <summary>
    /// Andy's __change_current_mm_to_kernel, shared by exit_mm and kthread_unuse_mm: with IRQs off,
    /// the scheme publishes the lazy use, then current->mm = NULL; active_mm stays. Returns the mm,
    /// whose users reference the caller still holds and must put.
    /// </summary>
    private MmPtr ChangeCurrentMmToKernel(Cpu cpu, TaskStruct task)
    {
        MmPtr mm = task.Mm;
        Scheduler<TMem>.LocalIrqDisable(cpu);
        Kernel.Sched.CheckUsersLive(cpu, mm, "exit_mm/kthread_unuse_mm");
        MmGrabLazyTlbBeforeKernel(cpu, mm);
        task.Mm = MmPtr.Null;
        cpu.Stats.LazyEntries++;
        Scheduler<TMem>.LocalIrqEnable(cpu);
        return mm;
    }

    /// <summary>
    /// __change_current_mm_to_kernel's lazy hook: the scheme publishes the lazy use while current->mm
    /// still holds the users reference (design.md#mm-lifecycle).
    /// </summary>
    protected virtual void MmGrabLazyTlbBeforeKernel(Cpu cpu, MmPtr mm) => Kernel.Scheme.MmGrabLazyTlb(cpu, mm);

    /// <summary>
    /// exit_mm's mmput of the task's own mm, after it went lazy on it; with the mmput-async fault
    /// (design.md#torture) sometimes mmput_async: a last put's __mmput runs on another CPU's kworker.
    /// </summary>
    protected virtual void ExitMmPut(Cpu cpu, MmPtr mm)
    {
        if (Kernel.Delays.MmputAsyncTarget(cpu) is not { } target)
        {
            Kernel.MmOps.MmPut(cpu, mm);
        }
        else if (Kernel.MmOps.MmPutAsync(cpu, mm))
        {
            cpu.Stats.MmputsAsync++;
            Enqueue(cpu, Kernel.Cpus[target], new MmWork(mm, Kernel.Shadow.Generation(mm), Mmput: true));
        }
    }
}
