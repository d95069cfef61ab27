using HazardMm.Mutants;
using HazardMm.Oracle;

namespace HazardMm.Systematic;

/// <summary>
/// One mutant's row: what each technique found by its own search at the budget, the stored
/// counter-examples that still reproduce, and the verdict. <see cref="Coyote"/> has one cell per
/// registered memory model, in <see cref="MemoryModels.All"/>'s order. Only Coyote counts for a kill:
/// it is deterministic and replayable; the torture column depends on the host (an ARM64 host can
/// legitimately kill a mutant that is correct on x86-TSO) and is shown for information. A stored
/// replay kills too, but the verdict says when it is the only thing that does.
/// </summary>
public sealed record KillRow(Mutant Mutant, IReadOnlyList<KillCell> Coyote, KillCell Torture)
{
    /// <summary>Stored traces of this mutant that reproduce their recorded failure (design.md#mutants).</summary>
    public IReadOnlyList<StoredReplay> Stored { get; init; } = [];

    /// <summary>Stored traces of this mutant that are malformed, diverge, or no longer fail, one line each.</summary>
    public IReadOnlyList<string> Stale { get; init; } = [];

    /// <summary>The run was stopped before every technique had its budget: the row proves nothing.</summary>
    public bool Cancelled { get; init; }

    /// <summary>Some model's exploration, at the budget, found a failure.</summary>
    public bool ExploredKilled => Coyote.Any(c => c.IsKilled);

    /// <summary>A row the tests can stand behind: killed with the expected failure, or catalogued correct or unmodelled and not killed.</summary>
    public bool Accounted => Outcome is KillVerdict.Killed or KillVerdict.KilledByStoredReplayOnly or KillVerdict.Correct or KillVerdict.Unmodelled;

    public KillVerdict Outcome
    {
        get
        {
            if (Cancelled)
            {
                return KillVerdict.Cancelled;
            }

            if (Stale.Count > 0)
            {
                return KillVerdict.Stale;
            }

            if (Coyote.Any(c => !c.IsKilled && c.IterationsCompleted < c.IterationsSpent))
            {
                return KillVerdict.Incomplete;
            }

            if (Mutant.CorrectBecause is not null || Mutant.UnmodelledBecause is not null)
            {
                return ExploredKilled || Stored.Count > 0 ? KillVerdict.Contradicted
                    : Mutant.CorrectBecause is not null ? KillVerdict.Correct
                    : KillVerdict.Unmodelled;
            }

            if (ExploredKilled)
            {
                return ExploredKinds.Contains(Mutant.Expected) ? KillVerdict.Killed : KillVerdict.WrongKind;
            }

            if (Stored.Count > 0)
            {
                return StoredKinds.Contains(Mutant.Expected) ? KillVerdict.KilledByStoredReplayOnly : KillVerdict.WrongKind;
            }

            return Torture.IsKilled ? KillVerdict.TortureOnly : KillVerdict.Survived;
        }
    }

    /// <summary>The verdict in words, with the catalogue's argument for correct and unmodelled mutants.</summary>
    public string Verdict => Outcome switch
    {
        KillVerdict.Cancelled => "CANCELLED",
        KillVerdict.Stale => "STALE TRACE: " + string.Join("; ", Stale),
        KillVerdict.Incomplete => "INCOMPLETE: some iterations hit the step bound",
        KillVerdict.Contradicted => $"CONTRADICTED: catalogued as {Mutant.ExpectedLabel}, but killed",
        KillVerdict.Correct => "correct: " + Mutant.CorrectBecause,
        KillVerdict.Unmodelled => "unmodelled property: " + Mutant.UnmodelledBecause,
        KillVerdict.Killed => "killed",
        KillVerdict.KilledByStoredReplayOnly => "killed by stored replay only: no Coyote exploration found it at this budget",
        KillVerdict.WrongKind => $"WRONG KIND: saw {string.Join(", ", (ExploredKilled ? ExploredKinds : StoredKinds).Select(InvariantViolation.KindName))}",
        KillVerdict.TortureOnly => "TORTURE ONLY: not replayable",
        _ => "SURVIVED",
    };

    /// <summary>The cell of <paramref name="model"/>.</summary>
    public KillCell Cell(MemoryModelDescriptor model) => Coyote[IndexOf(model)];

    /// <summary>
    /// Killed by <paramref name="model"/>'s exploration and by no other technique's (stored replays do
    /// not count: they are not exploration at this budget): a bug only that model shows here.
    /// </summary>
    public bool OnlyKilledBy(MemoryModelDescriptor model) =>
        Cell(model).IsKilled && !Torture.IsKilled && Coyote.Where((_, i) => i != IndexOf(model)).All(c => !c.IsKilled);

    private IEnumerable<ViolationKind> ExploredKinds =>
        Coyote.Where(c => c.IsKilled).Select(c => KillMatrix.Classify(c.Bug!)).Distinct();

    private IEnumerable<ViolationKind> StoredKinds => Stored.Select(s => KillMatrix.Classify(s.Bug)).Distinct();

    private static int IndexOf(MemoryModelDescriptor model)
    {
        for (int i = 0; i < MemoryModels.All.Count; i++)
        {
            if (MemoryModels.All[i] == model)
            {
                return i;
            }
        }

        throw new ArgumentException($"unregistered memory model {model.Name}", nameof(model));
    }
}
