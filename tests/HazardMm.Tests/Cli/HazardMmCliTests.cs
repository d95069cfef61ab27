using HazardMm.Cli;

namespace HazardMm.Tests.Cli;

/// <summary>The command end to end: exit codes, the one-line error contract, and the verdict lines.</summary>
public sealed class HazardMmCliTests
{
    [Theory]
    [InlineData("torture", "--cpus", "0")]
    [InlineData("torture", "--duration", "-1")]
    [InlineData("torture", "--scheme", "nope")]
    [InlineData("torture", "--arch", "nope")]
    [InlineData("torture", "--frobnicate")]
    [InlineData("frobnicate")]
    public void BadInput_ExitsTwo_WithOneLineAndNoStackTrace(params string[] args)
    {
        (int code, string output, string error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("hazardmm: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void NoArguments_PrintsUsage_AndExitsTwo()
    {
        (int code, string output, _) = Run([]);
        Assert.Equal(2, code);
        Assert.StartsWith("usage:", output, StringComparison.Ordinal);
        Assert.Contains("hazardmm torture", output, StringComparison.Ordinal);
        Assert.Contains("hazardmm replay", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_PrintsUsage_AndExitsZero()
    {
        (int code, string output, _) = Run(["--help"]);
        Assert.Equal(0, code);
        Assert.Contains("--scheme", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Torture_PrintsConfigurationFirst_ProgressThenOneVerdictPerScheme_AndExitsZero()
    {
        (int code, string output, string error) = Run(["torture", "--scheme", "hazard,linus", "--cpus", "2", "--duration", "1200ms", "--seed", "77"]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("hazardmm torture: scheme=hazard,linus arch=x86 cpus=2 duration=1200ms seed=77", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("[hazard/x86]    1s: switches ", StringComparison.Ordinal));
        Assert.StartsWith("SUCCESS hazard arch=x86", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("SUCCESS linus arch=x86", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TortureOfTheBrokenScheme_EndsWithFailure_AndExitsOne()
    {
        (int code, string output, _) = Run(["torture", "--scheme", "busted", "--arch", "arm64", "--cpus", "2", "--duration", "10s", "--seed", "3"]);
        Assert.Equal(1, code);
        string last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("FAILURE busted arch=arm64 seed=3: use-after-free: CPU ", last, StringComparison.Ordinal);
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = HazardMmCli.Run(args, output, error);
        return (code, output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal), error.ToString());
    }
}
