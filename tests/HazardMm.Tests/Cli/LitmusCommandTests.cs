using System.Text.Json.Nodes;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary>
/// <c>hazardmm litmus</c> end to end on a folder of its own: each test's rows and the summary, the malformed and
/// unsupported files one line each without stopping the others, the JSON, and the exit codes 0, 1 (unsound, with the
/// planted model bug) and 2 (a malformed file, a missing path).
/// </summary>
public sealed class LitmusCommandTests : IDisposable
{
    private const string MessagePassing = """
        C MP+rel+acq
        (* Result: Never *)
        {}
        P0(int *x, int *y)
        {
        	WRITE_ONCE(*x, 1);
        	smp_store_release(y, 1);
        }
        P1(int *x, int *y)
        {
        	int r0;
        	int r1;
        	r0 = smp_load_acquire(y);
        	r1 = READ_ONCE(*x);
        }
        exists (1:r0=1 /\ 1:r1=0)
        """;

    private const string RelaxedStoreBuffering = """
        C SB+xchg_relaxed
        (* Result: Sometimes *)
        {}
        P0(int *x, int *y)
        {
        	r2 = xchg_relaxed(x, 1);
        	r0 = READ_ONCE(*y);
        }
        P1(int *x, int *y)
        {
        	r3 = xchg_relaxed(y, 1);
        	r1 = READ_ONCE(*x);
        }
        exists (0:r0=0 /\ 1:r1=0)
        """;

    private const string ReadBarrier = """
        C MP+wmb+rmb
        (* Result: Never *)
        {}
        P0(int *x, int *y) { WRITE_ONCE(*x, 1); smp_wmb(); WRITE_ONCE(*y, 1); }
        P1(int *x, int *y) { int r0; int r1; r0 = READ_ONCE(*y); smp_rmb(); r1 = READ_ONCE(*x); }
        exists (1:r0=1 /\ 1:r1=0)
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("hazardmm-litmus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void AFolder_RunsEveryTest_ListsTheFilesItCannotRun_AndExitsTwoForAMalformedOne()
    {
        Write("a/MP+rel+acq.litmus", MessagePassing);
        Write("a/b/SB+xchg_relaxed.litmus", RelaxedStoreBuffering);
        Write("c/MP+wmb+rmb.litmus", ReadBarrier);
        Write("c/broken.litmus", "C broken\n(* Result: Never *)\n{}\nP0(int *x) { WRITE_ONCE(*x, 1) }\nexists (x=1)\n");
        Write("c/not-a-test.txt", "ignored: not *.litmus");
        string json = Path.Combine(_folder, "rows.json");

        (int code, string output, string error) = Run(["litmus", _folder, "--iterations", "40", "--seed", "7", "--json", json]);

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, error);
        string[] lines = Lines(output);
        Assert.Contains(lines, l => l.StartsWith("MP+rel+acq (", StringComparison.Ordinal) && l.EndsWith("expected Never", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains("Never observed in 40", StringComparison.Ordinal) && l.Contains("agrees", StringComparison.Ordinal)));
        Assert.Contains("  notes: xchg_relaxed ran as xchg", lines);
        Assert.Single(lines, l => l.StartsWith("malformed: ", StringComparison.Ordinal) && l.Contains("broken.litmus:4:", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("MP+wmb+rmb.litmus:", StringComparison.Ordinal) && l.Contains(": unsupported: ", StringComparison.Ordinal));
        Assert.Contains("weak: 1 agrees, 1 stronger, 0 unsound; 1 unsupported, 1 malformed; seed 7", lines);

        JsonNode document = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal(2, document["exit_code"]!.GetValue<int>());
        JsonArray tests = document["tests"]!.AsArray();
        Assert.Equal(["malformed", "run", "run", "unsupported"], tests.Select(t => t!["status"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        JsonObject relaxed = tests.Single(t => t!["name"]?.GetValue<string>() == "SB+xchg_relaxed")!.AsObject();
        Assert.Equal(["sc", "tso", "weak"], relaxed["rows"]!.AsArray().Select(r => r!["model"]!.GetValue<string>()));
        Assert.All(relaxed["rows"]!.AsArray(), r => Assert.Equal("stronger", r!["verdict"]!.GetValue<string>()));
        Assert.Equal(1, document["summary"]!["weak"]!["stronger"]!.GetValue<int>());
    }

    [Fact]
    public void TestsThatAllRun_ExitZero()
    {
        Write("MP+rel+acq.litmus", MessagePassing);
        (int code, string output, _) = Run(["litmus", Path.Combine(_folder, "MP+rel+acq.litmus"), "--model", "tso,weak", "--iterations", "40", "--seed", "7"]);

        Assert.Equal(0, code);
        Assert.Equal(["tso: 1 agrees, 0 stronger, 0 unsound; 0 unsupported, 0 malformed; seed 7", "weak: 1 agrees, 0 stronger, 0 unsound; 0 unsupported, 0 malformed; seed 7"], Lines(output)[^2..]);
    }

    /// <summary>The planted model bug (an acquire that does not join the writer's view) turns the Never test unsound: exit 1.</summary>
    [Fact]
    public void ThePlantedAcquireBug_MakesMessagePassingUnsound_AndExitsOne()
    {
        Write("MP+rel+acq.litmus", MessagePassing);
        (int code, string output, _) = Run(["litmus", _folder, "--model", "weak", "--iterations", "200", "--seed", "20240315", "--planted-acquire-bug"]);

        Assert.Equal(1, code);
        Assert.Contains(Lines(output), l => l.StartsWith("  weak  Sometimes (", StringComparison.Ordinal) && l.Contains(" unsound ", StringComparison.Ordinal));
    }

    [Fact]
    public void APathThatIsNotThere_IsOneLine_AndExitsTwo()
    {
        string line = AssertUsageError(Run(["litmus", Path.Combine(_folder, "missing")]));
        Assert.Contains("is neither a file nor a folder", line, StringComparison.Ordinal);
    }

    [Fact]
    public void AStop_PrintsTheSummarySoFar()
    {
        Write("1.litmus", MessagePassing);
        Write("2.litmus", MessagePassing);
        (int code, string output, _) = RunStoppingAfter("expected Never", ["litmus", _folder, "--iterations", "20", "--seed", "7"]);

        Assert.Equal(130, code);
        Assert.Contains("interrupted after 1 of 2 files", Lines(output));
        Assert.Contains("sc: 1 agrees, 0 stronger, 0 unsound; 0 unsupported, 0 malformed; seed 7", Lines(output));
    }

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
