using HazardMm.Cli.Perf.Experiments;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary>
/// Smoke runs of sweep, compare and every experiment with tiny budgets: they ran, the oracle passed,
/// the CSV and PNGs were written. Benchmarks are not tests: no assertion on any number.
/// </summary>
public sealed class PerfCommandsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"hazardmm-perf-{Guid.NewGuid():N}");

    public static TheoryData<string> Experiments() => [.. ExperimentCatalog.Names];

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Sweep_RunsEveryPoint_AndWritesCsvAndPlots()
    {
        (int code, string output, string error) = Run(["sweep", "--scheme", "hazard,refcount", "--max-cpus", "2", "--time", "150ms", "--seed", "3", "--out", _folder]);
        Assert.True(code == 0, output + error);
        Assert.Equal(4, Lines(output).Count(l => l.StartsWith('[') && l.EndsWith("; SUCCESS", StringComparison.Ordinal)));
        string[] csv = File.ReadAllLines(Path.Combine(_folder, "sweep.csv"));
        Assert.Equal(5, csv.Length);
        Assert.Contains("linear", csv[0], StringComparison.Ordinal);
        AssertPng("sweep-throughput-x86.png");
        AssertPng("sweep-latency-x86.png");
    }

    [Fact]
    public void Compare_RunsEveryRealScheme_WithItsVerdict_AndWritesCsv()
    {
        (int code, string output, string error) = Run(["compare", "--cpus", "2", "--time", "150ms", "--seed", "3", "--out", _folder]);
        Assert.True(code == 0, output + error);
        foreach (string scheme in HazardMm.Cli.SchemeNames.Real)
        {
            Assert.Contains(Lines(output), l => l.StartsWith(scheme + " ", StringComparison.Ordinal) && l.EndsWith("SUCCESS", StringComparison.Ordinal));
        }

        Assert.Equal(HazardMm.Cli.SchemeNames.Real.Count + 1, File.ReadAllLines(Path.Combine(_folder, "compare.csv")).Length);
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Experiment_RunsWithTinyBudgets_PrintsItsVerdict_AndWritesCsvAndPng(string name)
    {
        (int code, string output, string error) = Run(["experiment", name, "--cpus", "2", "--time", "100ms", "--seed", "3", "--out", _folder]);
        Assert.True(code == 0, output + error);
        Assert.DoesNotContain("FAILURE", output, StringComparison.Ordinal);
        Assert.Contains(Lines(output), l => l.StartsWith("ratio: ", StringComparison.Ordinal));
        Assert.Contains(Lines(output), l => l.StartsWith("verdict: ", StringComparison.Ordinal));
        Assert.True(File.ReadAllLines(Path.Combine(_folder, $"{name}.csv")).Length > 1);
        Assert.NotEmpty(Directory.GetFiles(_folder, $"{name}*.png"));
        foreach (string png in Directory.GetFiles(_folder, $"{name}*.png"))
        {
            AssertPng(Path.GetFileName(png));
        }
    }

    [Fact]
    public void AStop_DuringASweep_PrintsWhatWasMeasured_WritesIt_AndExits130()
    {
        // Stopped once the first point (1 CPU) has printed its line: the second point never starts.
        (int code, string output, _) = RunStoppingAfter(
            "cpus=1] ", ["sweep", "--scheme", "hazard", "--max-cpus", "2", "--time", "1s", "--seed", "3", "--out", _folder]);
        Assert.Equal(130, code);
        Assert.Contains("stopped: ", output, StringComparison.Ordinal);
        Assert.True(File.ReadAllLines(Path.Combine(_folder, "sweep.csv")).Length > 1);
    }

    [Theory]
    [InlineData("experiment", "no-such-claim")]
    [InlineData("experiment")]
    [InlineData("sweep", "--max-cpus", "0")]
    [InlineData("compare", "--time", "-1s")]
    public void BadInput_IsOneLine_ExitTwo(params string[] args) => AssertUsageError(Run(args));

    [Fact]
    public void AnOutFolderThatIsAFile_IsRefusedBeforeAnyWork()
    {
        string file = Path.GetTempFileName();
        try
        {
            string line = AssertUsageError(Run(["sweep", "--out", file]));
            Assert.Contains("is a file", line, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A PNG: the signature, and more than a header.</summary>
    private void AssertPng(string name)
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(_folder, name));
        Assert.True(bytes.Length > 1000, $"{name}: {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
