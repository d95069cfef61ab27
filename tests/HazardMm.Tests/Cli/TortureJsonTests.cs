using System.Text.Json;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary><c>hazardmm torture --json FILE</c>: it parses, and holds the configuration, host, verdicts and every counter printed.</summary>
public sealed class TortureJsonTests
{
    [Fact]
    public void Json_HoldsTheConfigHostVerdictsAndEveryPrintedCounter()
    {
        string file = Path.Combine(Path.GetTempPath(), $"hazardmm-json-{Guid.NewGuid():N}.json");
        try
        {
            (int code, string output, _) = Run(["torture", "--scheme", "busted,refcount", "--arch", "arm64", "--cpus", "2", "--duration", "1200ms", "--seed", "3",
                "--ipi-delay", "5us", "--json", file]);
            Assert.Equal(1, code);
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(file));
            JsonElement root = json.RootElement;
            Assert.Equal(3, root.GetProperty("config").GetProperty("seed").GetInt64());
            Assert.Equal(5000, root.GetProperty("config").GetProperty("ipi_delay_ns").GetInt64());
            Assert.Equal(2, root.GetProperty("host").GetProperty("cores").GetInt32());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("host").GetProperty("dotnet").GetString()));
            Assert.False(string.IsNullOrEmpty(root.GetProperty("host").GetProperty("commit").GetString()));
            Assert.Equal(1, root.GetProperty("exit_code").GetInt32());

            JsonElement[] cases = [.. root.GetProperty("cases").EnumerateArray()];
            Assert.Equal(["FAILURE", "SUCCESS"], cases.Select(c => c.GetProperty("verdict").GetString()));
            Assert.Equal("use-after-free", cases[0].GetProperty("violation").GetProperty("kind").GetString());
            Assert.True(cases[0].GetProperty("mm_age_at_use").GetProperty("2+").GetInt64() > 0);
            string[] lines = Lines(output);
            foreach (JsonElement c in cases)
            {
                // The verdict line printed is the one stored, and its counts are the stored counters.
                string summary = c.GetProperty("summary").GetString()!;
                Assert.Contains(summary, lines);
                JsonElement counters = c.GetProperty("counters");
                Assert.Contains($"{counters.GetProperty("switches").GetInt64()} switches in ", summary, StringComparison.Ordinal);
                Assert.Contains($"{counters.GetProperty("ipis").GetInt64()} IPIs", summary, StringComparison.Ordinal);
                Assert.Equal("ipi-delay=5us", c.GetProperty("faults").GetString());

                // One sample per stats line printed for the case.
                string label = $"[{c.GetProperty("scheme").GetString()}/arm64]";
                Assert.Equal(lines.Count(l => l.StartsWith("hazardmm-torture: " + label, StringComparison.Ordinal) && l.Contains("s: switches", StringComparison.Ordinal)),
                    c.GetProperty("samples").GetArrayLength());
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Json_InAFolderThatDoesNotExist_IsBadInput_BeforeTheRun()
    {
        string line = AssertUsageError(Run(["torture", "--duration", "1h", "--json", "/nonexistent-hazardmm/out.json"]));
        Assert.Contains("--json '/nonexistent-hazardmm/out.json': folder '/nonexistent-hazardmm' does not exist", line, StringComparison.Ordinal);
    }
}
