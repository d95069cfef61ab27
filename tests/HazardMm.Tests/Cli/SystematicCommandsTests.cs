using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary><c>hazardmm mutants</c>, <c>explore</c> and <c>replay</c> from the command line.</summary>
public sealed class SystematicCommandsTests
{
    [Fact]
    public void Mutants_ListsTheCatalogue_OneMutantALine()
    {
        (int code, string output, _) = Run(["mutants"]);
        Assert.Equal(0, code);
        string[] lines = Lines(output);
        Assert.Equal(MutantCatalog.All.Count + 1, lines.Length);
        Assert.StartsWith("name ", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("hazard-mockup-scan ", StringComparison.Ordinal) && l.Contains("use-after-free", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("hazptr-no-check ", StringComparison.Ordinal) && Column(l, 5) == "correct");
        Assert.Contains(lines, l => l.StartsWith("shootdown-no-membarrier-mb ", StringComparison.Ordinal) && Column(l, 5) == "unmodelled");
        Assert.Contains(lines, l => l.StartsWith("hazptr-grab-no-mb ", StringComparison.Ordinal) && Column(l, 5) == "unmodelled");
        Assert.Contains(lines, l => l.StartsWith("hazard-scan-relaxed ", StringComparison.Ordinal) && Column(l, 5) == "correct");
        Assert.Contains(lines, l => l.StartsWith("hazard-unpublish-relaxed ", StringComparison.Ordinal) && Column(l, 5) == "use-after-free");
    }

    [Fact]
    public void KillMatrix_ForOneMutant_PrintsItsRowAndTheFolderUsed_AndWritesTheFile()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kill-matrix-{Guid.NewGuid():N}.txt");
        (int code, string output, _) = Run(["mutants", "--kill-matrix", "--mutant", "refcount-no-lazy-grab", "--iterations", "20", "--torture", "300ms", "--out", path, "--counterexamples", "none"]);
        Assert.Equal(0, code);
        Assert.Contains("counter-examples: none (stored traces are not replayed)", output, StringComparison.Ordinal);
        Assert.Contains("1 accounted for, 0 not accounted for", output, StringComparison.Ordinal);
        string matrix = File.ReadAllText(path);
        Assert.StartsWith(KillMatrix.Header(), matrix, StringComparison.Ordinal);
        Assert.Contains(Lines(matrix), l => l.StartsWith("refcount-no-lazy-grab ", StringComparison.Ordinal) && l.EndsWith(" killed", StringComparison.Ordinal));
        Assert.Contains("verdicts: 1 killed", matrix, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(path)}.*"));
        File.Delete(path);
    }

    [Fact]
    public void KillMatrix_Interrupted_NeverReplacesAWholeMatrix_AndSaysSo()
    {
        string path = Path.Combine(Path.GetTempPath(), $"kill-matrix-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "a complete matrix from an earlier run\n");
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        (int code, string output, _) = Run(["mutants", "--kill-matrix", "--mutant", "refcount-no-lazy-grab", "--out", path, "--counterexamples", "none"], stop.Token);
        Assert.Equal(130, code);
        Assert.Contains($"interrupted after 0 of 1 mutants: the partial matrix is above; {path} was not written", output, StringComparison.Ordinal);
        Assert.Equal("a complete matrix from an earlier run\n", File.ReadAllText(path));
        File.Delete(path);
    }

    [Fact]
    public void KillMatrix_WithAMissingCounterExampleFolder_IsBadInput_BeforeAnyWork()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}");
        string line = AssertUsageError(Run(["mutants", "--kill-matrix", "--counterexamples", missing]));
        Assert.Contains($"--counterexamples '{missing}' does not exist", line, StringComparison.Ordinal);
    }

    [Fact]
    public void KillMatrix_TheDefaultCounterExampleFolder_MustExistToo()
    {
        // The tests run in their bin folder, where the repository's relative default does not resolve.
        Assert.False(Directory.Exists(HazardMm.Cli.MutantsCommand.DefaultCounterExamples));
        string line = AssertUsageError(Run(["mutants", "--kill-matrix", "--mutant", "refcount-no-lazy-grab"]));
        Assert.Contains("pass --counterexamples DIR or none", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Explore_Lists_AndRunsACase()
    {
        (int code, string output, _) = Run(["explore", "--list"]);
        Assert.Equal(0, code);
        Assert.Equal(ScenarioCatalog.All.Count, Lines(output).Length);

        (code, output, _) = Run(["explore", "--scenario", "migrate-then-exit", "--scheme", "hazptr", "--model", "tso", "--iterations", "10", "--seed", "3"]);
        Assert.Equal(0, code);
        Assert.Contains("migrate-then-exit/hazptr/tso: 10 iterations (10 ran to the end)", output, StringComparison.Ordinal);
        Assert.Matches(@"\n  census: hazptr-scan-hit [1-9]\d*, hazptr-scan-hit-many \d+, shoot-unlazied \d+, shoot-not-lazy \d+, ipi-poll-many \d+", output);
    }

    [Fact]
    public void Explore_WithAMutant_ExploresItsScheme()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        (int code, string output, _) = Run(["explore", "--mutant", "hazard-mockup-scan"], stop.Token);
        Assert.Equal(130, code);
        Assert.Contains($"{ScenarioCatalog.All.Count} scenarios × 1 schemes × {MemoryModels.All.Count} models", output, StringComparison.Ordinal);
        Assert.Contains("mutant hazard-mockup-scan", output, StringComparison.Ordinal);
        Assert.Contains("interrupted after 0 of", output, StringComparison.Ordinal);
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
    [InlineData("explore", "--seed", "-1")]
    [InlineData("mutants", "--iterations", "5")]
    [InlineData("mutants", "--out", "x.txt")]
    [InlineData("mutants", "--kill-matrix", "--mutant", "nope")]
    [InlineData("mutants", "--kill-matrix", "--torture", "soon")]
    [InlineData("mutants", "--kill-matrix", "--out", "/nonexistent/kill-matrix.txt", "--counterexamples", "none")]
    public void BadInput_ExitsTwo_WithOneLine(params string[] args)
    {
        AssertUsageError(Run(args));
    }

    [Fact]
    public void Explore_WithATracesPathThatIsAFile_StopsBeforeAnyWork()
    {
        string file = Path.GetTempFileName();
        string line = AssertUsageError(Run(["explore", "--traces", file]));
        Assert.Contains($"--traces '{file}' is a file, not a folder", line, StringComparison.Ordinal);
        File.Delete(file);
    }

    [Fact]
    public void Replay_OfAFileThatIsNotATrace_ExitsTwo()
    {
        string path = Path.GetTempFileName();
        File.WriteAllText(path, "{\"format\":\"something\"}");
        string line = AssertUsageError(Run(["replay", path]));
        Assert.Contains($"not a {TraceFile.FormatName} file", line, StringComparison.Ordinal);
        File.Delete(path);
    }

    /// <summary>The <paramref name="n"/>th (from 1) blank-separated column of a catalogue line.</summary>
    private static string Column(string line, int n) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[n - 1];
}
