using HazardMm.Cpus;
using HazardMm.Sched;

namespace HazardMm.Workload;

/// <summary>
/// What drives the scheduler loop: at the end of each quantum of a user task, and at each idle-loop
/// step, the CPU asks its workload what happens next. The torture run uses a seeded random workload;
/// a systematic test uses scripted per-CPU sequences. Kworkers are driven by queued work, not asked.
/// </summary>
public interface IWorkload
{
    /// <summary>Processes started before the CPUs start, spread round-robin over the CPUs' run queues.</summary>
    int InitialProcesses { get; }

    /// <summary>Threads in each initial process.</summary>
    int ThreadsPerProcess { get; }

    /// <summary>
    /// True once the workload has nothing more to say (a script ran out): the CPUs then stop as they do
    /// at the end of a timed run. A timed workload is never finished; its runner stops it.
    /// </summary>
    bool Finished { get; }

    /// <summary>
    /// The next step on <paramref name="cpu"/>, whose current task is <paramref name="curr"/> (a user
    /// task or the idle task). Called only on that CPU's thread. <paramref name="census"/> is read only
    /// by the steps that depend on the population: every CPU's fork, clone and exit writes it.
    /// </summary>
    WorkloadStep Next(Cpu cpu, TaskStruct curr, ITaskCensus census);
}

/// <summary>The population a workload may bound itself by.</summary>
public interface ITaskCensus
{
    /// <summary>User tasks created and not yet switched out dead, at the instant of the read.</summary>
    long LiveUserTasks { get; }
}

/// <summary>One decision: an action and, for actions that name one, the CPU it targets.</summary>
public readonly record struct WorkloadStep(TaskAction Action, int TargetCpu = -1)
{
    public static readonly WorkloadStep Run = new(TaskAction.Run);
}

public enum TaskAction
{
    /// <summary>User: run another quantum. Idle: stay idle (a lazy page walk).</summary>
    Run,

    /// <summary>User: sched_yield; the task stays runnable on this CPU.</summary>
    Yield,

    /// <summary>User: sleep (a user→idle switch is the lazy path); woken later by <see cref="Wake"/>.</summary>
    Block,

    /// <summary>User: move to <see cref="WorkloadStep.TargetCpu"/>'s run queue.</summary>
    Migrate,

    /// <summary>User: clone(CLONE_VM) a thread onto the target CPU.</summary>
    Clone,

    /// <summary>User: fork a new process (new mm) onto the target CPU.</summary>
    Fork,

    /// <summary>User: exec: replace this task's mm with a new one.</summary>
    Exec,

    /// <summary>User: munmap everything; the task does not touch user memory until it runs again with page tables.</summary>
    UnmapAll,

    /// <summary>User: exit (exit_mm, then the dead task is switched out).</summary>
    Exit,

    /// <summary>User: queue kthread_use_mm work for this process's mm to the target CPU's kworker.</summary>
    QueueWork,

    /// <summary>User or idle: wake one sleeping task onto the target CPU (a cross-CPU wake-up when remote).</summary>
    Wake,

    /// <summary>Idle: unlazy_mm_irqs_off (x86 idle entry, a flush IPI unrelated to exit).</summary>
    Unlazy,

    /// <summary>Idle: ask for this CPU's takedown (design.md#hotplug); it comes back when the run stops. Scripted only.</summary>
    CpuDown,
}
