using HazardMm.Cpus;
using HazardMm.Mm;
using HazardMm.Sched;
using HazardMm.Workload;

namespace HazardMm.Tests.Torture;

/// <summary>The torture workload's decisions depend on (seed, CPU) only, in every process.</summary>
public sealed class RandomWorkloadTests
{
    [Fact]
    public void TheSameSeed_GivesEveryCpuTheSameDecisions()
    {
        var options = new RandomWorkloadOptions();
        var a = new RandomWorkload(options, cpus: 2, seed: 99);
        var b = new RandomWorkload(options, cpus: 2, seed: 99);
        var c = new RandomWorkload(options, cpus: 2, seed: 100);
        var cpu = new Cpu(1);
        var task = new TaskStruct(TaskKind.User, 1, 1, MmPtr.FromIndex(1), 0);
        var six = new CountingCensus(6);
        WorkloadStep[] first = [.. Enumerable.Range(0, 200).Select(_ => a.Next(cpu, task, six))];
        WorkloadStep[] second = [.. Enumerable.Range(0, 200).Select(_ => b.Next(cpu, task, six))];
        WorkloadStep[] other = [.. Enumerable.Range(0, 200).Select(_ => c.Next(cpu, task, six))];
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void TheCensus_IsReadOnlyForPopulationSteps_AndStillBoundsThem()
    {
        // Every CPU's fork, clone and exit writes the census, so a read at every step was a miss at
        // every step; the draws must not change with when it is read.
        var options = new RandomWorkloadOptions();
        var cpu = new Cpu(0);
        var task = new TaskStruct(TaskKind.User, 1, 0, MmPtr.FromIndex(1), 0);
        var atCeiling = new CountingCensus(2 * options.MaxTasksPerCpu);
        var atFloor = new CountingCensus(2 * options.TasksPerCpu);
        var full = new RandomWorkload(options, cpus: 2, seed: 7);
        var sparse = new RandomWorkload(options, cpus: 2, seed: 7);

        WorkloadStep[] whenFull = [.. Enumerable.Range(0, 2000).Select(_ => full.Next(cpu, task, atCeiling))];
        WorkloadStep[] whenSparse = [.. Enumerable.Range(0, 2000).Select(_ => sparse.Next(cpu, task, atFloor))];

        Assert.DoesNotContain(whenFull, s => s.Action is TaskAction.Clone or TaskAction.Fork);
        Assert.DoesNotContain(whenSparse, s => s.Action is TaskAction.Exit or TaskAction.UnmapAll);
        Assert.Contains(whenFull, s => s.Action is TaskAction.Exit);
        Assert.Contains(whenSparse, s => s.Action is TaskAction.Fork);
        Assert.InRange(atCeiling.Reads, 1, 2000 / 4);
        Assert.InRange(atFloor.Reads, 1, 2000 / 4);

        // The idle loop never asks.
        var idle = new RandomWorkload(options, cpus: 2, seed: 7);
        int before = atFloor.Reads;
        for (int i = 0; i < 100; i++)
        {
            idle.Next(cpu, cpu.Idle, atFloor);
        }

        Assert.Equal(before, atFloor.Reads);
    }

    [Fact]
    public void SeedMixing_IsAFixedFunction_NotThePerProcessRandomizedHashCode()
    {
        // Pinned: HashCode.Combine would give a different value in every process, and a --seed
        // printed by one run would not reproduce the workload in the next.
        Assert.Equal(-585894177, RandomWorkload.SeedFor(1, 0));
        Assert.NotEqual(RandomWorkload.SeedFor(1, 0), RandomWorkload.SeedFor(1, 1));
        Assert.NotEqual(RandomWorkload.SeedFor(1, 0), RandomWorkload.SeedFor(2, 0));
    }

    private sealed class CountingCensus(long live) : ITaskCensus
    {
        public int Reads { get; private set; }

        public long LiveUserTasks
        {
            get
            {
                Reads++;
                return live;
            }
        }
    }
}
