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

    /// <summary>Every scheme in the registry, on every architecture, with and without page tables left to flush.</summary>
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (SchemeDescriptor scheme in SchemeRegistry.All)
        {
            foreach (ArchModel arch in ArchModel.All)
            {
                data.Add(scheme.Name, arch.Name, false);
                data.Add(scheme.Name, arch.Name, true);
            }
        }

        return data;
    }

    /// <summary>
    /// What must happen, from the architecture's knobs and the scheme's claims: an exit flush that runs
    /// (page tables left, or forced by the scheme) and unlazies by IPI frees at the exit whatever the
    /// scheme; otherwise the scheme's <see cref="SchemeDescriptor.ExitCover"/> decides.
    /// </summary>
    public static Freed Expected(SchemeDescriptor scheme, ArchModel arch, bool unmapFirst, bool forcesExitFlush) =>
        arch.ExitFlushUnlazies && (!unmapFirst || forcesExitFlush)
            ? Freed.AtExit
            : scheme.ExitCover(arch) switch
            {
                LazyCover.Reference => Freed.AtNextUserSwitch,
                LazyCover.Evicted => Freed.AtExit,
                _ => Freed.UseAfterFree,
            };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheExitingCpusOwnLazyUse_IsCoveredUntilTheSchemeLetsGo(string name, string arch, bool unmapFirst)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        SchemeDescriptor scheme = SchemeRegistry.Get(name);
        using var m = new SteppedMachine(scheme, model);
        Freed expected = Expected(scheme, model, unmapFirst, m.Kernel.Scheme.ForcesExitFlush);
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
        using var m = new SteppedMachine(HazardScheme.Descriptor, ArchModel.Arm64, cpus: 2);
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
        Assert.Equal(mm.Value, m.SchemeWord("drop_mm", cpu: 0));
        Assert.Equal(mm.Value, m.SchemeWord("drop_mm", cpu: 1));
        Assert.Equal(2, m.Count(mm));
        m.Kernel.Sched.TouchLoadedMm(m.Cpu(1), "CPU 1 still lazy");

        m.SwitchTo(later1, cpu: 1);                    // kernel -> user: mmdrop_lazy drops CPU 1's ref
        Assert.Equal(0, m.SchemeWord("drop_mm", cpu: 1));
        Assert.True(m.IsLive(mm, generation));
        m.Kernel.Sched.TouchLoadedMm(m.Cpu(0), "CPU 0 still lazy");

        m.SwitchTo(later0, cpu: 0);
        Assert.False(m.IsLive(mm, generation));
    }

    [Fact]
    public void PlantedMissingLazyGrab_IsReportedAsUseAfterFree()
    {
        // A planted bug (no mmgrab when becoming lazy) must make the oracle fire.
        using var m = new SteppedMachine(k => new PlantedBugs.RefcountWithoutLazyGrab(k), ArchModel.Arm64);
        TaskStruct dying = m.Fork();
        m.SwitchTo(dying);
        var violation = Assert.Throws<InvariantViolation>(() => m.Exit());
        Assert.Equal(ViolationKind.UseAfterFree, violation.Kind);
    }
}
