using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;

namespace HazardMm.Tests.Sched;

/// <summary>
/// The owner-vs-steal race of the hazard scheme (design.md#hazard-steal, design.md#hazard-owner),
/// forced both ways from one thread: a hook inside the scheme plays the other CPU at the one point
/// where the race is decided. CPU 1 is lazy on M (its exiting thread published it) while its
/// drop_mm still holds a late-parked reference to O; CPU 0's exit of M's last thread scans CPU 1.
/// Either the scanner's cmpxchg steals O's slot before the owner's mmdrop_lazy takes it (the
/// owner's cmpxchg loses), or the owner takes O between the scanner's load and its cmpxchg (the
/// steal loses and the scanner retries). Both ways every reference is dropped exactly once.
/// </summary>
public sealed class HazardStealRaceTests
{
    [Fact]
    public void TheStealWinsBetweenTheOwnersLoadAndItsCmpxchg_TheOwnerLooksAgainAndKeepsTheNewReference()
    {
        using var race = new StealRace(MutantId.None);
        race.ParkOLateOnCpu1();

        // CPU 1's M thread exits; its mmdrop_lazy reads drop_mm = O, and before its cmpxchg CPU 0 runs
        // M's last thread to its exit, whose scan steals O's slot for M.
        race.Scheme.BeforeTake = race.LastThreadOfMExitsOnCpu0;
        race.M.Exit(cpu: 1);

        BranchCounts census = race.M.Kernel.Census();
        Assert.Equal(1, census[RaceBranch.HazardStealWon]);
        Assert.Equal(1, census[RaceBranch.HazardOwnerTakeLost]);
        Assert.Equal(race.MmM.Value, race.M.SchemeWord("drop_mm", cpu: 1));
        Assert.False(race.M.IsLive(race.MmO, race.GenerationO));
        race.FinishAndCheckNothingLeaks();
    }

    [Fact]
    public void TheOwnerTakesBetweenTheScannersLoadAndItsCmpxchg_TheStealFailsAndTheScannerParksInstead()
    {
        using var race = new StealRace(MutantId.None);
        race.ParkOLateOnCpu1();
        race.ScanMWhileCpu1TakesO();

        BranchCounts census = race.M.Kernel.Census();
        Assert.Equal(1, census[RaceBranch.HazardStealLost]);
        Assert.Equal(0, census[RaceBranch.HazardStealWon]);
        Assert.Equal(race.MmM.Value, race.M.SchemeWord("drop_mm", cpu: 1));
        race.FinishAndCheckNothingLeaks();
    }

    [Fact]
    public void ATornSteal_DropsTheReferenceTheOwnerAlreadyDropped()
    {
        // hazard-steal-torn: the cmpxchg as a plain store after the load. The same forced race drops O
        // twice: the oracle must stop it.
        using var race = new StealRace(MutantId.HazardStealTorn);
        race.ParkOLateOnCpu1();
        var violation = Assert.Throws<InvariantViolation>(race.ScanMWhileCpu1TakesO);
        Assert.Equal(ViolationKind.NegativeCount, violation.Kind);
        Assert.Equal(race.MmO, violation.Mm);
    }

    /// <summary>The hazard scheme with the two decision points opened to the test.</summary>
    private sealed class HookedHazard(LazyTlbContext<HardwareMemory> context) : HazardScheme<HardwareMemory>(context, ScanSet.Online)
    {
        /// <summary>Runs once, when a scanner is about to hand its reference to CPU 1's rq.</summary>
        public Action? BeforeDrop { get; set; }

        /// <summary>Runs once, between a scanner's loads of CPU 1's words and its steal cmpxchg.</summary>
        public Action? BeforeSteal { get; set; }

        /// <summary>Runs once, between CPU 1's read of its drop_mm and its own cmpxchg.</summary>
        public Action? BeforeTake { get; set; }

        protected override bool TryDropRqRef(Cpu self, int cpu, MmPtr mm)
        {
            RunOnce(cpu == 1, () => BeforeDrop, a => BeforeDrop = a);
            return base.TryDropRqRef(self, cpu, mm);
        }

        protected override bool TryStealRqRef(Cpu self, int cpu, MmPtr od, MmPtr mm)
        {
            RunOnce(cpu == 1, () => BeforeSteal, a => BeforeSteal = a);
            return base.TryStealRqRef(self, cpu, od, mm);
        }

        protected override bool KeepsParkedRef(Cpu cpu, long parked)
        {
            bool keeps = base.KeepsParkedRef(cpu, parked);
            RunOnce(cpu.Id == 1 && !keeps, () => BeforeTake, a => BeforeTake = a);
            return keeps;
        }

        private static void RunOnce(bool when, Func<Action?> get, Action<Action?> set)
        {
            if (when && get() is { } hook)
            {
                set(null);
                hook();
            }
        }
    }

    /// <summary>Processes O (one thread) and M (two threads) on a 2-CPU arm64 machine, played step by step.</summary>
    private sealed class StealRace : IDisposable
    {
        private readonly TaskStruct _o;
        private readonly TaskStruct _m1;
        private readonly TaskStruct _m2;

        public StealRace(MutantId mutant)
        {
            HookedHazard? scheme = null;
            M = new SteppedMachine(c => scheme = new HookedHazard(c), ArchModel.Arm64, cpus: 2, new KernelOptions { Mutant = mutant });
            Scheme = scheme!;
            _o = M.Fork(cpu: 1);
            _m1 = M.Fork(cpu: 1);
            _m2 = M.Kernel.Tasks.Clone(M.Cpu(0), _m1);
            MmO = _o.Mm;
            GenerationO = _o.ActiveMmGeneration;
            MmM = _m1.Mm;
        }

        public SteppedMachine M { get; }

        public HookedHazard Scheme { get; }

        public MmPtr MmO { get; }

        public long GenerationO { get; }

        public MmPtr MmM { get; }

        /// <summary>
        /// CPU 1 goes lazy on O; O exits on CPU 0, and its scan reads CPU 1's lazy_mm = O; before it
        /// parks, CPU 1 switches to M's thread (mmdrop_lazy finds drop_mm empty). The park lands after
        /// that: CPU 1 runs M with drop_mm = O (the late park of design.md#hazard-steal).
        /// </summary>
        public void ParkOLateOnCpu1()
        {
            M.SwitchTo(_o, cpu: 1);
            M.SwitchTo(M.Cpu(1).Idle, cpu: 1);
            M.SwitchTo(_o, cpu: 0);
            Scheme.BeforeDrop = () => M.SwitchTo(_m1, cpu: 1);
            M.Exit(cpu: 0);
            Assert.Null(Scheme.BeforeDrop);
            Assert.Equal(MmO.Value, M.SchemeWord("drop_mm", cpu: 1));
            Assert.Equal(0, M.SchemeWord("lazy_mm", cpu: 1));
        }

        /// <summary>
        /// CPU 1's M thread runs exit_mm (lazy_mm = M, users 2 → 1); CPU 0 runs M's other thread to its
        /// exit, whose scan loads CPU 1's drop_mm = O and re-loads lazy_mm = M; before its cmpxchg,
        /// CPU 1 switches out its dead thread and its mmdrop_lazy takes O.
        /// </summary>
        public void ScanMWhileCpu1TakesO()
        {
            M.Kernel.Tasks.ExitMm(M.Cpu(1), _m1);
            Scheme.BeforeSteal = () =>
            {
                M.SwitchTo(M.Cpu(1).Idle, cpu: 1);
                M.Kernel.Tasks.ReleaseDeadTask(_m1);
            };
            LastThreadOfMExitsOnCpu0();
            Assert.Null(Scheme.BeforeSteal);
        }

        /// <summary>M's other thread runs on CPU 0 and exits: mm_users of M reaches 0 and __mmput scans.</summary>
        public void LastThreadOfMExitsOnCpu0()
        {
            M.SwitchTo(_m2, cpu: 0);
            M.Exit(cpu: 0);
        }

        /// <summary>Both CPUs switch to user tasks (every parked reference is dropped): nothing may be left.</summary>
        public void FinishAndCheckNothingLeaks()
        {
            M.SwitchTo(M.Fork(cpu: 0), cpu: 0);
            M.SwitchTo(M.Fork(cpu: 1), cpu: 1);
            Assert.Equal(0, M.SchemeWord("drop_mm", cpu: 0));
            Assert.Equal(0, M.SchemeWord("drop_mm", cpu: 1));
            Assert.Equal(2, M.Kernel.LiveMms);
        }

        public void Dispose() => M.Dispose();
    }
}
