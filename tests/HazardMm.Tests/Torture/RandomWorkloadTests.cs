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
        WorkloadStep[] first = [.. Enumerable.Range(0, 200).Select(_ => a.Next(cpu, task, 6))];
        WorkloadStep[] second = [.. Enumerable.Range(0, 200).Select(_ => b.Next(cpu, task, 6))];
        WorkloadStep[] other = [.. Enumerable.Range(0, 200).Select(_ => c.Next(cpu, task, 6))];
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
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
}
