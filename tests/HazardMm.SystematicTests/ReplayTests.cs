using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>A failing trace, saved and loaded again, replays to the same failure and shows its schedule.</summary>
public sealed class ReplayTests
{
    [Theory]
    [InlineData("busted", MemoryModelKind.Sc, "none")]
    [InlineData("hazard", MemoryModelKind.Tso, "hazard-park-plain-store")]
    [InlineData("hazard", MemoryModelKind.Sc, "hazard-unpublish-before-switch")]
    public void AFailingTrace_ReplaysToTheSameFailure(string scheme, MemoryModelKind model, string mutant)
    {
        MutantId id = mutant == "none" ? MutantId.None : MutantCatalog.All.Single(m => m.Name == mutant).Id;
        SystematicResult found = ScenarioCatalog.All
            .Select(s => SystematicRunner.Run(new SystematicCase(s, scheme, model, 500, 20261126) { Mutant = id }))
            .First(r => r.FoundBug);

        string directory = Path.Combine(Path.GetTempPath(), "hazardmm-replay-" + Guid.NewGuid().ToString("N"));
        string path = TraceFile.From(found).Save(directory);
        ReplayResult replay = Replayer.Replay(TraceFile.Load(path));

        Assert.True(replay.Reproduced, $"expected {found.Bug}, replay gave {replay.Bug ?? "no failure"}");
        Assert.True(replay.StepCount > 0);
        Assert.Matches(@"CPU \d+ +(load|store|add|cmpxchg|xchg)", replay.Steps);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public void ATraceFile_RoundTrips_AndRejectsWhatIsNotOne()
    {
        string directory = Path.Combine(Path.GetTempPath(), "hazardmm-trace-" + Guid.NewGuid().ToString("N"));
        var trace = new TraceFile("migrate-then-exit", "hazard", "tso", "hazard-no-scan", 7, 300, "use-after-free: ...", "{}");
        string path = trace.Save(directory);
        Assert.Equal(trace, TraceFile.Load(path));
        Assert.Equal(MutantId.HazardNoScan, TraceFile.Load(path).ToCase().Mutant);

        File.WriteAllText(path, "{\"format\":\"something-else\"}");
        Assert.Throws<FormatException>(() => TraceFile.Load(path));
        File.WriteAllText(path, "not json");
        Assert.Throws<FormatException>(() => TraceFile.Load(path));
        Assert.Throws<FormatException>(() => (trace with { Scenario = "nope" }).ToCase());
        Directory.Delete(directory, recursive: true);
    }
}
