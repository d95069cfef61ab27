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

        string directory = Directory.CreateTempSubdirectory("hazardmm-replay-").FullName;
        try
        {
            string path = TraceFile.From(found).Save(directory);
            ReplayResult replay = Replayer.Replay(TraceFile.Load(path));

            Assert.Equal(ReplayOutcome.Reproduced, replay.Outcome);
            Assert.True(replay.SameBug, $"expected {found.Bug}, replay gave {replay.Bug}");
            Assert.Null(replay.DivergedAtStep);
            Assert.True(replay.StepCount > 0);
            Assert.Matches(@"CPU \d+ +(load|store|add|cmpxchg|xchg)", replay.Steps);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void ATraceFile_RoundTrips()
    {
        using var stored = new StoredTrace();
        string path = stored.Original.Save(stored.Folder);

        Assert.Equal(stored.Original, TraceFile.Load(path));
        Assert.Equal(StoredTrace.MutantName, MutantCatalog.Get(TraceFile.Load(path).ToCase().Mutant).Name);
        Assert.Equal("tso", TraceFile.Load(path).ToCase().Model.Name);
    }

    [Fact]
    public void TheStoredTrace_Reproduces()
    {
        using var stored = new StoredTrace();

        ReplayResult replay = Replayer.Replay(stored.Original);

        Assert.Equal(ReplayOutcome.Reproduced, replay.Outcome);
        Assert.True(replay.SameBug, replay.Bug);
    }
}
