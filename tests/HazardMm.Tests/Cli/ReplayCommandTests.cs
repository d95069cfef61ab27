using System.Text.Json.Nodes;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary>
/// <c>hazardmm replay</c>'s exit codes on a real trace and on damaged copies of it: REPRODUCED 1,
/// DIVERGED at step N 3, a malformed or inconsistent trace 2 with one line.
/// </summary>
public sealed class ReplayCommandTests : IClassFixture<ReplayCommandTests.BustedTrace>
{
    private readonly BustedTrace _trace;

    public ReplayCommandTests(BustedTrace trace) => _trace = trace;

    [Fact]
    public void TheRecordedTrace_Reproduces_AndExitsOne()
    {
        (int code, string output, _) = Run(["replay", _trace.Path, "--steps", "3"]);
        Assert.Equal(1, code);
        Assert.StartsWith("REPRODUCED: use-after-free", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void ATraceCutShort_DivergesWhereItsStepsRunOut_AndExitsThree()
    {
        string damaged = _trace.Damaged(trace =>
        {
            JsonNode coyote = JsonNode.Parse(trace["coyoteTrace"]!.GetValue<string>())!;
            JsonArray steps = coyote["Steps"]!.AsArray();
            while (steps.Count > 10)
            {
                steps.RemoveAt(steps.Count - 1);
            }

            trace["coyoteTrace"] = coyote.ToJsonString();
        });

        (int code, string output, string error) = Run(["replay", damaged]);
        Assert.Equal(3, code);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("DIVERGED at step 10", Lines(output)[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("coyoteTrace", null)]
    [InlineData("coyoteTrace", "{}")]
    [InlineData("maxSteps", "0")]
    [InlineData("model", "arm")]
    [InlineData("mutant", "refcount-no-lazy-grab")]
    public void AMalformedOrInconsistentTrace_IsOneLine_AndExitsTwo(string field, string? value)
    {
        string damaged = _trace.Damaged(trace => trace[field] = field == "maxSteps" ? JsonValue.Create(int.Parse(value!, System.Globalization.CultureInfo.InvariantCulture)) : value);
        string line = AssertUsageError(Run(["replay", damaged]));
        Assert.Contains(damaged, line, StringComparison.Ordinal);
    }

    /// <summary>A failure of the broken scheme, explored once for the class, and damaged copies of it.</summary>
    public sealed class BustedTrace : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("hazardmm-replay-").FullName;
        private int _copies;

        public BustedTrace()
        {
            (int code, _, _) = Run(["explore", "--scenario", "concurrent-exits", "--scheme", "busted", "--model", "sc", "--iterations", "50", "--seed", "9", "--traces", _folder]);
            Assert.Equal(1, code);
            Path = Assert.Single(Directory.GetFiles(_folder));
        }

        public string Path { get; }

        public string Damaged(Action<JsonObject> damage)
        {
            JsonObject trace = JsonNode.Parse(File.ReadAllText(Path))!.AsObject();
            damage(trace);
            string copy = System.IO.Path.Combine(_folder, $"damaged-{Interlocked.Increment(ref _copies)}.trace.json");
            File.WriteAllText(copy, trace.ToJsonString());
            return copy;
        }

        public void Dispose() => Directory.Delete(_folder, recursive: true);
    }
}
