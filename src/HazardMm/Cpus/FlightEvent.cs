using System.Globalization;
using HazardMm.Ipi;
using HazardMm.Mm;

namespace HazardMm.Cpus;

/// <summary>What a <see cref="FlightEvent"/> records: the scheduler's named steps and the mm's end of life (design.md#flight-recorder).</summary>
public enum FlightEventKind
{
    /// <summary>context_switch user → user [switch]: <c>switch_mm_irqs_off</c>.</summary>
    Switch = 1,

    /// <summary>context_switch user → kernel [enter lazy]: the lazy grab of prev's mm.</summary>
    EnterLazy,

    /// <summary>context_switch kernel → kernel [transfer lazy]: the lazy reference moves to next.</summary>
    TransferLazy,

    /// <summary>context_switch kernel → user [leave lazy]: the lazy mm rides in rq->prev_mm.</summary>
    LeaveLazy,

    /// <summary>finish_task_switch's mmdrop_lazy_tlb of rq->prev_mm.</summary>
    LazyDrop,

    /// <summary>unlazy_mm_irqs_off: a lazy CPU switched to init_mm.</summary>
    Unlazy,

    /// <summary>__mmput: mm_users reached 0.</summary>
    MmPut,

    /// <summary>__mmdrop: mm_count reached 0, the record is freed.</summary>
    Free,

    /// <summary>An IPI posted to another CPU.</summary>
    IpiSend,

    /// <summary>An IPI's handler about to run on its target.</summary>
    IpiReceive,
}

/// <summary>
/// One entry of a CPU's flight recorder ring: a fixed-size value, written in place by its CPU, so
/// recording allocates nothing. <see cref="Prev"/> and <see cref="Next"/> name tasks for a switch
/// (a pid, <see cref="Idle"/> or <see cref="Kworker"/>: per-CPU threads never leave their CPU) and
/// the other CPU and the request for an IPI (design.md#flight-recorder). <see cref="Timestamp"/> is
/// the <see cref="System.Diagnostics.Stopwatch"/> time of the event when <see cref="Exact"/>, else of
/// the last exact event before it on the same CPU (<see cref="FlightRecorder.ClockEvery"/>).
/// </summary>
public readonly record struct FlightEvent(long Timestamp, FlightEventKind Kind, int Prev, int Next, MmPtr Mm, long Generation, bool Exact)
{
    /// <summary>The task code of a CPU's idle task (swapper/N).</summary>
    public const int Idle = 0;

    /// <summary>The task code of a CPU's kworker (kworker/N).</summary>
    public const int Kworker = -1;

    /// <summary>The generation of an mm pointer whose holder kept none (rq->prev_mm).</summary>
    public const long NoGeneration = -1;

    /// <summary>A person's reading of the event on <paramref name="cpu"/>, without its time.</summary>
    public string Describe(int cpu) => Kind switch
    {
        FlightEventKind.Switch => $"switch {Task(cpu, Prev)} -> {Task(cpu, Next)} [switch] {MmText}",
        FlightEventKind.EnterLazy => $"switch {Task(cpu, Prev)} -> {Task(cpu, Next)} [enter lazy] lazy grab {MmText}",
        FlightEventKind.TransferLazy => $"switch {Task(cpu, Prev)} -> {Task(cpu, Next)} [transfer lazy] {MmText}",
        FlightEventKind.LeaveLazy => $"switch {Task(cpu, Prev)} -> {Task(cpu, Next)} [leave lazy] {MmText}",
        FlightEventKind.LazyDrop => $"finish_task_switch: lazy drop {MmText}",
        FlightEventKind.Unlazy => $"unlazy {MmText} -> init_mm",
        FlightEventKind.MmPut => $"__mmput {MmText}",
        FlightEventKind.Free => $"__mmdrop: free {MmText}",
        FlightEventKind.IpiSend => $"IPI {(IpiFunction)Next}({Mm}) sent to CPU {Prev}",
        FlightEventKind.IpiReceive => $"IPI {(IpiFunction)Next}({Mm}) from CPU {Prev} handled",
        _ => $"event {(int)Kind}",
    };

    /// <summary>The task code <see cref="Describe"/> reads: a user task's pid, else <see cref="Idle"/> or <see cref="Kworker"/>.</summary>
    public static int TaskCode(Sched.TaskStruct task) => task.Kind switch
    {
        Sched.TaskKind.User => task.Pid,
        Sched.TaskKind.Kthread => Kworker,
        _ => Idle,
    };

    private string MmText => Generation == NoGeneration ? Mm.ToString() : $"{Mm} gen {Generation.ToString(CultureInfo.InvariantCulture)}";

    private static string Task(int cpu, int code) => code switch
    {
        Idle => $"swapper/{cpu}",
        Kworker => $"kworker/{cpu}",
        _ => $"task {code}",
    };
}
