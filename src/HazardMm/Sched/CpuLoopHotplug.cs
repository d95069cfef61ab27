using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;

namespace HazardMm.Sched;

/// <summary>
/// The CPU side of hotplug (design.md#hotplug): the stop_machine check-in at the top of the scheduler
/// loop, the dying CPU's takedown, and its time offline.
/// </summary>
public sealed partial class CpuLoop<TMem>
{
    /// <summary>
    /// At the top of the scheduler loop, IRQs on: when a takedown is pending, check in and stay until
    /// the stop is over (multi_cpu_stop), answering IPIs meanwhile: a CPU not yet here may be waiting in
    /// smp_call_function for this one. The dying CPU waits until every online CPU is here, when no CPU
    /// is inside a step (no IPI, wake-up, migration or scan is in flight), takes itself down and
    /// releases the others; if the run stops first it gives the takedown up.
    /// </summary>
    private void HotplugPoint(Cpu cpu, CpuHotplug hotplug)
    {
        if (!hotplug.StopPending)
        {
            return;
        }

        // The check-in and the release are interlocked, full barriers (CpuHotplug): what each CPU did
        // in its last step happens before the takedown, and the takedown before their next step.
        // Declared to a happens-before model as a channel (design.md#ghost).
        int stop = GhostChannel.StopMachine(_kernel.NrCpus);
        TMem.Ghost(GhostEvent.Release, stop);
        int generation = hotplug.Arrive();
        if (hotplug.Dying != cpu.Id)
        {
            while (!hotplug.Released(generation))
            {
                _kernel.Ipi.PollIpis(cpu);
                _kernel.Ipi.Relax();
            }

            TMem.Ghost(GhostEvent.Acquire, stop);
            return;
        }

        while (!hotplug.AllArrived)
        {
            if (_kernel.Control.Stopping)
            {
                hotplug.Release(generation);
                return;
            }

            _kernel.Ipi.PollIpis(cpu);
            _kernel.Ipi.Relax();
        }

        TMem.Ghost(GhostEvent.Acquire, stop);
        TakeCpuDown(cpu);
        TMem.Ghost(GhostEvent.Release, stop);
        hotplug.Release(generation);
        RunOffline(cpu, hotplug);
    }

    /// <summary>
    /// The takedown, on the dying CPU while every other online CPU is held (sched_cpu_dying): the
    /// current task is switched out for the idle task and, like every task on this CPU's run queue,
    /// migrated to another online CPU (migrate_tasks); the kworker's pending jobs go to other CPUs'
    /// kworkers (workqueue_offline_cpu) and it sleeps; then the mm side (idle_task_exit, the lazy mm
    /// handed back, and only then the online mask: <see cref="Scheduler{TMem}.TakeCpuDown"/>).
    /// </summary>
    private void TakeCpuDown(Cpu cpu)
    {
        int target = cpu.Id;
        TaskStruct prev = cpu.Curr;
        if (!ReferenceEquals(prev, cpu.Idle))
        {
            _kernel.Sched.ContextSwitch(cpu, prev, cpu.Idle);
            if (prev.Kind == TaskKind.User)
            {
                target = MigrateTask(cpu, target, prev);
            }

            // A kworker is bound to this CPU: it simply stops (its jobs move below).
            _kernel.Sched.FinishTaskSwitch(cpu);
        }

        while (cpu.RunQueue.TryDequeue(out TaskStruct? task))
        {
            TMem.Ghost(GhostEvent.Acquire, GhostChannel.RunQueue(cpu.Id));
            task.MarkDequeued();
            if (!ReferenceEquals(task, cpu.Kworker))
            {
                target = MigrateTask(cpu, target, task);
            }
        }

        while (cpu.Kworker.Works!.TryDequeue(out MmWork work))
        {
            target = _kernel.Online.NextOnlineAfter(target, excluding: cpu.Id);
            _kernel.Tasks.MoveWork(cpu, _kernel.Cpus[target], work);
            cpu.Stats.TasksMigrated++;
        }

        // The kworker sleeps with an empty queue: a queuer after this CPU comes back wakes it again.
        _kernel.KworkerWake.ClearBeforeSleep(cpu.Id);
        _kernel.Sched.TakeCpuDown(cpu, _kernel.Online);
        cpu.Stats.Offlines++;
    }

    /// <summary>One task to the next online CPU after <paramref name="last"/> (round robin, never the dying one); returns that CPU.</summary>
    private int MigrateTask(Cpu cpu, int last, TaskStruct task)
    {
        int target = _kernel.Online.NextOnlineAfter(last, excluding: cpu.Id);
        Enqueue(cpu, target, task);
        cpu.Stats.TasksMigrated++;
        return target;
    }

    /// <summary>
    /// Offline (after cpuhp_report_idle_dead): the CPU runs nothing and takes no IPI until it is brought
    /// back, or until the run stops (quiescence needs every CPU). It checks the online invariants
    /// meanwhile: no task, job or IPI request may reach an offline CPU.
    /// </summary>
    private void RunOffline(Cpu cpu, CpuHotplug hotplug)
    {
        while (!hotplug.UpRequested(cpu.Id) && !_kernel.Control.Stopping)
        {
            CheckOffline(cpu);
            _kernel.Ipi.Relax();
        }

        CheckOffline(cpu);
        _kernel.Sched.CpuUp(cpu, _kernel.Online);
        hotplug.CameUp(cpu.Id);
        cpu.Stats.Onlines++;
    }

    private void CheckOffline(Cpu cpu)
    {
        if (!cpu.RunQueue.IsEmpty || !cpu.Kworker.Works!.IsEmpty)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, MmPtr.Null, 0,
                $"a task or kworker job was queued on offline CPU {cpu.Id}");
        }

        if (_kernel.Ipi.HasRequestFor(cpu.Id))
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, MmPtr.Null, 0,
                $"an IPI was posted to offline CPU {cpu.Id}");
        }
    }
}
