using System.CommandLine;
using HazardMm.Mutants;
using HazardMm.Systematic;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm mutants</c>: the catalogue, one mutant a line (name, scheme, arch, reference,
/// expected failure, what it changes). With <c>--kill-matrix</c> it runs every (or the named)
/// mutant under Coyote with every registered memory model, and torture (see <see cref="KillMatrixPlan"/>).
/// </summary>
public sealed class MutantsCommand : HazardCommand
{
    /// <summary>The stored counter-examples of the repository, used when run from its root.</summary>
    public const string DefaultCounterExamples = "tests/HazardMm.SystematicTests/CounterExamples";

    /// <summary>The <c>--counterexamples</c> value that runs the matrix without stored traces.</summary>
    public const string NoCounterExamples = "none";

    private readonly CliOption<bool> _killMatrix = CliOptions.Flag(
        "--kill-matrix", "run the kill matrix instead of listing the catalogue; the options below go with it");

    private readonly CliOption<IReadOnlyList<Mutant>> _mutants = CliOptions.NameList(
        "--mutant", "mutant", "the mutants to run", MutantCatalog.All, m => m.Name, MutantCatalog.All, "all", _ => MutantCatalog.All,
        allowed: "'hazardmm mutants' lists them");

    private readonly CliOption<int> _iterations = CliOptions.Count("--iterations", "Coyote iterations per scenario and model", 1, 10_000_000, 2_000);

    private readonly CliOption<TimeSpan> _torture = CliOptions.Duration("--torture", "the torture run per mutant (500ms, 2s, 1m)", TimeSpan.FromSeconds(2));

    private readonly CliOption<uint> _seed = CliOptions.Seed32("the seed of every Coyote exploration and torture run", "20261126", _ => 20261126);

    private readonly CliOption<string> _out = CliOptions.Path(
        "--out", "FILE", "where the whole matrix is written, only once every row is done; checked before the run", "kill-matrix.txt");

    private readonly CliOption<string> _counterExamples = CliOptions.Path(
        "--counterexamples", "DIR|none",
        "the stored counter-example traces replayed for a mutant the budget's exploration misses; must exist ('none' replays no stored trace)",
        DefaultCounterExamples);

    public MutantsCommand(CliSession session)
        : base("mutants", "Lists the planted bugs; with --kill-matrix, checks that Coyote (under every registered memory model, or a stored replay) kills each, or that it is argued correct, or that it breaks only a property HazardMm does not model.", session)
    {
        Add(_killMatrix);
        Add(_mutants);
        Add(_iterations);
        Add(_torture);
        Add(_seed);
        Add(_out);
        Add(_counterExamples);
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "the catalogue was listed, or every mutant is killed with its expected failure (by exploration or a stored replay), argued correct, or unmodelled"),
        (ExitCodes.Failure, "a mutant is not accounted for (SURVIVED, STALE TRACE, WRONG KIND, ...), also when stopped by a signal"),
        ExitCodes.UsageRow,
        ExitCodes.InterruptedRow,
    ];

    protected override int Run(ParseResult result)
    {
        if (!_killMatrix.Read(result))
        {
            Option[] matrixOnly = [_mutants.Option, _iterations.Option, _torture.Option, _seed.Option, _out.Option, _counterExamples.Option];
            if (matrixOnly.FirstOrDefault(o => result.GetResult(o) is not null) is { } stray)
            {
                return Session.UsageError($"mutants: {stray.Name} goes with --kill-matrix");
            }

            Session.Output.WriteLine($"{"name",-36} {"scheme",-9} {"arch",-7} {"design.md#",-17} {"expected",-15} change");
            foreach (Mutant mutant in MutantCatalog.All)
            {
                Session.Output.WriteLine(mutant.ToString());
            }

            return ExitCodes.Success;
        }

        string output = _out.Read(result);
        string counterExamples = _counterExamples.Read(result);
        if (OutputPaths.CheckWritableFile(output, "--out") is { } unwritable)
        {
            return Session.UsageError($"mutants: {unwritable}");
        }

        if (counterExamples != NoCounterExamples && OutputPaths.CheckExistingFolder(counterExamples, "--counterexamples") is { } missing)
        {
            string hint = _counterExamples.IsGiven(result) ? string.Empty : " (run from the repository root, or pass --counterexamples DIR or none)";
            return Session.UsageError($"mutants: {missing}{hint}");
        }

        var plan = new KillMatrixPlan(
            _mutants.Read(result),
            new KillMatrixBudget(_iterations.Read(result), _torture.Read(result), _seed.Read(result)),
            output,
            counterExamples == NoCounterExamples ? null : counterExamples);
        return plan.Run(Session.NewView(), Session.Stop);
    }
}
