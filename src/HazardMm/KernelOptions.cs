using HazardMm.Cpus;
using HazardMm.Mutants;

namespace HazardMm;

/// <summary>
/// What a harness may add to a kernel: a planted bug, an observer of lifecycle events, and the host
/// time simulated hardware costs (the IPI cost model, descheduled vCPUs). The costs apply on real
/// threads (<see cref="Memory.HardwareMemory"/>) only; a systematic model ignores them.
/// </summary>
public sealed record KernelOptions
{
    public static readonly KernelOptions Default = new();

    /// <summary>The mutant switched on; <see cref="MutantId.None"/> in production.</summary>
    public MutantId Mutant { get; init; } = MutantId.None;

    /// <summary>Told when an mm dies and is freed, and when an IPI is posted and answered.</summary>
    public IKernelObserver? Observer { get; init; }

    /// <summary>
    /// One IPI's round trip in host time (design.md#ipi-cost): the sender busy-waits half of it to
    /// deliver the IPI and the target the other half to take it; zero, the default, disables the model.
    /// </summary>
    public TimeSpan IpiCost { get; init; } = TimeSpan.Zero;

    /// <summary>CPUs stopping at random seeded points, IRQs-off windows included (design.md#vcpu-preemption); null disables.</summary>
    public VcpuPreemption? VcpuPreemption { get; init; }

    /// <summary>IPIs taken late, by a seeded delay up to a bound (design.md#torture); null disables.</summary>
    public IpiDelay? IpiDelay { get; init; }

    /// <summary>mmput_async at exit, its __mmput on another CPU's kworker (design.md#torture); null disables.</summary>
    public MmputAsync? MmputAsync { get; init; }

    /// <summary>CPUs going offline and coming back (design.md#hotplug); null: every CPU stays online.</summary>
    public Hotplug? Hotplug { get; init; }
    /// <summary>
    /// Events kept per CPU by the flight recorder (design.md#flight-recorder), a power of two; 0, the
    /// default, records nothing. On real threads only: a systematic model gets no recorder.
    /// </summary>
    public int FlightRecorderEvents { get; init; }
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

    /// <summary>__mmput returned to its caller (the exiting task): how long it waited is the retirer's cost.</summary>
    void MmPutDone(int cpu, Mm.MmPtr mm)
    {
    }

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
