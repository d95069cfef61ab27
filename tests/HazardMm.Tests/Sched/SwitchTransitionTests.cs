using HazardMm.Arch;
using HazardMm.Mm;
using HazardMm.Schemes;
using HazardMm.Sched;

namespace HazardMm.Tests.Sched;

/// <summary>
/// Every arm of the context_switch truth table, for every scheme in the registry, on one CPU driven
/// step by step: what each scheme leaves in mm_count and in its per-CPU words after each transition,
/// against what its descriptor claims (design.md#switch).
/// </summary>
public sealed class SwitchTransitionTests
{
    public static TheoryData<string> AllSchemes => [.. SchemeRegistry.Names];

    [Theory]
    [MemberData(nameof(AllSchemes))]
    public void FourWayTruthTable_LeavesEachSchemesLazyStateWhereItsDescriptorSays(string name)
    {
        SchemeDescriptor scheme = SchemeRegistry.Get(name);
        using var m = new SteppedMachine(scheme, ArchModel.X86);
        TaskStruct user = m.Fork();
        TaskStruct other = m.Fork();
        MmPtr mm = user.Mm;
        var cpu = m.Cpu();
        TaskStruct idle = cpu.Idle;
        TaskStruct kworker = cpu.Kworker;

        // kernel -> user: the MMU loads the user mm and its cpumask bit is set.
        m.SwitchTo(user);
        Assert.Equal(mm, cpu.LoadedMm);
        Assert.True(m.Kernel.Cpumask.Test(mm, 0));
        AssertNotLazy(m, scheme, mm);

        // user -> kernel: the idle task borrows the mm; the CPU is lazy on it.
        m.SwitchTo(idle);
        Assert.Equal(mm, idle.ActiveMm);
        Assert.Equal(mm, cpu.LoadedMm);
        AssertLazy(m, scheme, mm);

        // kernel -> kernel: the borrowed mm (and any lazy reference) moves to the next kernel thread.
        m.SwitchTo(kworker);
        Assert.Equal(mm, kworker.ActiveMm);
        Assert.True(idle.ActiveMm.IsNull);
        Assert.Equal(mm, cpu.LoadedMm);
        AssertLazy(m, scheme, mm);

        // kernel -> user: lazy mode ends; the lazy reference is dropped in finish_task_switch.
        m.SwitchTo(user);
        Assert.True(kworker.ActiveMm.IsNull);
        Assert.True(cpu.PrevMm.IsNull);
        AssertNotLazy(m, scheme, mm);

        // user -> user: switch_mm moves the cpumask bit (x86 keeps it exact).
        m.SwitchTo(other);
        Assert.Equal(other.Mm, cpu.LoadedMm);
        Assert.False(m.Kernel.Cpumask.Test(mm, 0));
        Assert.True(m.Kernel.Cpumask.Test(other.Mm, 0));
        AssertNotLazy(m, scheme, other.Mm);
        Assert.Equal(1, m.Users(mm));
    }

    [Theory]
    [MemberData(nameof(AllSchemes))]
    public void KthreadUseMm_EndsTheLazyEpisodeAndUnuseStartsOne(string name)
    {
        SchemeDescriptor scheme = SchemeRegistry.Get(name);
        using var m = new SteppedMachine(scheme, ArchModel.X86);
        TaskStruct user = m.Fork();
        TaskStruct target = m.Fork();
        var cpu = m.Cpu();
        m.SwitchTo(user);
        m.Kernel.Tasks.QueueWork(cpu, target, cpu);
        Assert.Equal(2, m.Count(target.Mm));

        // The kworker is woken from the user task: user -> kernel, lazy on user's mm.
        Assert.True(cpu.RunQueue.TryDequeue(out TaskStruct? kworker));
        m.SwitchTo(kworker!);
        AssertLazy(m, scheme, user.Mm);

        // One job: use target's mm, walk it, unuse it; the kworker is then lazy on target's mm.
        Assert.True(m.Kernel.Tasks.RunOneWork(cpu, kworker!));
        Assert.Equal(target.Mm, kworker!.ActiveMm);
        Assert.True(kworker.Mm.IsNull);
        Assert.Equal(1, m.Count(user.Mm));
        AssertLazy(m, scheme, target.Mm);
        Assert.Equal(1, m.Users(target.Mm));
        Assert.Equal(0, m.Kernel.Tasks.PendingWork);
    }

    private static void AssertLazy(SteppedMachine m, SchemeDescriptor scheme, MmPtr mm)
    {
        Assert.Equal(scheme.LazyReference ? 2 : 1, m.Count(mm));
        if (scheme.LazyWord is string word)
        {
            Assert.Equal(mm.Value, m.SchemeWord(word));
        }

        m.Kernel.Oracle?.CheckCpuInvariants(m.Cpu());
    }

    private static void AssertNotLazy(SteppedMachine m, SchemeDescriptor scheme, MmPtr mm)
    {
        Assert.Equal(1, m.Count(mm));
        if (scheme.LazyWord is string word)
        {
            Assert.Equal(0, m.SchemeWord(word));
        }
    }
}
