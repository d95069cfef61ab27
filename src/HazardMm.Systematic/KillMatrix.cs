using System.Text;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Systematic.Scenarios;
using HazardMm.Torture;

namespace HazardMm.Systematic;

/// <summary>
/// Runs each mutant against its scheme with every technique: Coyote-SC and Coyote-TSO over every
/// scenario (stopping at the first that finds a bug), and a short torture run on real threads. A
/// mutant is killed when any technique reports a violation; one that survives everything must carry
/// the reason it is correct, or the tests have a hole.
/// </summary>
/// <remarks>
/// Some races need more iterations than a CI budget affords (the hazard scheme's steal race needs a
/// late park and a cmpxchg race at once). As liburcu's formal model keeps each mutant's
/// counter-example next to the passing run, a stored trace of such a mutant (found by a long
/// exploration) is replayed when the budget's own exploration comes back empty; it must still
/// reproduce, so a change that makes the trace stale fails loudly and the trace is regenerated
/// with <c>hazardmm explore --mutant NAME --traces DIR</c>.
/// </remarks>
public static class KillMatrix
{
    public static KillRow Run(Mutant mutant, KillMatrixBudget budget, string? counterExamples = null)
    {
        KillCell sc = Explore(mutant, MemoryModelKind.Sc, budget);
        KillCell tso = Explore(mutant, MemoryModelKind.Tso, budget);
        if (!sc.IsKilled && !tso.IsKilled && counterExamples is not null)
        {
            foreach (TraceFile trace in TraceFile.LoadAll(counterExamples).Where(t => t.Mutant == mutant.Name && t.Scheme == mutant.Scheme))
            {
                ReplayResult replay = Replayer.Replay(trace);
                KillCell stored = replay.Reproduced
                    ? KillCell.Killed(trace.FoundAtIteration, $"{trace.Scenario}, stored", replay.Bug!, 0)
                    : KillCell.Survived(0, 0) with { Problem = $"stored trace {trace.Label} no longer reproduces (got {replay.Bug ?? "no failure"}): regenerate it" };
                (sc, tso) = trace.Model == "tso" ? (sc, stored) : (stored, tso);
            }
        }

        KillCell torture = Torture(mutant, budget);
        return new KillRow(mutant, sc, tso, torture);
    }

    /// <summary>The matrix as a fixed-width table, one mutant a row.</summary>
    public static string Format(IEnumerable<KillRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"mutant",-36} {"scheme",-9} {"expected",-15} {"coyote-sc",-26} {"coyote-tso",-26} {"torture",-10} verdict");
        foreach (KillRow row in rows)
        {
            text.AppendLine(
                $"{row.Mutant.Name,-36} {row.Mutant.Scheme,-9} {InvariantViolation.KindName(row.Mutant.Expected),-15} " +
                $"{row.Sc,-26} {row.Tso,-26} {row.Torture,-10} {row.Verdict}");
        }

        return text.ToString();
    }

    /// <summary>The failure class of a bug report, as the oracle and the liveness monitor word them.</summary>
    public static ViolationKind Classify(string bug) =>
        Enum.GetValues<ViolationKind>().FirstOrDefault(
            k => k != ViolationKind.Invariant && bug.StartsWith(InvariantViolation.KindName(k), StringComparison.Ordinal),
            bug.Contains("liveness", StringComparison.Ordinal) ? ViolationKind.Hang : ViolationKind.Invariant);

    private static KillCell Explore(Mutant mutant, MemoryModelKind model, KillMatrixBudget budget)
    {
        int spent = 0;
        int completed = 0;
        foreach (Scenario scenario in ScenarioCatalog.All)
        {
            var c = new SystematicCase(scenario, mutant.Scheme, model, budget.Iterations, budget.Seed) { Mutant = mutant.Id };
            SystematicResult result = SystematicRunner.Run(c);
            spent += result.IterationsRun;
            completed += result.IterationsCompleted;
            if (result.FoundBug)
            {
                return KillCell.Killed(result.IterationsRun, scenario.Name, result.Bug!, spent);
            }
        }

        return KillCell.Survived(spent, completed);
    }

    private static KillCell Torture(Mutant mutant, KillMatrixBudget budget)
    {
        if (!ArchModel.TryParse(mutant.Arch, out ArchModel arch))
        {
            throw new InvalidOperationException($"mutant {mutant.Name} names unknown arch {mutant.Arch}");
        }

        var c = new TortureCase(mutant.Scheme, arch, 2, budget.TortureDuration, budget.Seed) { Mutant = mutant.Id };
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);
        return result.Success
            ? KillCell.Survived(0, 0)
            : KillCell.Killed(0, $"at {result.Elapsed.TotalSeconds:F1}s", result.Violation!.Message, 0);
    }
}

/// <summary>How hard each technique tries: iterations per scenario, the torture run's length, the seed.</summary>
public sealed record KillMatrixBudget(int Iterations, TimeSpan TortureDuration, uint Seed);

/// <summary>
/// One mutant's row: what each technique found, and the verdict. Only Coyote's verdicts count:
/// they are deterministic and replayable; the torture column depends on the host (an ARM64 host can
/// legitimately kill a mutant that is correct on x86-TSO) and is shown for information.
/// </summary>
public sealed record KillRow(Mutant Mutant, KillCell Sc, KillCell Tso, KillCell Torture)
{
    public bool CoyoteKilled => Sc.IsKilled || Tso.IsKilled;

    public bool Killed => CoyoteKilled || Torture.IsKilled;

    /// <summary>Killed only by the TSO model: a bug only a store buffer shows.</summary>
    public bool OnlyTsoKills => Tso.IsKilled && !Sc.IsKilled && !Torture.IsKilled;

    /// <summary>The failure classes Coyote saw.</summary>
    public IEnumerable<ViolationKind> KindsSeen =>
        new[] { Sc, Tso }.Where(c => c.IsKilled).Select(c => KillMatrix.Classify(c.Bug!)).Distinct();

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
            if (new[] { Sc, Tso }.FirstOrDefault(c => c.Problem is not null) is { } stale)
            {
                return "STALE TRACE: " + stale.Problem;
            }

            if (new[] { Sc, Tso }.Any(c => !c.IsKilled && c.IterationsCompleted < c.IterationsSpent))
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
}

/// <summary>
/// One technique's result for a mutant: the iterations (within the scenario that found it) to the
/// first bug, or the torture time to failure; "survived" when nothing was found.
/// </summary>
public sealed record KillCell(bool IsKilled, int IterationsToBug, string? Where, string? Bug, int IterationsSpent, int IterationsCompleted)
{
    /// <summary>Set when the cell cannot be trusted (a stored counter-example that no longer reproduces).</summary>
    public string? Problem { get; init; }

    public static KillCell Killed(int iterations, string where, string bug, int spent) => new(true, iterations, where, bug, spent, spent);

    public static KillCell Survived(int spent, int completed) => new(false, 0, null, null, spent, completed);

    public override string ToString() =>
        Problem is not null ? "stale trace"
        : !IsKilled ? "survived"
        : IterationsToBug > 0 ? $"{IterationsToBug} ({Where})"
        : Where!;
}
