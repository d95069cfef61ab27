using System.Diagnostics;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;

namespace HazardMm.Sched;

/// <summary>
/// What tasks do to their mm outside context_switch: fork, clone, exec_mmap, exit_mm, and
/// kthread_use_mm / kthread_unuse_mm (run by kworkers for a process, as io_uring and vhost do).
/// Also the census quiescence waits on: live user tasks and queued kworker work.
/// </summary>
public sealed class TaskLifecycle<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;
    private long _liveUserTasks;
    private int _lastPid;
    private long _pendingWork;

    public TaskLifecycle(Kernel<TMem> kernel)
    {
        _kernel = kernel;
    }

    private bool PublishesAfterPut => _kernel.Mutant is MutantId.HazardPublishAfterPut or MutantId.HazptrPublishAfterPut;

    /// <summary>User tasks created and not yet switched out dead.</summary>
    public long LiveUserTasks => Volatile.Read(ref _liveUserTasks);

    /// <summary>kthread_use_mm work queued and not yet finished.</summary>
    public long PendingWork => Volatile.Read(ref _pendingWork);

    /// <summary>fork of a new process: a new mm (users = 1) and its first thread. Null when the slab is full.</summary>
    public TaskStruct? Fork(Cpu cpu)
    {
        if (!_kernel.MmOps.TryMmAlloc(cpu, out MmPtr mm, out long generation))
        {
            return null;
        }

        Interlocked.Increment(ref _liveUserTasks);
        return new TaskStruct(TaskKind.User, Interlocked.Increment(ref _lastPid), cpu.Id, mm, generation);
    }

    /// <summary>clone(CLONE_VM): a new thread sharing the parent's mm (mmget).</summary>
    public TaskStruct Clone(Cpu cpu, TaskStruct parent)
    {
        _kernel.MmOps.MmGet(cpu, parent.Mm);
        Interlocked.Increment(ref _liveUserTasks);
        return new TaskStruct(TaskKind.User, Interlocked.Increment(ref _lastPid), cpu.Id, parent.Mm, parent.ActiveMmGeneration);
    }

    /// <summary>
    /// exec_mmap: the running task gets a fresh mm and the MMU switches to it with IRQs off, then the
    /// old mm's users reference is put. (de_thread is not modelled: other threads keep the old mm.)
    /// </summary>
    public bool ExecMmap(Cpu cpu, TaskStruct task)
    {
        if (!_kernel.MmOps.TryMmAlloc(cpu, out MmPtr mm, out long generation))
        {
            return false;
        }

        Scheduler<TMem>.LocalIrqDisable(cpu);
        MmPtr old = task.Mm;
        task.Mm = mm;
        task.ActiveMm = mm;
        task.ActiveMmGeneration = generation;
        _kernel.Sched.SwitchMm(cpu, old, mm, generation);
        Scheduler<TMem>.LocalIrqEnable(cpu);
        _kernel.MmOps.MmPut(cpu, old);
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
        _kernel.MmOps.MmPut(cpu, mm);
        if (PublishesAfterPut)
        {
            Scheduler<TMem>.LocalIrqDisable(cpu);
            _kernel.Scheme.MmGrabLazyTlb(cpu, mm);
            Scheduler<TMem>.LocalIrqEnable(cpu);
        }

        task.Dead = true;
        cpu.Stats.Exits++;
    }

    /// <summary>put_task_struct of a dead task, after it was switched out.</summary>
    public void ReleaseDeadTask(TaskStruct task)
    {
        Debug.Assert(task.Dead && task.Kind == TaskKind.User);

        // Counted out only after exit_mm and its __mmput finished and the task was switched out, with
        // a full barrier: a CPU that reads 0 in CpuLoop.RunIdle (Volatile.Read) knows every scan of
        // this task's mm is over, which is what lets it quiesce.
        Interlocked.Decrement(ref _liveUserTasks);
    }

    /// <summary>
    /// Hands a kthread_use_mm job for <paramref name="task"/>'s mm to <paramref name="target"/>'s
    /// kworker, with an mmgrab reference (the io_uring/vhost pattern), and wakes that kworker.
    /// </summary>
    public void QueueWork(TaskStruct task, Cpu target)
    {
        _kernel.MmOps.MmGrab(task.Mm);
        Interlocked.Increment(ref _pendingWork);
        _kernel.Observer?.WorkQueued(target.Id);
        TaskStruct kworker = target.Kworker;
        kworker.Works!.Enqueue(new MmWork(task.Mm, task.ActiveMmGeneration));

        // Fully ordered cmpxchg after the enqueue; pairs with the xchg that clears the flag before the
        // kworker's re-check of its queue (CpuLoop.RunKworker).
        if (TMem.CompareExchange(ref _kernel.PerCpu.KworkerWoken(target.Id), 1, 0) == 0)
        {
            TMem.FullFence(); // the rq lock of the wake-up, as CpuLoop.Enqueue
            target.RunQueue.Enqueue(kworker);
        }
    }

    /// <summary>
    /// A kworker runs one queued job: mmget_not_zero (the process may be gone), kthread_use_mm, a page
    /// walk, kthread_unuse_mm, mmput; then the job's mmgrab is dropped. False when the queue is empty.
    /// </summary>
    public bool RunOneWork(Cpu cpu, TaskStruct kworker)
    {
        if (!kworker.Works!.TryDequeue(out MmWork work))
        {
            return false;
        }

        if (_kernel.MmOps.MmGetNotZero(cpu, work.Mm))
        {
            KthreadUseMm(cpu, kworker, work.Mm, work.Generation);
            _kernel.Sched.TouchLoadedMm(cpu, "kthread_use_mm page walk");
            MmPtr mm = ChangeCurrentMmToKernel(cpu, kworker);
            _kernel.MmOps.MmPut(cpu, mm);
        }

        _kernel.MmOps.MmDrop(cpu, work.Mm);

        // After the job's last mm operation, with a full barrier; pairs with the Volatile.Read in
        // CpuLoop.RunIdle, as the live-task count does.
        Interlocked.Decrement(ref _pendingWork);
        _kernel.Observer?.WorkDone(cpu.Id);
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
        _kernel.Sched.SwitchMm(cpu, active, mm, generation);
        _kernel.Scheme.LeaveLazyTlb(cpu, active);
        Scheduler<TMem>.LocalIrqEnable(cpu);
        _kernel.Scheme.MmDropLazyTlb(cpu, active);
        _kernel.Scheme.FinishTaskSwitch(cpu);
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
        _kernel.Sched.CheckUsersLive(cpu, mm, "exit_mm/kthread_unuse_mm");
        if (_kernel.Mutant != MutantId.ExitWithoutLazyGrab && !PublishesAfterPut)
        {
            _kernel.Scheme.MmGrabLazyTlb(cpu, mm);
        }

        task.Mm = MmPtr.Null;
        cpu.Stats.LazyEntries++;
        Scheduler<TMem>.LocalIrqEnable(cpu);
        return mm;
    }
}
