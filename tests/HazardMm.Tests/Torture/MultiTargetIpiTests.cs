using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// Why a default torture run has at least four CPUs (design.md#torture): a shootdown waiter that
/// returns after the first acknowledgement (ipi-wait-first-ack) is the same code as a correct one
/// while a sender has only one remote target, so two CPUs can never catch it; the default count can.
/// </summary>
public sealed class MultiTargetIpiTests
{
    [Fact]
    public void WaiterReturningAfterTheFirstAck_IsCaught_ByTheDefaultCpuCount_OnATwoCoreHost()
    {
        int cpus = TortureCase.DefaultCpus(hostCores: 2);
        Assert.Equal(4, cpus);
        TortureResult result = Run(cpus, TimeSpan.FromSeconds(10));
        Assert.False(result.Success, result.Summary);
        Assert.Equal(ViolationKind.UseAfterFree, result.Violation!.Kind);
    }

    [Fact]
    public void WaiterReturningAfterTheFirstAck_IsInvisible_WithTwoCpus()
    {
        // One remote target: the first acknowledgement is the only one.
        TortureResult result = Run(2, TimeSpan.FromMilliseconds(600));
        Assert.True(result.Success, result.Summary);
        Assert.True(result.Totals.IpisSent > 0, result.Summary);
    }

    private static TortureResult Run(int cpus, TimeSpan duration) =>
        TortureRunner.Run(
            new TortureCase(ShootdownScheme.Descriptor.Name, ArchModel.Arm64, cpus, duration, 17) { Mutant = MutantId.IpiWaitFirstAck },
            new HardwareCpuHost(), null, CancellationToken.None);
}
