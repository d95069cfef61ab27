using HazardMm.Arch;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;

namespace HazardMm.Tests.Sched;

/// <summary>
/// exit_mm leaves the exiting CPU lazy on the dying mm. When each scheme frees that mm is its whole
/// character: at the exit (shot down or flushed out of lazy mode first), at the CPU's next switch to
/// a user task (a reference or a parked hazard held it), or never safely (busted: the oracle fires).
/// </summary>
public sealed class ExitWhileLazyTests
{
    public enum Freed
    {
        /// <summary>By the time exit_mm returns.</summary>
        AtExit,

        /// <summary>Only when the CPU next switches to a user task.</summary>
        AtNextUserSwitch,

        /// <summary>While the CPU is still lazy on it: the next switch's kasan check reports it.</summary>
        UseAfterFree,
    }

    public static TheoryData<string, string, bool, Freed> Cases => new()
    {
        // x86 with page tables left: the exit flush IPI unlazies the exiting CPU, whatever the scheme.
        { "refcount", "x86", false, Freed.AtExit },
        { "hazard", "x86", false, Freed.AtExit },
        { "busted", "x86", false, Freed.AtExit },

        // x86, nothing left to flush: only the scheme can protect the lazy CPU.
        { "refcount", "x86", true, Freed.AtNextUserSwitch },
        { "shootdown", "x86", true, Freed.AtExit },
        { "shootdown-all", "x86", true, Freed.AtExit },
        { "linus", "x86", true, Freed.AtExit },
        { "hazard", "x86", true, Freed.AtNextUserSwitch },
        { "hazard-online", "x86", true, Freed.AtNextUserSwitch },
        { "hazard-none", "x86", true, Freed.AtExit },
        { "hazptr", "x86", true, Freed.AtExit },
        { "busted", "x86", true, Freed.UseAfterFree },

        // arm64: a broadcast flush runs no code on any CPU, and there is no cpumask.
        { "refcount", "arm64", false, Freed.AtNextUserSwitch },
        { "shootdown", "arm64", false, Freed.AtExit },
        { "linus", "arm64", false, Freed.AtExit },
        { "hazard", "arm64", false, Freed.AtNextUserSwitch },
        { "hazard-cpumask", "arm64", false, Freed.UseAfterFree },
        { "hazard-none", "arm64", false, Freed.UseAfterFree },
        { "hazptr", "arm64", false, Freed.AtExit },
        { "busted", "arm64", false, Freed.UseAfterFree },

        // powerpc (set-only cpumask, broadcast flush) and x86-pv (exact cpumask, hypercall flush).
        { "shootdown", "powerpc", false, Freed.AtExit },
        { "linus", "powerpc", false, Freed.AtExit },
        { "hazard", "powerpc", false, Freed.AtNextUserSwitch },
        { "busted", "powerpc", false, Freed.UseAfterFree },
        { "linus", "x86-pv", false, Freed.AtExit },
        { "hazard", "x86-pv", false, Freed.AtNextUserSwitch },
        { "busted", "x86-pv", false, Freed.UseAfterFree },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheExitingCpusOwnLazyUse_IsCoveredUntilTheSchemeLetsGo(string scheme, string arch, bool unmapFirst, Freed expected)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        using var m = new SteppedMachine(scheme, model);
        TaskStruct dying = m.Fork();
        TaskStruct next = m.Fork();
        MmPtr mm = dying.Mm;
        long generation = dying.ActiveMmGeneration;
        m.SwitchTo(dying);
        if (unmapFirst)
        {
            m.Kernel.MmOps.UnmapAll(mm);
        }

        if (expected == Freed.UseAfterFree)
        {
            var violation = Assert.Throws<InvariantViolation>(() => m.Exit());
            Assert.Equal(ViolationKind.UseAfterFree, violation.Kind);
            Assert.Equal(mm, violation.Mm);
            Assert.Equal(generation, violation.Generation);
            return;
        }

        m.Exit();
        Assert.Equal(expected == Freed.AtNextUserSwitch, m.IsLive(mm, generation));
        m.Kernel.Sched.TouchLoadedMm(m.Cpu(), "lazy page walk after exit");

        m.SwitchTo(next);
        Assert.False(m.IsLive(mm, generation));
        Assert.Equal(1, m.Kernel.LiveMms);
    }

    [Fact]
    public void HazardScan_ParksAReferenceOnTheRemoteLazyRq_WhichDropsItAtItsNextSwitch()
    {
        // arm64: no flush IPIs, so two CPUs can be played from one thread.
        using var m = new SteppedMachine("hazard", ArchModel.Arm64, cpus: 2);
        TaskStruct task = m.Fork();
        TaskStruct later0 = m.Fork();
        TaskStruct later1 = m.Fork(cpu: 1);
        MmPtr mm = task.Mm;
        long generation = task.ActiveMmGeneration;

        m.SwitchTo(task, cpu: 1);
        m.SwitchTo(m.Cpu(1).Idle, cpu: 1);            // CPU 1 is lazy on mm
        m.SwitchTo(task, cpu: 0);                      // the task "migrates" to CPU 0 ...
        m.Exit(cpu: 0);                                // ... and exits there: __mmput scans both CPUs

        // Both CPUs are lazy on mm (CPU 0 through exit_mm): each rq now owns a parked reference.
        Assert.Equal(mm.Value, m.SchemeWord(HazardScheme<HardwareMemory>.DropMmWord, cpu: 0));
        Assert.Equal(mm.Value, m.SchemeWord(HazardScheme<HardwareMemory>.DropMmWord, cpu: 1));
        Assert.Equal(2, m.Count(mm));
        m.Kernel.Sched.TouchLoadedMm(m.Cpu(1), "CPU 1 still lazy");

        m.SwitchTo(later1, cpu: 1);                    // kernel -> user: mmdrop_lazy drops CPU 1's ref
        Assert.Equal(0, m.SchemeWord(HazardScheme<HardwareMemory>.DropMmWord, cpu: 1));
        Assert.True(m.IsLive(mm, generation));
        m.Kernel.Sched.TouchLoadedMm(m.Cpu(0), "CPU 0 still lazy");

        m.SwitchTo(later0, cpu: 0);
        Assert.False(m.IsLive(mm, generation));
    }

    [Fact]
    public void PlantedMissingLazyGrab_IsReportedAsUseAfterFree()
    {
        // A planted bug (spec A-m1/A-m6: no mmgrab when becoming lazy) must make the oracle fire.
        using var m = new SteppedMachine(k => new PlantedBugs.RefcountWithoutLazyGrab(k), ArchModel.Arm64);
        TaskStruct dying = m.Fork();
        m.SwitchTo(dying);
        var violation = Assert.Throws<InvariantViolation>(() => m.Exit());
        Assert.Equal(ViolationKind.UseAfterFree, violation.Kind);
    }
}
