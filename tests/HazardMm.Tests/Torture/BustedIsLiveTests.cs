using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// The negative control of torture (design.md#torture, as rcutorture's deliberately broken RCU): the
/// busted scheme must be caught under every arch, with no fault and with every fault at once, within a
/// 10-second case. The case ends at its first violation; a busted run that is not caught uses up its 10
/// seconds and fails the test, so a fault that hid the bug is seen here. No assertion reads the clock.
/// </summary>
public sealed class BustedIsLiveTests
{
    public static TheoryData<string, bool> ArchAndFaults()
    {
        var data = new TheoryData<string, bool>();
        foreach (ArchModel arch in ArchModel.All)
        {
            data.Add(arch.Name, false);
            data.Add(arch.Name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ArchAndFaults))]
    public void Busted_FailsWithinTenSeconds_WithAnAlarmAndAFailureLine(string arch, bool everyFault)
    {
        const long seed = 17;
        var c = new TortureCase("busted", ArchModel.All.Single(a => a.Name == arch), TortureCase.DefaultCpus(2), TimeSpan.FromSeconds(10), seed);
        if (everyFault)
        {
            c = c with
            {
                VcpuPreemption = new VcpuPreemption(0.01, TimeSpan.FromMicroseconds(20), seed),
                IpiDelay = new IpiDelay(TimeSpan.FromMicroseconds(50), seed),
                Stutter = TimeSpan.FromMilliseconds(300),
                MmputAsync = new MmputAsync(0.5, seed),
            };
        }

        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        Assert.False(result.Success, result.Summary);
        Assert.StartsWith("FAILURE busted ", result.Summary, StringComparison.Ordinal);
        Assert.Contains("!!!", result.Alarm, StringComparison.Ordinal);
    }
}
