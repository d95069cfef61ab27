using HazardMm.Mutants;
using HazardMm.Oracle;

namespace HazardMm.Systematic;

/// <summary>
/// One mutant's row: what each technique found, and the verdict. <see cref="Coyote"/> has one cell per
/// registered memory model, in <see cref="MemoryModels.All"/>'s order. Only Coyote's verdicts count:
/// they are deterministic and replayable; the torture column depends on the host (an ARM64 host can
/// legitimately kill a mutant that is correct on x86-TSO) and is shown for information.
/// </summary>
public sealed record KillRow(Mutant Mutant, IReadOnlyList<KillCell> Coyote, KillCell Torture)
{
    /// <summary>Stored traces of this mutant that are malformed, diverge, or no longer fail, one line each.</summary>
    public IReadOnlyList<string> Stale { get; init; } = [];

    /// <summary>The run was stopped before every technique had its budget: the row proves nothing.</summary>
    public bool Cancelled { get; init; }

    public bool CoyoteKilled => Coyote.Any(c => c.IsKilled);

    public bool Killed => CoyoteKilled || Torture.IsKilled;

    /// <summary>The failure classes Coyote saw.</summary>
    public IEnumerable<ViolationKind> KindsSeen =>
        Coyote.Where(c => c.IsKilled).Select(c => KillMatrix.Classify(c.Bug!)).Distinct();

    /// <summary>
    /// A row the tests can stand behind: a bug killed by Coyote with the expected failure, or a
    /// mutant shown correct that Coyote never killed, with every iteration run to its end and every
    /// stored trace still reproducing.
    /// </summary>
    public bool Accounted => Verdict is "killed" or "correct (see catalogue)";

    public string Verdict
    {
        get
        {
            if (Cancelled)
            {
                return "CANCELLED";
            }

            if (Stale.Count > 0)
            {
                return "STALE TRACE: " + string.Join("; ", Stale);
            }

            if (Coyote.Any(c => !c.IsKilled && c.IterationsCompleted < c.IterationsSpent))
            {
                return "INCOMPLETE: some iterations hit the step bound";
            }

            if (Mutant.CorrectBecause is not null)
            {
                return CoyoteKilled ? "CONTRADICTED: catalogued as correct, but killed" : "correct (see catalogue)";
            }

            if (!CoyoteKilled)
            {
                return Torture.IsKilled ? "TORTURE ONLY: not replayable" : "SURVIVED";
            }

            return KindsSeen.Contains(Mutant.Expected)
                ? "killed"
                : $"WRONG KIND: saw {string.Join(", ", KindsSeen.Select(InvariantViolation.KindName))}";
        }
    }

    /// <summary>The cell of <paramref name="model"/>.</summary>
    public KillCell Cell(MemoryModelDescriptor model) => Coyote[IndexOf(model)];

    /// <summary>Killed under <paramref name="model"/> and by no other technique: a bug only that model shows.</summary>
    public bool OnlyKilledBy(MemoryModelDescriptor model) =>
        Cell(model).IsKilled && !Torture.IsKilled && Coyote.Where((_, i) => i != IndexOf(model)).All(c => !c.IsKilled);

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
