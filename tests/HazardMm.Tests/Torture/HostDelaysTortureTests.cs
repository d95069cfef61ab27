using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// Every real scheme on real threads with descheduled vCPUs and a paid IPI cost
/// (design.md#vcpu-preemption, design.md#ipi-cost): still correct, and the counters prove the stops
/// (IRQs-off ones included) and the payments happened. No assertion depends on the host's speed.
/// </summary>
public sealed class HostDelaysTortureTests
{
    public static TheoryData<string> RealSchemes() => [.. SchemeRegistry.Real.Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(RealSchemes))]
    public void RealScheme_Survives_DescheduledVcpus_AndPaysTheIpiCost(string scheme)
    {
        var c = new TortureCase(scheme, ArchModel.X86, 2, TimeSpan.FromMilliseconds(800), 11)
        {
            IpiCost = TimeSpan.FromMicroseconds(5),
            VcpuPreemption = new VcpuPreemption(0.01, TimeSpan.FromMicroseconds(20), 11),
        };
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.True(result.Success, result.Summary);
        Assert.Equal(result.MmsAllocated, result.MmsFreed);
        Assert.True(result.Totals.Preemptions > 0, result.Summary);
        Assert.True(result.Totals.PreemptionsIrqsOff > 0, result.Summary);
        Assert.True(result.Totals.PreemptedTicks > 0, result.Summary);
        Assert.Contains("vCPU preemptions", result.Summary, StringComparison.Ordinal);
        Assert.Equal(result.Totals.IpisSent > 0, result.Totals.IpiCostTicks > 0);
    }

    [Fact]
    public void WithoutTheOptions_NothingIsPaid_NorPreempted()
    {
        var c = new TortureCase(ShootdownScheme.Descriptor.Name, ArchModel.X86, 2, TimeSpan.FromMilliseconds(400), 11);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.True(result.Success, result.Summary);
        Assert.Equal(0, result.Totals.IpiCostTicks);
        Assert.Equal(0, result.Totals.Preemptions);
        Assert.DoesNotContain("IPI cost paid", result.Summary, StringComparison.Ordinal);
    }
}
