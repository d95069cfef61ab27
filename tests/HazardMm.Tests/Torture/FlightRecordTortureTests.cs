using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// A failed torture case reports the flight recorder (design.md#flight-recorder): the last events of
/// the CPU that saw the use-after-free, and the free of that very lifetime on the CPU that did it.
/// </summary>
public sealed class FlightRecordTortureTests
{
    [Theory]
    [InlineData("busted", 2)]
    [InlineData("hazard-none", 1)]
    public void AUseAfterFree_IsReportedWithTheFailingCpusEvents_AndTheFreeOfThatLifetime(string scheme, int cpus)
    {
        var c = new TortureCase(scheme, ArchModel.Arm64, cpus, TimeSpan.FromSeconds(10), 3);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);

        InvariantViolation v = Assert.IsType<InvariantViolation>(result.Violation);
        Assert.Equal(ViolationKind.UseAfterFree, v.Kind);
        string tag = $"hazardmm-torture: flight [{c.Label}]:";
        Assert.StartsWith($"{tag} CPU {v.Cpu} (saw the violation), last events of ", result.FlightRecord[0], StringComparison.Ordinal);
        Assert.Contains(result.FlightRecord, l => l.Contains($"CPU {v.Cpu}: switch ", StringComparison.Ordinal));
        string free = $": __mmdrop: free {v.Mm} gen {v.Generation}";
        Assert.Contains(result.FlightRecord, l => l.EndsWith(free, StringComparison.Ordinal));
        Assert.Contains(result.FlightRecord, l => l.Contains($" freed {v.Mm} gen {v.Generation}", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRecorderOff_ReportsNothing_AndASuccessReportsNothing()
    {
        var off = new TortureCase(BustedScheme.Descriptor.Name, ArchModel.Arm64, 2, TimeSpan.FromSeconds(10), 3) { FlightRecorderEvents = 0 };
        TortureResult failed = TortureRunner.Run(off, new HardwareCpuHost(), null, CancellationToken.None);
        Assert.False(failed.Success);
        Assert.Empty(failed.FlightRecord);

        var ok = new TortureCase(RefcountScheme.Descriptor.Name, ArchModel.Arm64, 2, TimeSpan.FromMilliseconds(300), 3);
        TortureResult passed = TortureRunner.Run(ok, new HardwareCpuHost(), null, CancellationToken.None);
        Assert.True(passed.Success, passed.Summary);
        Assert.Empty(passed.FlightRecord);
    }
}
