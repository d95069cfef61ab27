using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Sched;
using HazardMm.Schemes;
using HazardMm.Workload;

namespace HazardMm.Tests.Sched;

/// <summary>
/// The scheduler loop allocates nothing per switch or per user quantum once warmed up: messages for
/// possible violations are built only when a check fails (design.md#invariants). A behaviour, not a
/// speed: the count of bytes this thread allocated over many switches is exactly zero.
/// </summary>
public sealed class SteadyStateAllocationTests
{
    public static TheoryData<string> Schemes => [.. SchemeRegistry.Names];

    [Theory]
    [MemberData(nameof(Schemes))]
    public void TheSwitchLoop_AllocatesNothingPerSwitchOrQuantum(string scheme)
    {
        var workload = new CyclingWorkload(warmup: 2_000, measured: 20_000);
        using var kernel = new Kernel<HardwareMemory>(1, 16, ArchModel.X86, SchemeRegistry.Get(scheme));
        var loop = new CpuLoop<HardwareMemory>(kernel, workload);
        loop.Populate();
        loop.Run(0);

        Assert.Null(kernel.Control.Violation);
        long switches = workload.SwitchesMeasured;
        Assert.True(switches > 0 && workload.LazyEntriesMeasured > 0);
        Assert.True(workload.BytesMeasured == 0, $"{scheme}: {workload.BytesMeasured} bytes over {switches} switches = {(double)workload.BytesMeasured / switches:F1} bytes/switch");
    }

    /// <summary>
    /// Cycles every arm of the switch: a user task queues kworker work (kernel→kernel, kthread_use_mm),
    /// blocks (user→user, user→kernel), the idle task wakes it (kernel→user).
    /// </summary>
    private sealed class CyclingWorkload(int warmup, int measured) : IWorkload
    {
        private static readonly WorkloadStep[] UserSteps =
            [new(TaskAction.QueueWork, 0), WorkloadStep.Run, new(TaskAction.Block), new(TaskAction.Yield)];

        private int _steps;
        private long _bytesAtStart;
        private StatsSnapshot _statsAtStart;

        public int InitialProcesses => 2;

        public int ThreadsPerProcess => 1;

        public bool Finished => _steps >= warmup + measured;

        public long BytesMeasured { get; private set; }

        public long SwitchesMeasured { get; private set; }

        public long LazyEntriesMeasured { get; private set; }

        public WorkloadStep Next(Cpu cpu, TaskStruct curr, ITaskCensus census)
        {
            _steps++;
            if (_steps == warmup)
            {
                _statsAtStart = cpu.Stats.Read();
                _bytesAtStart = GC.GetAllocatedBytesForCurrentThread();
            }
            else if (_steps == warmup + measured)
            {
                BytesMeasured = GC.GetAllocatedBytesForCurrentThread() - _bytesAtStart;
                StatsSnapshot delta = cpu.Stats.Read() - _statsAtStart;
                SwitchesMeasured = delta.Switches;
                LazyEntriesMeasured = delta.LazyEntries;
            }

            return curr.Kind == TaskKind.Idle ? new(TaskAction.Wake, 0) : UserSteps[_steps % UserSteps.Length];
        }
    }
}
