using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Schemes;
using HazardMm.Sched;

namespace HazardMm.Benchmarks;

/// <summary>
/// A kernel whose CPUs each run one user task and switch it out to their idle task and back, by hand,
/// through the real <see cref="Scheduler{TMem}"/>: context_switch + finish_task_switch
/// (design.md#switch). Every task shares one mm, so with more than one CPU each round trip on every
/// CPU touches the same mm. Round trips send no IPI, so each CPU may run on its own host thread.
/// </summary>
public sealed class SwitchRig : IDisposable
{
    private readonly TaskStruct[] _users;

    public SwitchRig(int cpus, SchemeDescriptor scheme)
        : this(new Kernel<HardwareMemory>(cpus, 4, ArchModel.X86, scheme))
    {
    }

    public SwitchRig(int cpus, Func<LazyTlbContext<HardwareMemory>, ILazyTlbScheme> scheme)
        : this(new Kernel<HardwareMemory>(cpus, 4, ArchModel.X86, scheme))
    {
    }

    private SwitchRig(Kernel<HardwareMemory> kernel)
    {
        Kernel = kernel;
        _users = new TaskStruct[kernel.NrCpus];
        Cpu boot = kernel.Cpus[0];
        TaskStruct first = kernel.Tasks.Fork(boot) ?? throw new InvalidOperationException("mm slab full");
        for (int i = 0; i < kernel.NrCpus; i++)
        {
            Cpu cpu = kernel.Cpus[i];
            _users[i] = i == 0 ? first : kernel.Tasks.Clone(cpu, first);
            Switch(cpu, _users[i]);
        }
    }

    public Kernel<HardwareMemory> Kernel { get; }

    public string SchemeName => Kernel.Scheme.Name;

    /// <summary>user → idle (enter lazy) → the same user (leave lazy), on <paramref name="cpu"/>.</summary>
    public void RoundTrip(int cpu)
    {
        Cpu c = Kernel.Cpus[cpu];
        Switch(c, c.Idle);
        Switch(c, _users[cpu]);
    }

    /// <summary>Any violation the switches hit, then each CPU's scheme law (design.md#inv-per-cpu).</summary>
    public void CheckOracle()
    {
        if (Kernel.Control.Violation is { } violation)
        {
            throw violation;
        }

        foreach (Cpu cpu in Kernel.Cpus)
        {
            Kernel.Oracle?.CheckCpuInvariants(cpu);
        }
    }

    public void Dispose() => Kernel.Dispose();

    private void Switch(Cpu cpu, TaskStruct next)
    {
        Kernel.Sched.ContextSwitch(cpu, cpu.Curr, next);
        Kernel.Sched.FinishTaskSwitch(cpu);
    }
}
