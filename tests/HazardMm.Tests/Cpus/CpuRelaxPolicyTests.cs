using System.Collections.Concurrent;
using HazardMm.Cpus;

namespace HazardMm.Tests.Cpus;

/// <summary>cpu_relax on real threads (design.md#cpu-relax): PAUSE with a bounded spin, yield at every step when oversubscribed.</summary>
public sealed class CpuRelaxPolicyTests
{
    [Theory]
    [InlineData(1, 2, RelaxMode.SpinThenYield)]
    [InlineData(2, 2, RelaxMode.SpinThenYield)]
    [InlineData(3, 2, RelaxMode.Yield)]
    [InlineData(1024, 16, RelaxMode.Yield)]
    public void MoreCpusThanCores_Yields_ElseSpins(int cpus, int cores, RelaxMode expected) =>
        Assert.Equal(expected, CpuRelaxPolicy.For(cpus, cores));

    [Fact]
    public void TheHost_GivesEveryCpuThreadTheModeForItsPlacement()
    {
        int cores = ThreadAffinity.AllowedCores().Length;
        Assert.All(ModesSeen(cores + 1), mode => Assert.Equal(RelaxMode.Yield, mode));
        Assert.All(ModesSeen(1), mode => Assert.Equal(RelaxMode.SpinThenYield, mode));
    }

    [Fact]
    public void TheMode_IsPerThread_AndRelaxRunsInBoth()
    {
        var seen = new RelaxMode[2];
        var thread = new Thread(() =>
        {
            CpuRelaxPolicy.Current = RelaxMode.Yield;
            CpuRelaxPolicy.Relax();
            seen[1] = CpuRelaxPolicy.Current;
        });
        thread.Start();
        thread.Join();
        for (int i = 0; i < 2 * CpuRelaxPolicy.SpinsBeforeYield; i++)
        {
            CpuRelaxPolicy.Relax();
        }

        seen[0] = CpuRelaxPolicy.Current;
        Assert.Equal([RelaxMode.SpinThenYield, RelaxMode.Yield], seen);
    }

    private static RelaxMode[] ModesSeen(int cpus)
    {
        var modes = new ConcurrentDictionary<int, RelaxMode>();
        IRunningCpus running = new HardwareCpuHost(pin: false).Start(cpus, cpu => modes[cpu] = CpuRelaxPolicy.Current);
        Assert.True(running.Join(TimeSpan.FromSeconds(30)));
        Assert.Equal(cpus, modes.Count);
        return [.. modes.Values];
    }
}
