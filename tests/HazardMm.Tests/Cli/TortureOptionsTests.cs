using HazardMm.Cli;
using HazardMm.Schemes;

namespace HazardMm.Tests.Cli;

public sealed class TortureOptionsTests
{
    [Fact]
    public void Defaults_AreTheFiveRealSchemesOnX86_OneCpuPerHostCore_TenSeconds_AndAFreshSeed()
    {
        TortureOptions o = TortureOptions.Parse([], hostCores: 6, newSeed: () => 1234);
        Assert.Equal(SchemeRegistry.Real.Select(d => d.Name), o.Schemes);
        Assert.Equal(["x86"], o.Arches.Select(a => a.Name));
        Assert.Equal(6, o.Cpus);
        Assert.Equal(TimeSpan.FromSeconds(10), o.Duration);
        Assert.Equal(1234, o.Seed);
        Assert.True(o.Pin);
        Assert.Contains("seed=1234", o.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryOption_IsRead_InBothSpellings()
    {
        TortureOptions o = TortureOptions.Parse(
            ["--scheme=busted,hazard", "--arch", "all", "--cpus=8", "--duration", "2m", "--seed", "-5", "--no-pin"], 2, () => 0);
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
        TortureOptions o = TortureOptions.Parse(["--scheme", "all,busted,hazard"], 2, () => 0);
        Assert.Equal([.. SchemeRegistry.Real.Select(d => d.Name), "busted"], o.Schemes);
    }

    [Theory]
    [InlineData("--cpus", "0", "--cpus must be a whole number from 1 to 1024")]
    [InlineData("--cpus", "many", "--cpus must be a whole number")]
    [InlineData("--duration", "-1", "--duration must be positive")]
    [InlineData("--duration", "soon", "use a number with ms, s, m or h")]
    [InlineData("--scheme", "nope", "allowed: refcount, shootdown, shootdown-all, linus, hazard")]
    [InlineData("--arch", "nope", "allowed: x86, arm64, powerpc, x86-pv, all")]
    [InlineData("--seed", "x", "--seed must be a 64-bit integer")]
    [InlineData("--bogus", "1", "unknown option '--bogus' for 'torture'; options are --scheme, --arch")]
    public void BadInput_NamesTheProblemAndWhatIsAllowed(string option, string value, string expected)
    {
        var e = Assert.Throws<UsageException>(() => TortureOptions.Parse([option, value], 2, () => 0));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingValue_OrARepeatedOption_IsAUsageError()
    {
        Assert.Contains("needs a value", Assert.Throws<UsageException>(() => TortureOptions.Parse(["--cpus"], 2, () => 0)).Message, StringComparison.Ordinal);
        Assert.Contains("given twice", Assert.Throws<UsageException>(() => TortureOptions.Parse(["--cpus", "1", "--cpus=2"], 2, () => 0)).Message, StringComparison.Ordinal);
        Assert.Contains("unexpected argument", Assert.Throws<UsageException>(() => TortureOptions.Parse(["x86"], 2, () => 0)).Message, StringComparison.Ordinal);
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
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), DurationParser.Parse(text, "--duration"));
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("2d")]
    [InlineData("NaNs")]
    [InlineData("100h")]
    public void BadDurations_AreRejected(string text)
    {
        Assert.Throws<UsageException>(() => DurationParser.Parse(text, "--duration"));
    }
}
