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

    /// <summary>Each counter name the verdict line prints, and where the JSON case holds it.</summary>
    private static readonly Dictionary<string, string[]> VerdictNames = new()
    {
        ["switches in"] = ["counters.switches", "elapsed_s"],
        ["/s"] = ["switches_per_s"],
        ["lazy entries"] = ["counters.lazy_entries"],
        ["exits"] = ["counters.exits"],
        ["scans"] = ["counters.scans"],
        ["IPIs"] = ["counters.ipis"],
        ["mms allocated / freed"] = ["mms_allocated", "mms_freed"],
        ["IPI cost paid"] = ["counters.ipi_cost_paid_ns"],
        ["vCPU preemptions"] = ["counters.vcpu_preemptions"],
        ["IRQs-off"] = ["counters.vcpu_preemptions_irqs_off"],
        ["descheduled"] = ["counters.vcpu_preempted_ns"],
        ["IPIs delayed"] = ["counters.ipis_delayed"],
        ["in all"] = ["counters.ipi_delay_ns"],
        ["stutter holds"] = ["counters.stutter_holds"],
        ["held"] = ["counters.stuttered_ns"],
        ["mmput_async"] = ["counters.mmputs_async"],
        ["hotplug offlines onlines tasks migrated lazy mms handed back"] = ["counters.hotplug_offlines", "counters.hotplug_onlines", "counters.hotplug_tasks_migrated", "counters.hotplug_lazy_handed_back"],
        ["mm age at use: : : +:"] = ["mm_age_at_use.0", "mm_age_at_use.1", "mm_age_at_use.2+"],
    };

    /// <summary>Each counter name a stats line prints, and where the JSON sample holds it.</summary>
    private static readonly Dictionary<string, string[]> SampleNames = new()
    {
        ["switches"] = ["per_second.switches"],
        ["lazy"] = ["per_second.lazy_entries"],
        ["exits"] = ["per_second.exits"],
        ["scans"] = ["per_second.scans"],
        ["IPIs"] = ["per_second.ipis"],
        ["live mms"] = ["live_mms"],
        ["tasks"] = ["live_tasks"],
        ["IPI cost paid"] = ["per_second.ipi_cost_paid_ns"],
        ["vCPU preemptions"] = ["per_second.vcpu_preemptions"],
        ["IRQs-off"] = ["per_second.vcpu_preemptions_irqs_off"],
        ["descheduled"] = ["per_second.vcpu_preempted_ns"],
        ["IPIs delayed"] = ["per_second.ipis_delayed"],
        ["in all"] = ["per_second.ipi_delay_ns"],
        ["stutter holds"] = ["per_second.stutter_holds"],
        ["held"] = ["per_second.stuttered_ns"],
        ["mmput_async"] = ["per_second.mmputs_async"],
        ["hotplug offlines onlines tasks migrated lazy mms handed back"] = ["per_second.hotplug_offlines", "per_second.hotplug_onlines", "per_second.hotplug_tasks_migrated", "per_second.hotplug_lazy_handed_back"],
        ["mm age at use: : : +:"] = ["mm_age_at_use.0", "mm_age_at_use.1", "mm_age_at_use.2+"],
    };

    [Fact]
    public void Json_HoldsEveryCounterNamePrinted_OnTheVerdictAndStatsLines_WithEveryFaultCounted()
    {
        string file = Path.Combine(Path.GetTempPath(), $"hazardmm-json-{Guid.NewGuid():N}.json");
        try
        {
            (int code, string output, _) = Run(["torture", "--scheme", "shootdown", "--cpus", "4", "--duration", "1200ms", "--seed", "13", "--ipi-cost", "1us",
                "--vcpu-preempt", "0.01:20us", "--ipi-delay", "50us", "--stutter", "300ms", "--mmput-async", "0.5", "--hotplug", "100ms", "--json", file]);
            Assert.Equal(0, code);
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(file));
            JsonElement c = Assert.Single(json.RootElement.GetProperty("cases").EnumerateArray());
            string summary = c.GetProperty("summary").GetString()!;

            // Every fault happened: its counters are printed, so every name of the table shows.
            Assert.Equal(VerdictNames.Keys.Order(), NamesOf(summary[(summary.IndexOf("seed=13: ", StringComparison.Ordinal) + 9)..]).Order());
            AssertHeld(c, VerdictNames.Values.SelectMany(p => p));
            Assert.All(["vcpu_preemptions", "ipis_delayed", "stutter_holds", "mmputs_async", "ipi_cost_paid_ns", "hotplug_offlines"], counter =>
                Assert.True(c.GetProperty("counters").GetProperty(counter).GetInt64() > 0, counter));

            string stats = Assert.Single(Lines(output), l => l.StartsWith("hazardmm-torture: [shootdown/x86]    1s: ", StringComparison.Ordinal));
            Assert.Subset(SampleNames.Keys.ToHashSet(), NamesOf(stats[(stats.IndexOf("s: ", StringComparison.Ordinal) + 3)..].Replace("/s", string.Empty, StringComparison.Ordinal)).ToHashSet());
            AssertHeld(Assert.Single(c.GetProperty("samples").EnumerateArray()), SampleNames.Values.SelectMany(p => p));
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The counter names of a printed line: numbers (with their units) taken out, split at commas and brackets.</summary>
    private static IEnumerable<string> NamesOf(string counts)
    {
        string names = System.Text.RegularExpressions.Regex.Replace(counts.Replace(";", ",", StringComparison.Ordinal), @"\d+(\.\d+)?(ns|us|ms|s)?", string.Empty);
        return names.Split([',', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
            .Select(n => System.Text.RegularExpressions.Regex.Replace(n, @"\s+", " ").Trim())
            .Where(n => n.Length > 0 && n != ":");
    }

    private static void AssertHeld(JsonElement element, IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            JsonElement at = element;
            foreach (string part in path.Split('.'))
            {
                Assert.True(at.TryGetProperty(part, out at), $"the JSON has no '{path}'");
            }
        }
    }

    [Fact]
    public void Json_InAFolderThatDoesNotExist_IsBadInput_BeforeTheRun()
    {
        string line = AssertUsageError(Run(["torture", "--duration", "1h", "--json", "/nonexistent-hazardmm/out.json"]));
        Assert.Contains("--json '/nonexistent-hazardmm/out.json': folder '/nonexistent-hazardmm' does not exist", line, StringComparison.Ordinal);
    }
}
