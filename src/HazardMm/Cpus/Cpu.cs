using System.Collections.Concurrent;
using System.Diagnostics;
using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Cpus;

/// <summary>
/// One simulated CPU's private state (its <c>rq</c> and <c>cpu_tlbstate</c>): touched only by the OS
/// thread that is this CPU. Shared per-CPU words live in <see cref="PerCpuArea"/>.
/// </summary>
[DebuggerDisplay("CPU {Id}: curr={Curr.Name} loaded_mm={LoadedMm} irqs_off={IrqsDisabled}")]
public sealed class Cpu
{
    /// <summary>
    /// The fields this CPU writes at every switch, in an object of their own: in this one they shared a
    /// cache line with <see cref="RunQueue"/> and <see cref="Kworker"/>, which every remote wake-up reads.
    /// </summary>
    private readonly CpuSwitchState _rq = new();

    public Cpu(int id)
    {
        Id = id;
        Idle = new TaskStruct(TaskKind.Idle, 0, id, MmPtr.Null, 0) { ActiveMm = MmPtr.InitMm };
        Kworker = new TaskStruct(TaskKind.Kthread, 0, id, MmPtr.Null, 0) { Works = new ConcurrentQueue<MmWork>() };
        Curr = Idle;
        LoadedMm = MmPtr.InitMm;
    }

    public int Id { get; }

    /// <summary>This CPU's idle task (<c>rq-&gt;idle</c>).</summary>
    public TaskStruct Idle { get; }

    /// <summary>This CPU's bound kworker, woken to run kthread_use_mm work.</summary>
    public TaskStruct Kworker { get; }

    /// <summary><c>rq-&gt;curr</c>.</summary>
    public TaskStruct Curr { get => _rq.Curr; set => _rq.Curr = value; }

    /// <summary><c>cpu_tlbstate.loaded_mm</c>: what the MMU really runs on.</summary>
    public MmPtr LoadedMm { get => _rq.LoadedMm; set => _rq.LoadedMm = value; }

    /// <summary>The oracle's capture of <see cref="LoadedMm"/>'s generation.</summary>
    public long LoadedMmGeneration { get => _rq.LoadedMmGeneration; set => _rq.LoadedMmGeneration = value; }

    /// <summary><c>rq-&gt;prev_mm</c>: the lazy mm a kernel→user switch hands to finish_task_switch.</summary>
    public MmPtr PrevMm { get => _rq.PrevMm; set => _rq.PrevMm = value; }

    /// <summary>Inside an IRQs-off region (the switch body, an IPI handler): the mailbox is not serviced.</summary>
    public bool IrqsDisabled { get => _rq.IrqsDisabled; set => _rq.IrqsDisabled = value; }

    /// <summary>
    /// Tasks woken or migrated onto this CPU (<c>rq</c> runnable list): the owner enqueues locally,
    /// remote CPUs push onto its wake list (design.md#run-queue).
    /// </summary>
    public RunQueue RunQueue { get; } = new();

    /// <summary>Targets of this CPU's outstanding smp_call_function (sender scratch).</summary>
    public List<int> IpiTargets { get; } = [];

    public CpuStats Stats { get; } = new();

    /// <summary>How often this CPU took each outcome of a race (design.md#census).</summary>
    public Oracle.BranchCensus Census { get; } = new();
}
