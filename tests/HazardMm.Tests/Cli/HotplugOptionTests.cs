using System.Text.Json;
using HazardMm.Arch;
using HazardMm.Cli;
using HazardMm.Torture;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary><c>hazardmm torture --hotplug [INTERVAL]</c> (design.md#hotplug): read, seeded with the run's seed, printed, and in --json.</summary>
public sealed class HotplugOptionTests
{
    [Fact]
    public void Hotplug_WithoutAnInterval_IsTwentyMilliseconds_SeededWithTheRunSeed()
    {
        TortureOptions o = Parse(["--hotplug", "--seed", "9"]);
        Assert.Contains(" hotplug=20ms ", o.Describe(), StringComparison.Ordinal);
        TortureCase c = o.CaseFor("hazard", ArchModel.Arm64);
        Assert.Equal(TimeSpan.FromMilliseconds(20), c.Hotplug!.Interval);
        Assert.Equal(9, c.Hotplug.Seed);
        Assert.Equal("hotplug=20ms", c.Faults);
    }

    [Fact]
    public void Hotplug_TakesAnInterval()
    {
        TortureCase c = Parse(["--hotplug", "5ms", "--mmput-async", "0.5"]).CaseFor("hazard", ArchModel.X86);
        Assert.Equal(TimeSpan.FromMilliseconds(5), c.Hotplug!.Interval);
        Assert.Equal("mmput-async=0.5,hotplug=5ms", c.Faults);
        Assert.Null(Parse([]).CaseFor("hazard", ArchModel.X86).Hotplug);
    }

    [Fact]
    public void Hotplug_WithABadInterval_IsBadInput()
    {
        string line = AssertUsageError(Run(["torture", "--hotplug", "10x"]));
        Assert.Contains("--hotplug '10x'", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HoldsTheHotplugIntervalAndCounters_AsPrinted()
    {
        string file = Path.Combine(Path.GetTempPath(), $"hazardmm-hotplug-{Guid.NewGuid():N}.json");
        try
        {
            (int code, string output, _) = Run(["torture", "--scheme", "hazard", "--arch", "arm64", "--cpus", "4", "--duration", "600ms", "--seed", "3",
                "--hotplug", "5ms", "--ipi-cost", "0", "--json", file]);
            Assert.Equal(0, code);
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(file));
            Assert.Equal(0.005, json.RootElement.GetProperty("config").GetProperty("hotplug_interval_s").GetDouble());
            JsonElement c = json.RootElement.GetProperty("cases")[0];
            JsonElement counters = c.GetProperty("counters");
            long offlines = counters.GetProperty("hotplug_offlines").GetInt64();
            Assert.True(offlines > 0, output);
            string summary = c.GetProperty("summary").GetString()!;
            Assert.Contains(summary, Lines(output));
            Assert.Contains(
                $", hotplug offlines {offlines} onlines {counters.GetProperty("hotplug_onlines").GetInt64()} tasks migrated {counters.GetProperty("hotplug_tasks_migrated").GetInt64()} lazy mms handed back {counters.GetProperty("hotplug_lazy_handed_back").GetInt64()},",
                summary, StringComparison.Ordinal);
            Assert.Equal("hotplug=5ms", c.GetProperty("faults").GetString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static TortureOptions Parse(string[] args)
    {
        var session = new CliSession(TextWriter.Null, TextWriter.Null, Live: false, 2, () => 0, CancellationToken.None);
        var root = HazardMmCli.Build(session);
        System.CommandLine.ParseResult result = root.Parse(["torture", "--ipi-cost", "0", .. args]);
        Assert.Empty(result.Errors);
        return root.Subcommands.OfType<TortureCommand>().Single().Read(result);
    }
}
