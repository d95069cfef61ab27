using HazardMm.Cli;
using HazardMm.Oracle;
using HazardMm.Torture;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary><c>hazardmm torture --configs</c>: scenarios one after another, a seed per case, a total, the worst case's exit code.</summary>
public sealed class TortureConfigsTests
{
    [Fact]
    public void Configs_RunNCasesOfEachScenario_OnItsArch_OrEachArchGiven_EachWithItsOwnSeed()
    {
        TortureOptions o = TortureParse.Options(["--configs", "4*hazard:x86 2*shootdown:arm64 refcount", "--arch", "arm64,powerpc", "--seed", "9", "--ipi-cost", "0"]);
        IReadOnlyList<TortureCase> cases = o.Cases();

        Assert.Equal(
            ["hazard/x86", "hazard/x86", "hazard/x86", "hazard/x86", "shootdown/arm64", "shootdown/arm64", "refcount/arm64", "refcount/powerpc"],
            cases.Select(c => c.Label));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => TortureOptions.CaseSeed(9, i)), cases.Select(c => c.Seed));
        Assert.Equal(8, cases.Select(c => c.Seed).Distinct().Count());
        Assert.DoesNotContain(9L, cases.Select(c => c.Seed));
        Assert.StartsWith("configs=\"4*hazard:x86 2*shootdown:arm64 refcount\" arch=arm64,powerpc ", o.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigsFile_HoldsTheSameTokens_OneALine_WithComments()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# nightly\n4*hazard:x86   # the patch\n\n2*shootdown:arm64\nrefcount\n");
            Assert.Equal(
                TortureParse.Options(["--configs", "4*hazard:x86 2*shootdown:arm64 refcount", "--seed", "9", "--ipi-cost", "2us"]).Cases(),
                TortureParse.Options(["--configs", file, "--seed", "9", "--ipi-cost", "2us"]).Cases());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("4*hazrd:x86", "--configs: bad token '4*hazrd:x86': unknown scheme 'hazrd'; allowed: [N*]SCHEME[:ARCH], N from 1 to 1000, SCHEME one of refcount,")]
    [InlineData("hazard:sparc", "--configs: bad token 'hazard:sparc': unknown arch 'sparc'; allowed: ")]
    [InlineData("0*hazard", "--configs: bad token '0*hazard': count '0' is not a whole number from 1 to 1000; allowed: ")]
    [InlineData("x*hazard", "bad token 'x*hazard': count 'x' is not a whole number")]
    [InlineData("refcount 2*", "bad token '2*': unknown scheme ''")]
    [InlineData("# only a comment", "--configs: no scenario given; allowed: [N*]SCHEME[:ARCH] tokens")]
    public void BadSpecs_AreBadInput_NamingTheTokenAndWhatIsAllowed(string specs, string expected)
    {
        string line = AssertUsageError(Run(["torture", "--configs", specs]));
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadLineOfAFile_IsNamedWithItsLineNumber()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "hazard\n2*linus:arm65\n");
            string line = AssertUsageError(Run(["torture", "--configs", file]));
            Assert.Contains($"--configs {file} line 2: bad token '2*linus:arm65': unknown arch 'arm65'", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void SchemeAndConfigs_Together_AreBadInput()
    {
        string line = AssertUsageError(Run(["torture", "--scheme", "hazard", "--configs", "refcount"]));
        Assert.Contains("give --scheme or --configs, not both", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ARun_PrintsEachCaseWithItsSeed_AVerdictPerCase_AndATotal_AndExitsWithTheWorstCase()
    {
        (int code, string output, _) = Run(["torture", "--configs", "busted:arm64 refcount:arm64", "--cpus", "2", "--duration", "600ms", "--seed", "4", "--ipi-cost", "0"]);

        Assert.Equal(1, code);
        string[] lines = Lines(output);
        long first = TortureOptions.CaseSeed(4, 1), second = TortureOptions.CaseSeed(4, 2);
        Assert.Contains($"case 1/2: [busted/arm64] seed={first}", lines);
        Assert.Contains($"case 2/2: [refcount/arm64] seed={second}", lines);
        Assert.StartsWith($"FAILURE busted arch=arm64 cpus=2 faults=none seed={first}: ", lines[^3], StringComparison.Ordinal);
        Assert.StartsWith($"SUCCESS refcount arch=arm64 cpus=2 faults=none seed={second}: ", lines[^2], StringComparison.Ordinal);
        Assert.Matches(@"^hazardmm-torture: total: 2 cases: 1 SUCCESS, 1 FAILURE \(0 stalled\) in \d+\.\ds; exit 1$", lines[^1]);
    }

    [Fact]
    public void TheExitCode_IsTheWorstCase_AStallOverAnErrorOverAStopOverSuccess()
    {
        TortureResult ok = Result(null), error = Result(ViolationKind.UseAfterFree), stall = Result(ViolationKind.Hang);
        using var stopped = new CancellationTokenSource();
        stopped.Cancel();

        Assert.Equal(0, TortureRun.ExitCode([ok, ok], CancellationToken.None));
        Assert.Equal(1, TortureRun.ExitCode([ok, error, ok], CancellationToken.None));
        Assert.Equal(3, TortureRun.ExitCode([error, stall, ok], CancellationToken.None));
        Assert.Equal(3, TortureRun.ExitCode([stall, error], stopped.Token));
        Assert.Equal(1, TortureRun.ExitCode([ok, error], stopped.Token));
        Assert.Equal(130, TortureRun.ExitCode([ok], stopped.Token));
    }

    private static TortureResult Result(ViolationKind? kind) => new(
        new TortureCase("hazard", HazardMm.Arch.ArchModel.X86, 4, TimeSpan.FromSeconds(1), 1),
        kind is { } k ? new InvariantViolation(k, 0, HazardMm.Mm.MmPtr.Null, 0, "planted") : null,
        default, TimeSpan.FromSeconds(1), 0, 0, "test", false, new HazardMm.Metrics.RunMetrics(new HdrHistogram.LongHistogram(1000, 2), 0, 0, 0, 0) { MmputDuration = new HdrHistogram.LongHistogram(1000, 2) });
}

/// <summary>Parses <c>hazardmm torture</c> arguments into options, as the command reads them, without running.</summary>
internal static class TortureParse
{
    public static TortureOptions Options(string[] args, int hostCores = 2, long seed = 0)
    {
        var session = new CliSession(TextWriter.Null, TextWriter.Null, Live: false, hostCores, () => seed, CancellationToken.None);
        var root = HazardMmCli.Build(session);
        System.CommandLine.ParseResult result = root.Parse(["torture", .. args]);
        Assert.Empty(result.Errors);
        return root.Subcommands.OfType<TortureCommand>().Single().Read(result);
    }
}
