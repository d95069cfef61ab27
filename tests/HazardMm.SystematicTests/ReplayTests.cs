using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>A failing trace, saved and loaded again, replays to the same failure and shows its schedule.</summary>
public sealed class ReplayTests
{
    [Theory]
    [InlineData("busted", "sc", "none")]
    [InlineData("hazard", "tso", "hazard-park-plain-store")]
    [InlineData("shootdown", "sc", "ipi-no-wait")]
    public void AFailingTrace_ReplaysToTheSameFailure(string scheme, string model, string mutant)
    {
        MutantId id = mutant == "none" ? MutantId.None : MutantCatalog.All.Single(m => m.Name == mutant).Id;
        SystematicResult found = ScenarioCatalog.All
            .Select(s => SystematicRunner.Run(new SystematicCase(s, scheme, MemoryModels.Get(model), 500, 20261126) { Mutant = id }))
            .First(r => r.FoundBug);

        string directory = Path.Combine(Path.GetTempPath(), "hazardmm-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = TraceFile.From(found).Save(directory);
            ReplayResult replay = Replayer.Replay(TraceFile.Load(path));

            Assert.True(replay.SameBug, $"expected {found.Bug}, replay gave {replay.Outcome}: {replay.Bug ?? "no failure"}");
            Assert.True(replay.StepCount > 0);
            Assert.Matches(@"CPU \d+ +(load|store|add|cmpxchg|xchg)", replay.Steps);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void ATraceFile_RoundTrips_AndRejectsWhatIsNotOne()
    {
        string directory = Path.Combine(Path.GetTempPath(), "hazardmm-trace-" + Guid.NewGuid().ToString("N"));
        try
        {
            var trace = new TraceFile("migrate-then-exit", "hazard", "tso", "hazard-no-scan", 7, 300, "use-after-free: ...", "{}");
            string path = trace.Save(directory);
            Assert.Equal(trace, TraceFile.Load(path));
            Assert.Equal(MutantId.HazardNoScan, TraceFile.Load(path).ToCase().Mutant);

            foreach (string bad in new[] { "{\"format\":\"something-else\"}", "{}", "not json" })
            {
                File.WriteAllText(path, bad);
                Assert.Throws<FormatException>(() => TraceFile.Load(path));
            }

            Assert.Throws<FormatException>(() => (trace with { Scenario = "nope" }).ToCase());
            Assert.Throws<FormatException>(() => (trace with { Scheme = "nope" }).ToCase());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
