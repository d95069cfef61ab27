using System.Runtime.CompilerServices;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;
using HazardMm.Workload;
using static HazardMm.Workload.TaskAction;

namespace HazardMm.Tests.Sched;

/// <summary>
/// The kworker wake-up race (design.md#kworker), forced both ways on one CPU run by the real scheduler
/// loop: a hook in the memory model plays a queuer (an interrupt on the kworker's CPU queueing
/// kthread_use_mm work for a sleeping process's mm, the io_uring completion pattern) at the kworker's
/// clear of its wake flag, the one point where the race is decided. Queued after the clear, the
/// queuer's test-and-set wins: the kworker's re-check sees the job but loses its own cmpxchg, parks,
/// and finds itself back on its run queue before it switched out. Queued before the clear, the
/// queuer's test-and-set loses: only the kworker's re-check can see the job, and it takes the flag
/// back and keeps running. Both ways every job runs exactly once and the kworker is switched in once.
/// </summary>
public sealed class KworkerWakeRaceTests
{
    [Fact]
    public void AJobQueuedAfterTheClear_TheQueuerWakesTheKworkerWhichKeepsRunning()
    {
        using var race = new KworkerRace(queueAfterTheClear: true);
        race.Run();
        race.AssertBothJobsRanOnceOnOneWakeUp();

        BranchCounts census = race.Kernel.Census();
        Assert.Equal(1, census[RaceBranch.KworkerRecheckLost]);
        Assert.Equal(1, census[RaceBranch.KworkerRewokenBeforeSwitch]);
        Assert.Equal(2, census[RaceBranch.KworkerWakeWon]);
        Assert.Equal(0, census[RaceBranch.KworkerRecheckWon]);
    }

    [Fact]
    public void AJobQueuedBeforeTheClear_TheKworkersRecheckSeesItAndKeepsRunning()
    {
        using var race = new KworkerRace(queueAfterTheClear: false);
        race.Run();
        race.AssertBothJobsRanOnceOnOneWakeUp();

        BranchCounts census = race.Kernel.Census();
        Assert.Equal(1, census[RaceBranch.KworkerWakeLost]);
        Assert.Equal(1, census[RaceBranch.KworkerRecheckWon]);
        Assert.Equal(0, census[RaceBranch.KworkerRecheckLost]);
        Assert.Equal(0, census[RaceBranch.KworkerRewokenBeforeSwitch]);
    }

    /// <summary>
    /// One CPU, one process U: U queues a job for the kworker and blocks, the kworker runs the job and,
    /// finding its queue empty, clears its wake flag; the hook queues a second job for U's mm there.
    /// The idle task then wakes U, which exits; the loop quiesces once no job is pending.
    /// </summary>
    private sealed class KworkerRace : IDisposable
    {
        private readonly JobCounter _jobs = new();
        private readonly CpuLoop<KworkerRaceMemory> _loop;
        public KworkerRace(bool queueAfterTheClear)
        {
            Kernel = new Kernel<KworkerRaceMemory>(1, 16, ArchModel.Arm64, SchemeRegistry.Get("refcount"), new KernelOptions { Observer = _jobs });
            var workload = new ScriptedWorkload(1, 1, [new WorkloadStep(QueueWork, 0), new WorkloadStep(Block), new WorkloadStep(Wake, 0)]);
            _loop = new CpuLoop<KworkerRaceMemory>(Kernel, workload);
            _loop.Populate();
            KworkerRaceMemory.Arm(Kernel.PerCpu, queueAfterTheClear, QueueSecondJob);
        }

        public Kernel<KworkerRaceMemory> Kernel { get; }

        /// <summary>Runs CPU 0's scheduler loop to quiescence on the test thread.</summary>
        public void Run()
        {
            _loop.Run(0);
            Assert.True(KworkerRaceMemory.Fired, "the kworker never cleared its wake flag after a job");
        }

        /// <summary>No lost wake-up, no job run twice, no second enqueue of a running kworker, nothing leaked.</summary>
        public void AssertBothJobsRanOnceOnOneWakeUp()
        {
            Assert.Null(Kernel.Control.Violation);
            Assert.Equal(2, _jobs.Queued);
            Assert.Equal(2, _jobs.Done);
            Assert.Equal(1, _jobs.KworkerSwitchIns);
            Assert.Equal(0, Kernel.Tasks.PendingWork);
            Assert.Equal(0, Kernel.LiveMms);
        }

        public void Dispose()
        {
            KworkerRaceMemory.Disarm();
            Kernel.Dispose();
        }

        /// <summary>The queuer: U sleeps, its mm is live; the job is queued from CPU 0 for CPU 0's kworker.</summary>
        private void QueueSecondJob()
        {
            Cpu cpu = Kernel.Cpus[0];
            Assert.Equal(TaskKind.Kthread, cpu.Curr.Kind);
            TaskStruct sleeper = _jobs.User ?? throw new InvalidOperationException("U never ran");
            Assert.False(sleeper.Dead);
            Kernel.Tasks.QueueWork(cpu, sleeper, cpu);
        }
    }

    /// <summary>Counts jobs and the kworker's switch-ins; remembers the user task U.</summary>
    private sealed class JobCounter : IKernelObserver
    {
        public TaskStruct? User { get; private set; }

        public int Queued { get; private set; }

        public int Done { get; private set; }

        public int KworkerSwitchIns { get; private set; }

        public void ContextSwitch(int cpu, TaskStruct prev, TaskStruct next)
        {
            KworkerSwitchIns += next.Kind == TaskKind.Kthread ? 1 : 0;
            User = next.Kind == TaskKind.User ? next : User;
        }

        public void MmExiting(int cpu, MmPtr mm)
        {
        }

        public void MmFreed(int cpu, MmPtr mm)
        {
        }

        public void IpiPosted(int sender, int target)
        {
        }

        public void IpiAnswered(int sender, int target)
        {
        }

        public void WorkQueued(int cpu) => Queued++;

        public void WorkDone(int cpu) => Done++;
    }

    /// <summary>
    /// The hardware model with one hook: the first fully ordered store of 0 to CPU 0's kworker wake flag
    /// (the kworker's clear before it sleeps) runs the armed queuer just before or just after it. Its
    /// cpu_relax counts the idle loop's spins: a job nobody runs keeps the stopping CPU spinning, and
    /// past a bound no correct run comes near, that is reported as a hang (a lost wake-up).
    /// </summary>
    private struct KworkerRaceMemory : IMemoryModel
    {
        private const int SpinBound = 10_000;

        [ThreadStatic]
        private static PerCpuArea? s_perCpu;

        [ThreadStatic]
        private static bool s_after;

        [ThreadStatic]
        private static Action? s_queuer;

        [ThreadStatic]
        private static int s_spins;

        public static bool Fired => s_perCpu is not null && s_queuer is null;

        public static void Arm(PerCpuArea perCpu, bool after, Action queuer)
        {
            s_perCpu = perCpu;
            s_after = after;
            s_queuer = queuer;
            s_spins = 0;
        }

        public static void Disarm()
        {
            s_perCpu = null;
            s_queuer = null;
        }

        public static long LoadAcquire(ref long location) => HardwareMemory.LoadAcquire(ref location);

        public static long LoadRelaxed(ref long location) => HardwareMemory.LoadRelaxed(ref location);

        public static void StoreRelease(ref long location, long value) => HardwareMemory.StoreRelease(ref location, value);

        public static void StoreRelaxed(ref long location, long value) => HardwareMemory.StoreRelaxed(ref location, value);

        public static long CompareExchange(ref long location, long value, long comparand) =>
            HardwareMemory.CompareExchange(ref location, value, comparand);

        public static long Exchange(ref long location, long value)
        {
            if (value != 0 || s_queuer is not { } queuer || !Unsafe.AreSame(ref location, ref s_perCpu!.KworkerWoken(0)))
            {
                return HardwareMemory.Exchange(ref location, value);
            }

            s_queuer = null; // once: the kworker's later clears run unhooked
            if (!s_after)
            {
                queuer();
            }

            long old = HardwareMemory.Exchange(ref location, value);
            if (s_after)
            {
                queuer();
            }

            return old;
        }

        public static long Add(ref long location, long delta) => HardwareMemory.Add(ref location, delta);

        public static void FullFence() => HardwareMemory.FullFence();

        public static void CpuRelax()
        {
            if (++s_spins > SpinBound)
            {
                throw new InvariantViolation(ViolationKind.Hang, 0, MmPtr.Null, 0, $"the idle loop spun {SpinBound} times: a queued job nobody runs (a lost wake-up)");
            }

            HardwareMemory.CpuRelax();
        }
    }
}
