using HazardMm.Cli;
using HazardMm.Torture;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

public sealed class TortureOptionsTests
{
    [Fact]
    public void Defaults_AreTheFiveRealSchemesOnX86_OneCpuPerHostCoreAtLeastFour_TenSeconds_AndAFreshSeed()
    {
        TortureOptions o = Parse([], hostCores: 6, seed: 1234);
        Assert.Equal(SchemeNames.Real, o.Schemes);
        Assert.Equal(["x86"], o.Arches.Select(a => a.Name));
        Assert.Equal(6, o.Cpus);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Duration);
        Assert.Equal(1234, o.Seed);
        Assert.True(o.Pin);
        Assert.Contains("seed=1234", o.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultCpus_AreAtLeastFour_OversubscribingASmallHost()
    {
        Assert.Equal(4, Parse([], hostCores: 2).Cpus);
        Assert.Equal(4, Parse([], hostCores: 1).Cpus);
        Assert.Equal(1024, Parse([], hostCores: 4096).Cpus);
    }

    [Fact]
    public void Faults_AreRead_AndSeededWithTheRunSeed()
    {
        TortureOptions o = Parse(["--ipi-delay", "5us", "--stutter", "500ms", "--overcommit", "3", "--mmput-async", "0.25", "--seed", "9"], hostCores: 2);
        Assert.Equal(6, o.Cpus);
        Assert.Contains("ipi-delay=5us stutter=500ms overcommit=3 mmput-async=0.25", o.Describe(), StringComparison.Ordinal);
        TortureCase c = o.CaseFor("hazard", HazardMm.Arch.ArchModel.X86);
        Assert.Equal(9, c.IpiDelay!.Seed);
        Assert.Equal(9, c.MmputAsync!.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(500), c.Stutter);
        Assert.Equal("ipi-delay=5us,stutter=500ms,mmput-async=0.25,overcommit=3", c.Faults);
        Assert.Equal("none", Parse([]).CaseFor("hazard", HazardMm.Arch.ArchModel.X86).Faults);
    }

    [Fact]
    public void CpusAndOvercommit_Together_AreBadInput()
    {
        string line = AssertUsageError(Run(["torture", "--cpus", "4", "--overcommit", "2"]));
        Assert.Contains("give --cpus or --overcommit, not both", line, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOption_IsRead_InBothSpellings()
    {
        TortureOptions o = Parse(["--scheme=busted,hazard", "--arch", "all", "--cpus=8", "--duration", "2m", "--seed", "-5", "--no-pin"]);
        Assert.Equal(["busted", "hazard"], o.Schemes);
        Assert.Equal(4, o.Arches.Count);
        Assert.Equal(8, o.Cpus);
        Assert.Equal(TimeSpan.FromMinutes(2), o.Duration);
        Assert.Equal(-5, o.Seed);
        Assert.False(o.Pin);
    }

    [Fact]
    public void AllInAList_ExpandsOnce()
    {
        TortureOptions o = Parse(["--scheme", "all,busted,hazard"]);
        Assert.Equal([.. SchemeNames.Real, "busted"], o.Schemes);
    }

    [Theory]
    [InlineData("--cpus", "0", "--cpus must be a whole number from 1 to 1024")]
    [InlineData("--cpus", "many", "--cpus must be a whole number")]
    [InlineData("--duration", "-1", "--duration must be positive")]
    [InlineData("--duration", "soon", "use a number with ms, s, m or h")]
    [InlineData("--scheme", "nope", "allowed: refcount, shootdown, shootdown-all, linus, hazard")]
    [InlineData("--arch", "nope", "allowed: x86, arm64, powerpc, x86-pv, all")]
    [InlineData("--seed", "x", "--seed must be a 64-bit integer")]
    [InlineData("--stall-timeout", "soon", "use a number with ms, s, m or h")]
    [InlineData("--ipi-delay", "0", "the bound must be positive")]
    [InlineData("--ipi-delay", "5s", "is not a duration")]
    [InlineData("--stutter", "0s", "must be positive")]
    [InlineData("--mmput-async", "2", "--mmput-async '2' is not a probability in (0, 1]")]
    [InlineData("--overcommit", "0", "--overcommit must be a whole number from 1 to 64")]
    public void BadInput_NamesTheProblemAndWhatIsAllowed(string option, string value, string expected)
    {
        string line = AssertUsageError(Run(["torture", option, value]));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("3", 3_000)]
    public void Durations_ReadAsPeopleWriteThem(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, "--duration", out TimeSpan duration, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("0s", "must be positive")]
    [InlineData("10x", "is not a duration")]
    [InlineData("s", "is not a duration")]
    [InlineData("2d", "is not a duration")]
    [InlineData("NaNs", "is not a duration")]
    [InlineData("100h", "longer than one day")]
    public void BadDurations_AreRejected_WithTheReason(string text, string reason)
    {
        Assert.False(DurationParser.TryParse(text, "--duration", out _, out string error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static TortureOptions Parse(string[] args, int hostCores = 2, long seed = 0)
    {
        var session = new CliSession(TextWriter.Null, TextWriter.Null, Live: false, hostCores, () => seed, CancellationToken.None);
        var root = HazardMmCli.Build(session);
        System.CommandLine.ParseResult result = root.Parse(["torture", .. args]);
        Assert.Empty(result.Errors);
        return root.Subcommands.OfType<TortureCommand>().Single().Read(result);
    }
}
