using System.Runtime.CompilerServices;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Oracle;
using HazardMm.Workload;

namespace HazardMm.Sched;

/// <summary>
/// The body each simulated CPU runs: the scheduler loop. Pick next, context_switch,
/// finish_task_switch, run the current task for a quantum (a user task's page walks and its next
/// workload step; a kworker's queued job; the idle loop's lazy page walks and wake-ups), service the
/// IPI mailbox between steps. When a stop is requested it drives the CPU to quiescence: every task
/// exits, every queued job finishes, the CPU unlazies, and it keeps answering IPIs until all CPUs
/// have done the same.
/// </summary>
public sealed partial class CpuLoop<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;
    private readonly IWorkload _workload;
    private readonly Sleepers _sleepers;
    private int _quiescedCpus;

    public CpuLoop(Kernel<TMem> kernel, IWorkload workload)
    {
        _kernel = kernel;
        _workload = workload;
        _sleepers = new Sleepers(kernel.NrCpus);
    }

    /// <summary>Where the task being switched out goes once the switch is complete.</summary>
    private enum Disposition
    {
        /// <summary>Nowhere: the idle task, or a kworker going to sleep until woken by new work.</summary>
        Parked,

        /// <summary>To a run queue (yield, migrate); stays current if it is the only runnable task here.</summary>
        Runnable,

        /// <summary>To the sleepers, until some CPU wakes it.</summary>
        Sleeping,

        /// <summary>Exited: released once switched out.</summary>
        Dead,
    }

    /// <summary>Forks the workload's initial processes onto the CPUs' run queues. Call before <see cref="Run"/>.</summary>
    public void Populate()
    {
        int next = 0;
        for (int p = 0; p < _workload.InitialProcesses; p++)
        {
            Cpu cpu = _kernel.Cpus[next++ % _kernel.NrCpus];
            TaskStruct leader = _kernel.Tasks.Fork(cpu) ?? throw new InvalidOperationException("mm slab too small for the initial processes");
            leader.MarkQueued();
            cpu.RunQueue.Enqueue(leader);
            for (int t = 1; t < _workload.ThreadsPerProcess; t++)
            {
                Cpu home = _kernel.Cpus[next++ % _kernel.NrCpus];
                TaskStruct thread = _kernel.Tasks.Clone(home, leader);
                thread.MarkQueued();
                home.RunQueue.Enqueue(thread);
            }
        }
    }

    /// <summary>The CPU body: runs until quiescence, or until this or another CPU hits a violation.</summary>
    public void Run(int cpuId)
    {
        Cpu cpu = _kernel.Cpus[cpuId];
        try
        {
            while (Step(cpu))
            {
            }

            Quiesce(cpu);
        }
        catch (InvariantViolation violation)
        {
            _kernel.Control.Fail(violation);
        }
        catch (RunAbortedException)
        {
            // Another CPU failed first; its violation is the run's result.
        }
    }

    /// <summary>One scheduler-loop iteration; false once this CPU has nothing left to run during a stop.</summary>
    private bool Step(Cpu cpu)
    {
        cpu.Stats.Heartbeat++;
        _kernel.Delays.StutterPoint(cpu);
        if (_kernel.Hotplug is { } hotplug)
        {
            HotplugPoint(cpu, hotplug);
        }

        _kernel.Delays.PreemptionPoint(cpu);
        _kernel.Ipi.PollIpis(cpu);
        _kernel.Control.ThrowIfAborted();
        if (_workload.Finished)
        {
            _kernel.Control.RequestStop();
        }

        TaskStruct curr = cpu.Curr;
        switch (curr.Kind)
        {
            case TaskKind.User:
                RunUserQuantum(cpu, curr);
                return true;
            case TaskKind.Kthread:
                RunKworker(cpu, curr);
                return true;
            default:
                return RunIdle(cpu);
        }
    }

    private void RunUserQuantum(Cpu cpu, TaskStruct curr)
    {
        if (!curr.UnmappedAll)
        {
            _kernel.MmOps.Fault(curr.Mm);
        }

        _kernel.Sched.TouchLoadedMm(cpu, "user page walk");
        WorkloadStep step = _kernel.Control.Stopping
            ? new WorkloadStep(TaskAction.Exit)
            : _workload.Next(cpu, curr, _kernel.Tasks);
        switch (step.Action)
        {
            case TaskAction.Run:
                break;
            case TaskAction.Yield:
                Schedule(cpu, Disposition.Runnable, cpu.Id);
                break;
            case TaskAction.Migrate:
                Schedule(cpu, Disposition.Runnable, step.TargetCpu);
                break;
            case TaskAction.Block:
                Schedule(cpu, Disposition.Sleeping, -1);
                break;
            case TaskAction.Exit:
                _kernel.Tasks.ExitMm(cpu, curr);
                Schedule(cpu, Disposition.Dead, -1);
                break;
            case TaskAction.UnmapAll:
                _kernel.MmOps.UnmapAll(curr.Mm);
                curr.UnmappedAll = true;
                break;
            case TaskAction.Clone:
                Enqueue(cpu, step.TargetCpu, _kernel.Tasks.Clone(cpu, curr));
                break;
            case TaskAction.Fork:
                if (_kernel.Tasks.Fork(cpu) is { } child)
                {
                    Enqueue(cpu, step.TargetCpu, child);
                }

                break;
            case TaskAction.Exec:
                _kernel.Tasks.ExecMmap(cpu, curr);
                break;
            case TaskAction.QueueWork:
                _kernel.Tasks.QueueWork(cpu, curr, _kernel.Cpus[step.TargetCpu]);
                break;
            case TaskAction.Wake:
                WakeOne(cpu, step.TargetCpu);
                break;
            default:
                throw new InvalidOperationException($"{step.Action} is not a user-task action");
        }
    }

    private void RunKworker(Cpu cpu, TaskStruct kworker)
    {
        _kernel.Sched.TouchLoadedMm(cpu, "kworker lazy page walk");
        _kernel.Oracle?.CheckCpuInvariants(cpu); // outside any switch window, as in the idle loop
        if (_kernel.Tasks.RunOneWork(cpu, kworker))
        {
            return;
        }

        // Nothing queued: sleep, with the set_current_state pattern (design.md#kworker). The clear is
        // ordered before the re-check of the queue, as the queuer's enqueue is before its wake-up
        // (TaskLifecycle.QueueWork), so one of the two sees the other and a job queued now is never
        // left without a kworker. A job seen now is taken back with the queuer's own test-and-set.
        _kernel.KworkerWake.ClearBeforeSleep(cpu.Id);
        if (!kworker.Works!.IsEmpty)
        {
            if (_kernel.KworkerWake.TryWake(cpu.Id))
            {
                cpu.Census.Hit(RaceBranch.KworkerRecheckWon);
                return;
            }

            // A queuer's cmpxchg won: it puts this kworker on the run queue (the park below may find it there).
            cpu.Census.Hit(RaceBranch.KworkerRecheckLost);
        }

        Schedule(cpu, Disposition.Parked, -1);
    }

    private bool RunIdle(Cpu cpu)
    {
        if (!cpu.RunQueue.IsEmpty)
        {
            Schedule(cpu, Disposition.Parked, -1);
            return true;
        }

        if (_kernel.Control.Stopping)
        {
            while (_sleepers.TryWake(cpu.Id, out TaskStruct? sleeper, out int queue))
            {
                TMem.Ghost(GhostEvent.Acquire, GhostChannel.Sleepers(queue));
                Enqueue(cpu, cpu.Id, sleeper);
            }

            if (cpu.RunQueue.IsEmpty && _kernel.Tasks.LiveUserTasks == 0 && _kernel.Tasks.PendingWork == 0)
            {
                // Both censuses at 0: every scan and job is over, and what they did happens before this
                // CPU's quiescence (the full barrier of their interlocked decrements, design.md#ghost).
                TMem.Ghost(GhostEvent.Acquire, GhostChannel.LiveTasks);
                return false;
            }
        }
        else
        {
            WorkloadStep step = _workload.Next(cpu, cpu.Curr, _kernel.Tasks);
            if (step.Action == TaskAction.Wake)
            {
                WakeOne(cpu, step.TargetCpu);
            }
            else if (step.Action == TaskAction.Unlazy)
            {
                _kernel.Sched.UnlazyMmIrqsOff(cpu);
            }
            else if (step.Action == TaskAction.CpuDown)
            {
                _kernel.Hotplug?.RequestDown(cpu.Id);
            }
        }

        _kernel.Sched.TouchLoadedMm(cpu, "idle lazy page walk");
        _kernel.Oracle?.CheckCpuInvariants(cpu);
        _kernel.Ipi.Relax();
        return true;
    }

    /// <summary>
    /// schedule(): picks the next runnable task (the idle task when none), switches to it, and only
    /// then hands the previous task to where it goes, so no other CPU can run it mid-switch (the
    /// kernel's prev->on_cpu hand-off).
    /// </summary>
    private void Schedule(Cpu cpu, Disposition disposition, int targetCpu)
    {
        TaskStruct prev = cpu.Curr;
        if (cpu.RunQueue.TryDequeue(out TaskStruct? next))
        {
            // The rq lock: whoever enqueued next, and what it did before, happens before this switch.
            TMem.Ghost(GhostEvent.Acquire, GhostChannel.RunQueue(cpu.Id));
            next.MarkDequeued();
        }
        else
        {
            if (disposition == Disposition.Runnable && targetCpu == cpu.Id)
            {
                return;
            }

            next = cpu.Idle;
        }

        if (ReferenceEquals(next, prev))
        {
            // A parked kworker re-woken before it switched out: it simply keeps running.
            cpu.Census.Hit(RaceBranch.KworkerRewokenBeforeSwitch);
            return;
        }

        _kernel.Sched.ContextSwitch(cpu, prev, next);
        switch (disposition)
        {
            case Disposition.Runnable:
                Enqueue(cpu, targetCpu, prev);
                break;
            case Disposition.Sleeping:
                // As in Enqueue: the task leaves this CPU, and a waker on another CPU may run it.
                Seam<TMem>.Fence(_kernel.Orders[AccessSite.RunQueueEnqueueMb]);
                TMem.Ghost(GhostEvent.Release, GhostChannel.Sleepers(cpu.Id));
                _sleepers.Block(cpu.Id, prev);
                break;
            case Disposition.Dead:
                _kernel.Tasks.ReleaseDeadTask(prev);
                break;
        }

        _kernel.Sched.FinishTaskSwitch(cpu);
    }

    /// <remarks>AggressiveInlining: as <see cref="Enqueue"/>, for the ghost call's IL bytes (design.md#ghost).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WakeOne(Cpu cpu, int targetCpu)
    {
        if (_sleepers.TryWake(cpu.Id, out TaskStruct? task, out int queue))
        {
            TMem.Ghost(GhostEvent.Acquire, GhostChannel.Sleepers(queue));
            Enqueue(cpu, targetCpu, task);
        }
    }

    /// <summary>
    /// Makes a task runnable on <paramref name="targetCpu"/> (try_to_wake_up, migration, fork).
    /// The full barrier is the rq lock's: everything this CPU wrote so far, the scheme's per-CPU words
    /// included, is visible before the task can run elsewhere. The hazard scheme's fence-free publish
    /// relies on exactly this ordering (design.md#hazard-publish: migration ordering). On hardware
    /// the queue's own locked instruction already drains the store buffer; the explicit fence makes
    /// the ordering visible to a memory model that does not see inside the queue.
    /// </summary>
    /// <remarks>AggressiveInlining keeps the inlining the JIT chose before the ghost call's IL bytes
    /// (design.md#ghost: under HardwareMemory the ghost call compiles to nothing).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enqueue(Cpu cpu, int targetCpu, TaskStruct task)
    {
        // select_fallback_rq: an offline target's task goes to an online CPU (design.md#hotplug).
        targetCpu = _kernel.Online.Fallback(targetCpu);

        // smp_mb(): the rq lock's full barrier; pairs with the fully ordered RMWs of whichever CPU then
        // runs the task (its mmput's dec_and_test, before a scan reads this CPU's words).
        Seam<TMem>.Fence(_kernel.Orders[AccessSite.RunQueueEnqueueMb]);
        TMem.Ghost(GhostEvent.Release, GhostChannel.RunQueue(targetCpu));
        Scheduler<TMem>.ActivateTask(cpu, _kernel.Cpus[targetCpu], task);
    }

    /// <summary>
    /// The end of a run on this CPU: no task is left anywhere. Unlazy, then keep answering IPIs until
    /// every CPU got here, then check that no per-CPU state still names an mm. (No scheme sends an IPI
    /// from an unlazy today: shootdown and hazptr unlazies drop no reference, and the refcount and
    /// hazard frees send none; the polling keeps a future scheme that does from deadlocking here.)
    /// </summary>
    private void Quiesce(Cpu cpu)
    {
        // No scan can start any more (scans run in __mmput, before the last task or job is counted
        // out), so an unlazy releases whatever this CPU holds: its lazy reference, and a reference a
        // scan parked on it (the hazard scheme's rq->drop_mm). A CPU that was not lazy any more may
        // still hold a reference parked after its last switch: it gets the one more switch
        // design.md#inv-quiescent allows instead.
        if (!_kernel.Sched.UnlazyMmIrqsOff(cpu))
        {
            _kernel.Scheme.FinishSwitchLazyTlb(cpu);
        }

        // Harness bookkeeping outside the seam, so no memory model checks its ordering (the TSO model
        // does not buffer it). It relies on the CLR's own guarantee: the interlocked increment is a
        // full barrier, read with Volatile.Read below; after every CPU is counted none sends an IPI.
        TMem.Ghost(GhostEvent.Release, GhostChannel.Quiesce);
        Interlocked.Increment(ref _quiescedCpus);
        while (Volatile.Read(ref _quiescedCpus) < _kernel.NrCpus)
        {
            _kernel.Ipi.PollIpis(cpu);
            _kernel.Ipi.Relax();
        }

        TMem.Ghost(GhostEvent.Acquire, GhostChannel.Quiesce);

        _kernel.Ipi.PollIpis(cpu);
        if (!cpu.LoadedMm.IsInitMm)
        {
            throw new InvariantViolation(ViolationKind.Leak, cpu.Id, cpu.LoadedMm, cpu.LoadedMmGeneration, "still loaded after quiescence");
        }

        _kernel.Oracle?.CheckQuiescent(cpu);
    }
}
