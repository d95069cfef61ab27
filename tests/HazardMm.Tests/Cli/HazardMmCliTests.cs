using static HazardMm.Tests.Cli.CliRun;

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
    [InlineData("torture", "--cpus")]
    [InlineData("torture", "--cpus", "1", "--cpus", "2")]
    [InlineData("torture", "x86")]
    [InlineData("frobnicate")]
    [InlineData("--frobnicate")]
    public void BadInput_ExitsTwo_WithOneLineAndNoStackTrace(params string[] args)
    {
        AssertUsageError(Run(args));
    }

    [Fact]
    public void NoArguments_IsOneLineNamingTheCommands_AndExitsTwo()
    {
        string line = AssertUsageError(Run([]));
        Assert.Contains("no command given; commands: torture, explore, mutants, replay, sweep, compare, experiment", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownCommand_NamesTheCommands()
    {
        string line = AssertUsageError(Run(["frobnicate"]));
        Assert.Contains("unknown command 'frobnicate'; commands: torture, explore, mutants, replay, sweep, compare, experiment", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownOption_PointsAtTheCommandsHelp()
    {
        string line = AssertUsageError(Run(["torture", "--bogus", "1"]));
        Assert.Contains("unknown option or argument '--bogus' for 'torture'; 'hazardmm torture --help' lists the options", line, StringComparison.Ordinal);
    }

    [Fact]
    public void TopLevelHelp_ListsTheCommands_AndExitsZero()
    {
        (int code, string output, string error) = Run(["--help"]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        foreach (string command in new[] { "torture", "explore", "mutants", "replay" })
        {
            Assert.Contains($"  {command} ", output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_PrintsTheVersion_AndExitsZero()
    {
        (int code, string output, string error) = Run(["--version"]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public void Torture_PrintsConfigurationFirst_ProgressThenOneVerdictPerScheme_AndExitsZero()
    {
        (int code, string output, string error) = Run(["torture", "--scheme", "hazard,linus", "--cpus", "2", "--duration", "1200ms", "--seed", "77"]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        string[] lines = Lines(output);
        Assert.StartsWith("hazardmm torture: scheme=hazard,linus arch=x86 cpus=2 duration=1200ms seed=77", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("hazardmm-torture: [hazard/x86]    1s: switches ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hazardmm-torture: [hazard/x86]", StringComparison.Ordinal) && l.EndsWith(" 2+:0", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("!!!", StringComparison.Ordinal) || l.Contains("???", StringComparison.Ordinal));
        Assert.StartsWith("SUCCESS hazard arch=x86", lines[^3], StringComparison.Ordinal);
        Assert.StartsWith("SUCCESS linus arch=x86", lines[^2], StringComparison.Ordinal);
        Assert.StartsWith("hazardmm-torture: total: 2 cases: 2 SUCCESS, 0 FAILURE (0 stalled) in ", lines[^1], StringComparison.Ordinal);
        Assert.EndsWith("; exit 0", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TortureOfTheBrokenScheme_EndsWithFailure_AndExitsOne()
    {
        (int code, string output, _) = Run(["torture", "--scheme", "busted", "--arch", "arm64", "--cpus", "2", "--duration", "10s", "--seed", "3"]);
        Assert.Equal(1, code);
        Assert.Contains(Lines(output), l => l.StartsWith("hazardmm-torture: !!! [busted/arm64] at ", StringComparison.Ordinal));
        Assert.StartsWith("FAILURE busted arch=arm64 cpus=2 faults=none seed=3: use-after-free: CPU ", Lines(output)[^2], StringComparison.Ordinal);
        Assert.EndsWith("; exit 1", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void TortureThatStalls_PrintsQuestionMarks_AndExitsThree()
    {
        // Every CPU descheduled for 1 s at every preemption point: no loop goes round within 200 ms.
        (int code, string output, _) = Run(["torture", "--scheme", "refcount", "--arch", "arm64", "--cpus", "2", "--duration", "30s", "--seed", "3",
            "--vcpu-preempt", "1:1000ms", "--stall-timeout", "200ms"]);
        Assert.Equal(3, code);
        Assert.Contains(Lines(output), l => l.StartsWith("hazardmm-torture: ??? [refcount/arm64] at ", StringComparison.Ordinal) && l.Contains(": hang: CPU ", StringComparison.Ordinal));
        Assert.StartsWith("FAILURE refcount arch=arm64 cpus=2 faults=vcpu-preempt=1:1000ms seed=3: hang: CPU ", Lines(output)[^2], StringComparison.Ordinal);
        Assert.StartsWith("hazardmm-torture: total: 1 case: 0 SUCCESS, 1 FAILURE (1 stalled) in ", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Torture_StoppedBeforeItStarts_PrintsTheHeader_AndExits130()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        (int code, string output, _) = Run(["torture", "--scheme", "hazard", "--duration", "1h"], stop.Token);
        Assert.Equal(130, code);
        Assert.StartsWith("hazardmm torture: scheme=hazard", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(output), l => l.StartsWith("SUCCESS", StringComparison.Ordinal));
        Assert.StartsWith("hazardmm-torture: total: 0 of 1 cases: 0 SUCCESS, 0 FAILURE (0 stalled) in ", Lines(output)[^1], StringComparison.Ordinal);
        Assert.EndsWith("; exit 130", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, null, null, true)]
    [InlineData(true, "xterm", null, false)]
    [InlineData(false, "dumb", null, false)]
    [InlineData(false, "xterm", "true", false)]
    public void LiveProgress_OnlyAtATerminal_NeverUnderCi(bool redirected, string? term, string? ci, bool live)
    {
        Assert.Equal(live, HazardMm.Cli.TerminalMode.IsLive(redirected, term, ci));
    }
}
