using HazardMm.Cli;
using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.Tests.Cli;

/// <summary><c>hazardmm mutants</c>, <c>explore</c> and <c>replay</c> from the command line.</summary>
public sealed class SystematicCommandsTests
{
    [Fact]
    public void Mutants_ListsTheCatalogue_OneMutantALine()
    {
        (int code, string output, _) = Run(["mutants"]);
        Assert.Equal(0, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(MutantCatalog.All.Count + 1, lines.Length);
        Assert.StartsWith("name ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("hazard-mockup-scan ", StringComparison.Ordinal) && l.Contains("D-m1", StringComparison.Ordinal) && l.Contains("use-after-free", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hazard-unpublish-relaxed ", StringComparison.Ordinal) && l.Contains("correct", StringComparison.Ordinal));
    }

    [Fact]
    public void KillMatrix_ForOneMutant_PrintsItsRow_AndWritesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kill-matrix-{Guid.NewGuid():N}.txt");
        (int code, string output, _) = Run(["mutants", "--kill-matrix", "--mutant", "refcount-no-lazy-grab", "--iterations", "20", "--torture", "300ms", "--out", path]);
        Assert.Equal(0, code);
        Assert.Contains("1 killed, 0 shown correct, 0 not accounted for", output, StringComparison.Ordinal);
        Assert.Contains("refcount-no-lazy-grab", File.ReadAllText(path), StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void Explore_Lists_AndRunsACase()
    {
        (int code, string output, _) = Run(["explore", "--list"]);
        Assert.Equal(0, code);
        Assert.Equal(ScenarioCatalog.All.Count, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        (code, output, _) = Run(["explore", "--scenario", "migrate-then-exit", "--scheme", "hazptr", "--model", "tso", "--iterations", "10", "--seed", "3"]);
        Assert.Equal(0, code);
        Assert.Contains("migrate-then-exit/hazptr/tso: 10 iterations (10 ran to the end)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_OfABrokenScheme_SavesATrace_ThatReplayReproduces()
    {
        string traces = Path.Combine(Path.GetTempPath(), $"hazardmm-cli-{Guid.NewGuid():N}");
        (int code, string output, _) = Run(["explore", "--scenario", "concurrent-exits", "--scheme", "busted", "--model", "sc", "--iterations", "50", "--seed", "9", "--traces", traces]);
        Assert.Equal(1, code);
        Assert.Contains("BUG at iteration", output, StringComparison.Ordinal);
        string trace = Assert.Single(Directory.GetFiles(traces));

        (code, output, _) = Run(["replay", trace, "--steps", "5"]);
        Assert.Equal(1, code);
        Assert.Contains("REPRODUCED: use-after-free", output, StringComparison.Ordinal);
        Assert.Matches(@"CPU \d +(load|store|add|cmpxchg|xchg)", output);
        Directory.Delete(traces, recursive: true);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("replay", "/nonexistent/x.trace.json")]
    [InlineData("replay", "x.json", "--steps", "0")]
    [InlineData("explore", "--model", "arm")]
    [InlineData("explore", "--scenario", "nope")]
    [InlineData("explore", "--iterations", "-5")]
    [InlineData("explore", "--mutant", "nope")]
    [InlineData("mutants", "--iterations", "5")]
    [InlineData("mutants", "--kill-matrix", "--mutant", "nope")]
    public void BadInput_ExitsTwo_WithOneLine(params string[] args)
    {
        (int code, string output, string error) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_OfAFileThatIsNotATrace_ExitsTwo()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"format\":\"something\"}");
        (int code, _, string error) = Run(["replay", path]);
        Assert.Equal(2, code);
        Assert.Contains($"not a {TraceFile.FormatName} file", error, StringComparison.Ordinal);
        File.Delete(path);
    }

    private static (int Code, string Output, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = HazardMmCli.Run(args, output, error);
        return (code, output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal), error.ToString());
    }
}
