using HazardMm.Arch;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;
using HazardMm.Tests.Sched;

namespace HazardMm.Tests.Mm;

/// <summary>mm_users and mm_count: who frees, and what the oracle says when a count goes wrong.</summary>
public sealed class MmLifecycleTests
{
    [Fact]
    public void CloneThenExitBoth_FreesTheMmAtTheLastPut_NotBefore()
    {
        using var m = new SteppedMachine(RefcountScheme.Descriptor, ArchModel.X86);
        TaskStruct leader = m.Fork();
        TaskStruct thread = m.Kernel.Tasks.Clone(m.Cpu(), leader);
        MmPtr mm = leader.Mm;
        long generation = leader.ActiveMmGeneration;
        Assert.Equal(2, m.Users(leader.Mm));
        Assert.Equal(1, m.Count(leader.Mm));

        m.SwitchTo(leader);
        m.Exit();
        Assert.True(m.IsLive(mm, generation));
        m.SwitchTo(thread);
        m.Exit();
        Assert.False(m.IsLive(mm, generation));
        Assert.Equal(0, m.Kernel.LiveMms);
        Assert.Equal(0, m.Kernel.Tasks.LiveUserTasks);
    }

    [Fact]
    public void Exec_PutsTheOldMm_AndRunsOnTheNewOne()
    {
        using var m = new SteppedMachine(HazardScheme.Descriptor, ArchModel.X86);
        TaskStruct task = m.Fork();
        MmPtr old = task.Mm;
        long oldGeneration = task.ActiveMmGeneration;
        m.SwitchTo(task);
        Assert.True(m.Kernel.Tasks.ExecMmap(m.Cpu(), task));
        Assert.NotEqual(old, task.Mm);
        Assert.Equal(task.Mm, m.Cpu().LoadedMm);
        Assert.False(m.IsLive(old, oldGeneration));
        Assert.Equal(1, m.Kernel.LiveMms);
    }

    [Fact]
    public void MmGetNotZero_FailsOnceTheLastUserIsGone()
    {
        using var m = new SteppedMachine(RefcountScheme.Descriptor, ArchModel.Arm64);
        TaskStruct task = m.Fork();
        MmPtr mm = task.Mm;
        m.Grab(mm);
        Assert.True(m.Kernel.MmOps.MmGetNotZero(m.Cpu(), mm));
        m.Kernel.MmOps.MmPut(m.Cpu(), mm);
        m.SwitchTo(task);
        m.Exit();
        Assert.False(m.Kernel.MmOps.MmGetNotZero(m.Cpu(), mm));
        m.Drop(mm);
    }

    [Fact]
    public void DroppingOneReferenceTooMany_IsANegativeCount()
    {
        using var m = new SteppedMachine(RefcountScheme.Descriptor, ArchModel.X86);
        TaskStruct task = m.Fork();
        m.Kernel.MmOps.MmGrab(task.Mm);
        m.Kernel.MmOps.MmDrop(m.Cpu(), task.Mm);
        m.Kernel.MmOps.MmPut(m.Cpu(), task.Mm);
        var violation = Assert.Throws<InvariantViolation>(() => m.Kernel.MmOps.MmPut(m.Cpu(), task.Mm));
        Assert.Equal(ViolationKind.NegativeCount, violation.Kind);
    }

    [Fact]
    public void PlantedDoubleDrop_IsCaught()
    {
        using var m = new SteppedMachine(k => new Tests.PlantedBugs.RefcountDropTwice(k), ArchModel.Arm64);
        TaskStruct a = m.Fork();
        TaskStruct b = m.Fork();
        m.SwitchTo(a);
        m.SwitchTo(m.Cpu().Idle);
        var violation = Assert.Throws<InvariantViolation>(() => m.SwitchTo(b));
        Assert.Equal(ViolationKind.NegativeCount, violation.Kind);
    }
}
