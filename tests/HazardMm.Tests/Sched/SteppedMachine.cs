using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Sched;
using HazardMm.Schemes;

namespace HazardMm.Tests.Sched;

/// <summary>
/// A kernel driven step by step from the test thread: the test plays every CPU in turn, so each
/// switch happens at a known point. Only scenarios that send no IPI to another CPU can run this way
/// (a remote IPI would wait for a CPU nobody plays). Between steps the whole machine is quiescent,
/// so every step ends with the conservation laws (design.md#inv-conservation).
/// </summary>
internal sealed class SteppedMachine : IDisposable
{
    public SteppedMachine(SchemeDescriptor scheme, ArchModel arch, int cpus = 1, KernelOptions? options = null)
    {
        Kernel = new Kernel<HardwareMemory>(cpus, 16, arch, scheme, options);
    }

    public SteppedMachine(Func<LazyTlbContext<HardwareMemory>, ILazyTlbScheme> scheme, ArchModel arch, int cpus = 1, KernelOptions? options = null)
    {
        Kernel = new Kernel<HardwareMemory>(cpus, 16, arch, scheme, options);
    }

    public Kernel<HardwareMemory> Kernel { get; }

    /// <summary>mm_count references the test itself holds (its own mmgrab), which the laws must count.</summary>
    private Dictionary<MmPtr, long> Held { get; } = [];

    private int _stepsInFlight;

    public Cpu Cpu(int id = 0) => Kernel.Cpus[id];

    public TaskStruct Fork(int cpu = 0)
    {
        TaskStruct? task = null;
        Step(() => task = Kernel.Tasks.Fork(Cpu(cpu)));
        return task ?? throw new InvalidOperationException("slab full");
    }

    /// <summary>mmgrab by the test: an mm_count reference outside the kernel, counted by the laws until <see cref="Drop"/>.</summary>
    public void Grab(MmPtr mm)
    {
        Kernel.MmOps.MmGrab(mm);
        Held[mm] = Held.GetValueOrDefault(mm) + 1;
    }

    /// <summary>mmdrop of a reference <see cref="Grab"/> took.</summary>
    public void Drop(MmPtr mm)
    {
        Held[mm]--;
        Kernel.MmOps.MmDrop(Cpu(), mm);
    }

    /// <summary>The conservation laws at this quiescent point, the test's own references counted.</summary>
    public void CheckLaws() => Kernel.Laws.Check(mm => Held.GetValueOrDefault(mm));

    /// <summary>
    /// Runs one step, then checks the laws, unless the step was played from inside another (a test's hook
    /// run mid-step, as the steal-race tests do): that is no quiescent point, the outer step checks when it ends.
    /// </summary>
    private void Step(Action step)
    {
        _stepsInFlight++;
        try
        {
            step();
        }
        finally
        {
            _stepsInFlight--;
        }

        if (_stepsInFlight == 0)
        {
            CheckLaws();
        }
    }

    /// <summary>schedule() on <paramref name="cpu"/> to <paramref name="next"/>: context_switch + finish_task_switch.</summary>
    public void SwitchTo(TaskStruct next, int cpu = 0)
    {
        Cpu c = Cpu(cpu);
        Step(() =>
        {
            Kernel.Sched.ContextSwitch(c, c.Curr, next);
            Kernel.Sched.FinishTaskSwitch(c);
        });
    }

    /// <summary>The current user task exits and is switched out to the idle task.</summary>
    public void Exit(int cpu = 0)
    {
        Cpu c = Cpu(cpu);
        TaskStruct task = c.Curr;
        Step(() => Kernel.Tasks.ExitMm(c, task));
        SwitchTo(c.Idle, cpu);
        Step(() => Kernel.Tasks.ReleaseDeadTask(task));
    }

    public long Users(MmPtr mm) => Volatile.Read(ref Kernel.Mms.Users(mm));

    public long Count(MmPtr mm) => Volatile.Read(ref Kernel.Mms.Count(mm));

    public long SchemeWord(int word, int cpu = 0) => Volatile.Read(ref Kernel.PerCpu.SchemeWord(cpu, word));

    /// <summary>The scheme's per-CPU word named <paramref name="name"/>.</summary>
    public long SchemeWord(string name, int cpu = 0)
    {
        int word = Kernel.Scheme.PerCpuWordNames.ToList().IndexOf(name);
        Assert.True(word >= 0, $"{Kernel.Scheme.Name} has no per-CPU word {name}");
        return SchemeWord(word, cpu);
    }

    /// <summary>Whether the lifetime <paramref name="task"/> captured is still the live one.</summary>
    public bool IsLive(MmPtr mm, long generation) => Kernel.Shadow.IsLive(mm) && Kernel.Shadow.Generation(mm) == generation;

    public void Dispose() => Kernel.Dispose();
}
