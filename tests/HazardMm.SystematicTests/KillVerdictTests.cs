using HazardMm.Mutants;
using HazardMm.Systematic;

namespace HazardMm.SystematicTests;

/// <summary>
/// The kill matrix says only what each technique found by exploration at the budget: a stored replay
/// has its own column, never a model's; a mutant only a stored replay kills says so in its verdict;
/// the "only coyote-MODEL kills" summaries count explored cells only; correct and unmodelled mutants
/// carry their catalogue argument (design.md#mutants). Rows are built by hand: no exploration runs.
/// </summary>
public sealed class KillVerdictTests
{
    private const string UseAfterFree = "use-after-free: CPU 0, mm#1 gen 0: switch_mm: the MMU's mm until the switch touched it after free";

    private static readonly StoredReplay StoredUnderTso = new("tso", 20261126, 2458, "exec-while-lazy", UseAfterFree);

    private static Mutant Bug => MutantCatalog.All.Single(m => m.Name == "hazard-unpublish-before-switch");

    [Fact]
    public void AStoredReplay_HasItsOwnColumn_AndTheSummaryCountsOnlyExploration()
    {
        // As at the CI budget before this change: SC's exploration finds the bug, TSO's does not, and a
        // trace recorded under TSO by a long run still reproduces. Only SC kills it by exploration.
        KillRow row = Row(Bug, killedBy: "sc") with { Stored = [StoredUnderTso] };

        string summary = KillMatrix.Summary([row]);

        Assert.Equal(KillVerdict.Killed, row.Outcome);
        Assert.Contains("only coyote-sc kills (by exploration): hazard-unpublish-before-switch", summary, StringComparison.Ordinal);
        Assert.Contains("only coyote-tso kills (by exploration): none", summary, StringComparison.Ordinal);
        Assert.Contains("killed by stored replay only (no Coyote exploration found them at this budget): none", summary, StringComparison.Ordinal);
        string line = KillMatrix.FormatRow(row);
        Assert.Contains("recorded under tso, seed 20261126, iteration 2458 (exec-while-lazy)", line, StringComparison.Ordinal);
        Assert.DoesNotContain("2458 (", line.Replace("iteration 2458 (", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void AMutantOnlyAStoredReplayKills_IsAccounted_ButSaysSo_InItsVerdictAndTheSummary()
    {
        KillRow row = Row(Bug, killedBy: null) with { Stored = [StoredUnderTso] };

        Assert.Equal(KillVerdict.KilledByStoredReplayOnly, row.Outcome);
        Assert.True(row.Accounted);
        Assert.Equal("killed by stored replay only: no Coyote exploration found it at this budget", row.Verdict);
        Assert.All(MemoryModels.All, m => Assert.StartsWith("none in 1350 it", row.Cell(m).ToString(), StringComparison.Ordinal));
        string summary = KillMatrix.Summary([row]);
        Assert.Contains("verdicts: 1 killed by stored replay only", summary, StringComparison.Ordinal);
        Assert.All(MemoryModels.All, m => Assert.Contains($"only coyote-{m.Name} kills (by exploration): none", summary, StringComparison.Ordinal));
        Assert.Contains(
            "killed by stored replay only (no Coyote exploration found them at this budget): hazard-unpublish-before-switch [recorded under tso, seed 20261126, iteration 2458 (exec-while-lazy)]",
            summary,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ABugNothingKills_Survived_AndAStoredReplayOfTheWrongClass_IsNoKill()
    {
        Assert.Equal(KillVerdict.Survived, Row(Bug, killedBy: null).Outcome);
        Assert.False(Row(Bug, killedBy: null).Accounted);

        KillRow wrong = Row(Bug, killedBy: null) with { Stored = [StoredUnderTso with { Bug = "leak: CPU 1, mm#2 gen 0: never freed" }] };
        Assert.Equal(KillVerdict.WrongKind, wrong.Outcome);
        Assert.Equal("WRONG KIND: saw leak", wrong.Verdict);
    }

    [Fact]
    public void AnUnmodelledMutant_NamesItsProperty_AndIsContradictedIfAnythingKillsIt()
    {
        Mutant membarrier = MutantCatalog.All.Single(m => m.Name == "shootdown-no-membarrier-mb");

        KillRow alive = Row(membarrier, killedBy: null);
        Assert.Equal(KillVerdict.Unmodelled, alive.Outcome);
        Assert.True(alive.Accounted);
        Assert.StartsWith("unmodelled property: membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)", alive.Verdict, StringComparison.Ordinal);
        Assert.Contains("1 unmodelled property", KillMatrix.Summary([alive]), StringComparison.Ordinal);

        Assert.Equal(KillVerdict.Contradicted, Row(membarrier, killedBy: "sc").Outcome);
        Assert.Equal(KillVerdict.Contradicted, (alive with { Stored = [StoredUnderTso] }).Outcome);
        Assert.Equal("CONTRADICTED: catalogued as unmodelled, but killed", Row(membarrier, killedBy: "tso").Verdict);
    }

    [Fact]
    public void ACorrectMutant_CarriesItsArgument()
    {
        Mutant correct = MutantCatalog.All.Single(m => m.Name == "hazptr-no-check");

        KillRow row = Row(correct, killedBy: null);

        Assert.Equal(KillVerdict.Correct, row.Outcome);
        Assert.Equal("correct: " + correct.CorrectBecause, row.Verdict);
    }

    [Fact]
    public void TheHeader_HasOneColumnPerModel_ThenTortureAndStored()
    {
        string header = KillMatrix.Header();

        int previous = 0;
        foreach (string column in MemoryModels.All.Select(m => "coyote-" + m.Name).Append("torture").Append("stored").Append("verdict"))
        {
            int at = header.IndexOf(column, StringComparison.Ordinal);
            Assert.True(at > previous, $"{column} in: {header}");
            previous = at;
        }
    }

    [Fact]
    public void TheCatalogue_GivesEachUnkilledMutantOneReason_AndMembarrierIsUnmodelled()
    {
        Assert.DoesNotContain(MutantCatalog.All, m => m.CorrectBecause is not null && m.UnmodelledBecause is not null);
        Assert.All(
            MutantCatalog.All.Where(m => m.Name is "shootdown-no-membarrier-mb" or "hazptr-grab-no-mb"),
            m => Assert.Contains("membarrier", m.UnmodelledBecause, StringComparison.Ordinal));
        Assert.All(MutantCatalog.All.Where(m => m.UnmodelledBecause is not null), m => Assert.Null(m.CorrectBecause));
    }

    /// <summary>A row in which only <paramref name="killedBy"/>'s exploration (or none) found <see cref="UseAfterFree"/>; torture found nothing.</summary>
    private static KillRow Row(Mutant mutant, string? killedBy) => new(
        mutant,
        [.. MemoryModels.All.Select(m => m.Name == killedBy ? KillCell.Killed(569, "exec-while-lazy", UseAfterFree, 569) : KillCell.Survived(1350, 1350))],
        KillCell.SurvivedFor("1.0s"));
}
