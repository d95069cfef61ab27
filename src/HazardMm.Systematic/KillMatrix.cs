using System.Text;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Systematic.Scenarios;
using HazardMm.Torture;

namespace HazardMm.Systematic;

/// <summary>
/// Runs each mutant against its scheme with every technique: Coyote under every registered memory
/// model over every scenario (stopping at the first that finds a bug), and a short torture run on real
/// threads. A mutant is killed when any technique reports a violation; one that survives everything
/// must carry the argument that it is correct, or name the property HazardMm does not model that it
/// breaks, or the tests have a hole (design.md#mutants).
/// </summary>
/// <remarks>
/// Some races need more iterations than a CI budget affords (the hazard scheme's steal race needs a
/// late park and a cmpxchg race at once). As liburcu's formal model keeps each mutant's
/// counter-example next to the passing run, a stored trace of such a mutant (found by a long
/// exploration) is replayed too; it must still reproduce its failure. Its result goes in its own
/// column ("recorded under MODEL, seed S, iteration N"), never in a model's: a model's cell and every
/// summary say only what exploration found at the budget, and a mutant that only a stored replay kills
/// says so in its verdict. A stored trace that is malformed, diverges from its recorded schedule or no
/// longer fails makes the row STALE, never SURVIVED, and is regenerated with
/// <c>hazardmm explore --mutant NAME --traces DIR</c>.
/// </remarks>
public static class KillMatrix
{
    /// <summary>Wide enough for "recorded under MODEL, seed S, iteration N (SCENARIO)".</summary>
    private const int StoredWidth = 72;

    /// <param name="counterExamples">The folder of stored traces, or null for none; a folder that does not
    /// exist is a <see cref="DirectoryNotFoundException"/> (stored kills would silently turn into survivals).</param>
    /// <param name="stop">Cancelled, the row ends within about a second and says <see cref="KillRow.Cancelled"/>.</param>
    public static KillRow Run(Mutant mutant, KillMatrixBudget budget, string? counterExamples, CancellationToken stop = default)
    {
        IReadOnlyList<string> paths = counterExamples is null ? [] : TraceFile.PathsIn(counterExamples);
        var cells = MemoryModels.All.Select(model => Explore(mutant, model, budget, stop)).ToList();
        var stored = new List<StoredReplay>();
        var stale = new List<string>();
        foreach (string path in paths.Where(p => NamedFor(p) is null || NamedFor(p) == mutant))
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            ReplayStored(mutant, path, stored, stale);
        }

        KillCell torture = stop.IsCancellationRequested ? KillCell.SurvivedFor("0s") : Torture(mutant, budget, stop);
        return new KillRow(mutant, cells, torture) { Stored = stored, Stale = stale, Cancelled = stop.IsCancellationRequested };
    }

    /// <summary>The whole matrix: the header, one line a mutant, then <see cref="Summary"/>.</summary>
    public static string Format(IEnumerable<KillRow> rows)
    {
        List<KillRow> all = [.. rows];
        var text = new StringBuilder();
        text.AppendLine(Header());
        foreach (KillRow row in all)
        {
            text.AppendLine(FormatRow(row));
        }

        text.AppendLine();
        text.Append(Summary(all));
        return text.ToString();
    }

    /// <summary>The column names: one Coyote column per registered memory model, torture, the stored replays, the verdict.</summary>
    public static string Header()
    {
        var text = new StringBuilder($"{"mutant",-36} {"scheme",-9} {"expected",-15} ");
        foreach (MemoryModelDescriptor model in MemoryModels.All)
        {
            text.Append($"{"coyote-" + model.Name,-26} ");
        }

        return text.Append($"{"torture",-12} {"stored",-StoredWidth} verdict").ToString();
    }

    /// <summary>One mutant's line under <see cref="Header"/>.</summary>
    public static string FormatRow(KillRow row)
    {
        var text = new StringBuilder($"{row.Mutant.Name,-36} {row.Mutant.Scheme,-9} {row.Mutant.ExpectedLabel,-15} ");
        foreach (KillCell cell in row.Coyote)
        {
            text.Append($"{cell,-26} ");
        }

        string stored = row.Stored.Count switch
        {
            0 => "-",
            1 => row.Stored[0].ToString(),
            _ => $"{row.Stored[0]} and {row.Stored.Count - 1} more",
        };
        return text.Append($"{row.Torture,-12} {stored,-StoredWidth} {row.Verdict}").ToString();
    }

    /// <summary>
    /// The verdict counts, then what each technique killed by exploration and what only one model's
    /// exploration kills, then the mutants only a stored replay kills. Computed from explored cells:
    /// a stored replay never counts as a model's kill.
    /// </summary>
    public static string Summary(IReadOnlyList<KillRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("verdicts: " + string.Join(", ", Enum.GetValues<KillVerdict>()
            .Select(v => (Verdict: v, Count: rows.Count(r => r.Outcome == v)))
            .Where(c => c.Count > 0)
            .Select(c => $"{c.Count} {VerdictName(c.Verdict)}")
            .DefaultIfEmpty("none")));
        text.AppendLine("killed by exploration at this budget: " + string.Join(", ", MemoryModels.All
            .Select(m => $"coyote-{m.Name} {rows.Count(r => r.Cell(m).IsKilled)}")
            .Append($"torture {rows.Count(r => r.Torture.IsKilled)}")));
        foreach (MemoryModelDescriptor model in MemoryModels.All)
        {
            text.AppendLine($"only coyote-{model.Name} kills (by exploration): " + Names(rows.Where(r => r.OnlyKilledBy(model))));
        }

        text.AppendLine("killed by stored replay only (no Coyote exploration found them at this budget): " + string.Join(", ", rows
            .Where(r => r.Outcome == KillVerdict.KilledByStoredReplayOnly)
            .Select(r => $"{r.Mutant.Name} [{r.Stored[0]}]")
            .DefaultIfEmpty("none")));
        return text.ToString();
    }

    /// <summary>The failure class of a bug report, as the oracle and the liveness monitor word them.</summary>
    public static ViolationKind Classify(string bug) =>
        Enum.GetValues<ViolationKind>().FirstOrDefault(
            k => k != ViolationKind.Invariant && bug.StartsWith(InvariantViolation.KindName(k), StringComparison.Ordinal),
            bug.Contains("liveness", StringComparison.Ordinal) ? ViolationKind.Hang : ViolationKind.Invariant);

    private static KillCell Explore(Mutant mutant, MemoryModelDescriptor model, KillMatrixBudget budget, CancellationToken stop)
    {
        int spent = 0;
        int completed = 0;

        // A hotplug mutant changes only the takedown, which only a hotplug scenario runs: elsewhere it
        // is the correct code, and exploring it there would spend the budget on nothing.
        foreach (Scenario scenario in ScenarioCatalog.All.Where(s => s.Hotplug || !mutant.NeedsHotplug))
        {
            if (stop.IsCancellationRequested)
            {
                break;
            }

            var c = new SystematicCase(scenario, mutant.Scheme, model, budget.Iterations, budget.Seed) { Mutant = mutant.Id };
            SystematicResult result = SystematicRunner.Run(c, stop);
            spent += result.IterationsRun;
            completed += result.IterationsCompleted;
            if (result.FoundBug)
            {
                return KillCell.Killed(result.IterationsRun, scenario.Name, result.Bug!, spent);
            }
        }

        return KillCell.Survived(spent, completed);
    }

    /// <summary>
    /// Replays one stored trace of <paramref name="mutant"/>: a reproduced failure goes in the stored
    /// column, whatever exploration found; anything else is a stale trace.
    /// </summary>
    private static void ReplayStored(Mutant mutant, string path, List<StoredReplay> stored, List<string> stale)
    {
        TraceFile trace;
        try
        {
            trace = TraceFile.Load(path);
        }
        catch (TraceFormatException e)
        {
            stale.Add(e.Message);
            return;
        }

        if (trace.Mutant != mutant.Name)
        {
            if (NamedFor(path) == mutant)
            {
                stale.Add($"{path}: its name says {mutant.Name}, it holds {trace.Mutant}");
            }

            return;
        }

        ReplayResult replay = Replayer.Replay(trace);
        if (!replay.SameBug)
        {
            stale.Add(replay.Outcome switch
            {
                ReplayOutcome.Diverged => $"{path}: DIVERGED at step {replay.DivergedAtStep} ({replay.Divergence}): regenerate it",
                ReplayOutcome.NotReproduced => $"{path}: no longer fails: regenerate it",
                _ => $"{path}: fails differently ({replay.Bug}): regenerate it",
            });
            return;
        }

        stored.Add(StoredReplay.Of(trace));
    }

    /// <summary>
    /// The mutant a stored trace's file name says it holds (scenario-scheme-model-mutant-seed, as
    /// <see cref="TraceFile.Save"/> writes it: the longest catalogued mutant name in it), which can be
    /// read even when the file cannot; null when it names none. A bad file that names no mutant is
    /// reported in every row, so it is never skipped.
    /// </summary>
    private static Mutant? NamedFor(string path)
    {
        string name = Path.GetFileName(path);
        return MutantCatalog.All
            .Where(m => name.Contains("-" + m.Name + "-", StringComparison.Ordinal))
            .MaxBy(m => m.Name.Length);
    }

    private static KillCell Torture(Mutant mutant, KillMatrixBudget budget, CancellationToken stop)
    {
        if (!ArchModel.TryParse(mutant.Arch, out ArchModel arch))
        {
            throw new InvalidOperationException($"mutant {mutant.Name} names unknown arch {mutant.Arch}");
        }

        var c = new TortureCase(mutant.Scheme, arch, TortureCase.DefaultCpus(Environment.ProcessorCount), budget.TortureDuration, budget.Seed)
        {
            Mutant = mutant.Id,
            Hotplug = mutant.NeedsHotplug ? new Hotplug(Hotplug.DefaultInterval, budget.Seed) : null,
        };
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, stop);
        return result.Success
            ? KillCell.SurvivedFor($"{result.Elapsed.TotalSeconds:F1}s")
            : KillCell.Killed(0, $"at {result.Elapsed.TotalSeconds:F1}s", result.Violation!.Message, 0);
    }

    private static string VerdictName(KillVerdict verdict) => verdict switch
    {
        KillVerdict.KilledByStoredReplayOnly => "killed by stored replay only",
        KillVerdict.Unmodelled => "unmodelled property",
        KillVerdict.TortureOnly => "torture only",
        KillVerdict.WrongKind => "wrong kind",
        _ => verdict.ToString().ToLowerInvariant(),
    };

    private static string Names(IEnumerable<KillRow> rows) =>
        string.Join(", ", rows.Select(r => r.Mutant.Name).DefaultIfEmpty("none"));
}

/// <summary>How hard each technique tries: iterations per scenario, the torture run's length, the seed.</summary>
public sealed record KillMatrixBudget(int Iterations, TimeSpan TortureDuration, uint Seed);
