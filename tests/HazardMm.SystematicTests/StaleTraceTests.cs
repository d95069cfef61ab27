using System.Text.Json.Nodes;
using HazardMm.Mutants;
using HazardMm.Systematic;

namespace HazardMm.SystematicTests;

/// <summary>
/// The kill matrix with a damaged counter-example folder: a malformed or diverging stored trace makes
/// its mutant's row STALE with the reason (never SURVIVED), the matrix goes on past it, and a folder
/// that does not exist is an error rather than an empty folder. A good stored trace lands in its own
/// mutant's stored column, never in a model's.
/// </summary>
public sealed class StaleTraceTests
{
    /// <summary>Small: the stored trace, not the exploration, is what these rows are about.</summary>
    private static readonly KillMatrixBudget Budget = new(Iterations: 2, TortureDuration: TimeSpan.FromMilliseconds(100), Seed: 20261126);

    [Fact]
    public void AMalformedAndADivergingStoredTrace_MakeTheRowStale_WithEachReason()
    {
        using var stored = new StoredTrace();
        string name = Path.GetFileName(stored.OriginalPath);
        string malformed = stored.WriteJson("a-" + name, file => file["coyoteTrace"] = "{}");
        string diverging = stored.WriteJson("b-" + name, file =>
        {
            JsonObject trace = JsonNode.Parse(stored.Original.CoyoteTrace)!.AsObject();
            trace["Steps"]![5] = "op(1:175247760700),sp(Interleave),next(9:12345)";
            file["coyoteTrace"] = trace.ToJsonString();
        });

        KillRow row = KillMatrix.Run(MutantCatalog.All.Single(m => m.Name == StoredTrace.MutantName), Budget, stored.Folder);

        Assert.StartsWith("STALE TRACE: ", row.Verdict, StringComparison.Ordinal);
        Assert.Equal(2, row.Stale.Count);
        Assert.Contains(row.Stale, s => s.StartsWith(malformed + ": its Coyote trace has no Settings", StringComparison.Ordinal));
        Assert.Contains(row.Stale, s => s.StartsWith(diverging + ": DIVERGED at step 5", StringComparison.Ordinal));
        Assert.False(row.Accounted);
    }

    [Fact]
    public void ABadTraceOfAnotherMutant_DoesNotTouchThisRow()
    {
        using var stored = new StoredTrace();
        stored.WriteJson(Path.GetFileName(stored.OriginalPath), file => file["coyoteTrace"] = "null");
        Mutant other = MutantCatalog.All.First(m => m.Scheme == "refcount" && m.CorrectBecause is null);

        KillRow row = KillMatrix.Run(other, Budget, stored.Folder);

        Assert.Empty(row.Stale);
    }

    [Fact]
    public void AnUnattributableBadFile_IsReportedInEveryRow()
    {
        using var stored = new StoredTrace();
        string path = stored.Write("garbage.trace.json", "not json");
        Mutant other = MutantCatalog.All.First(m => m.Scheme == "refcount" && m.CorrectBecause is null);

        KillRow row = KillMatrix.Run(other, Budget, stored.Folder);

        Assert.Single(row.Stale, s => s.StartsWith(path + ": not a hazardmm-trace/1 file", StringComparison.Ordinal));
    }

    [Fact]
    public void AGoodTraceUnderAnyName_CountsOnlyForItsOwnMutant()
    {
        using var stored = new StoredTrace();
        stored.Write("renamed.trace.json", File.ReadAllText(stored.OriginalPath));
        Mutant owner = MutantCatalog.All.Single(m => m.Name == StoredTrace.MutantName);
        Mutant other = MutantCatalog.All.First(m => m.Scheme == "refcount" && m.CorrectBecause is null);

        KillRow ownRow = KillMatrix.Run(owner, Budget, stored.Folder);
        KillRow otherRow = KillMatrix.Run(other, Budget, stored.Folder);

        Assert.Empty(ownRow.Stale);
        Assert.Equal(StoredReplay.Of(stored.Original), Assert.Single(ownRow.Stored));
        Assert.Contains($"recorded under {stored.Original.Model}, seed {stored.Original.Seed}, iteration {stored.Original.FoundAtIteration}", KillMatrix.FormatRow(ownRow), StringComparison.Ordinal);
        Assert.Empty(otherRow.Stale);
        Assert.Empty(otherRow.Stored);
    }

    [Fact]
    public void AMissingCounterExampleFolder_IsAnError()
    {
        Mutant mutant = MutantCatalog.All[0];

        Assert.Throws<DirectoryNotFoundException>(() =>
            KillMatrix.Run(mutant, Budget, Path.Combine(Path.GetTempPath(), "hazardmm-no-such-" + Guid.NewGuid().ToString("N"))));
    }
}
