using System.CommandLine;
using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm explore</c>: the long systematic exploration (nightly): every chosen scenario ×
/// scheme × memory model under Coyote for many iterations, one line per case with its rate. A bug
/// writes its trace for <c>hazardmm replay</c>. Exit 1 if any case found a bug.
/// </summary>
public sealed class ExploreCommand : HazardCommand
{
    private readonly CliOption<bool> _list = CliOptions.Flag("--list", "list the scenarios (name, arch, CPUs, the race each aims at) and exit");

    private readonly CliOption<IReadOnlyList<Scenario>> _scenarios = CliOptions.NameList(
        "--scenario", "scenario", "the scenarios to explore", ScenarioCatalog.All, s => s.Name, ScenarioCatalog.All, "all", _ => ScenarioCatalog.All,
        allowed: "'hazardmm explore --list' lists them");

    private readonly CliOption<Mutant?> _mutant = CliOptions.OneName(
        "--mutant", "mutant", "a planted bug to run with", MutantCatalog.All, m => m.Name, "'hazardmm mutants' lists them");

    private readonly CliOption<IReadOnlyList<string>> _schemes;

    private readonly CliOption<IReadOnlyList<MemoryModelDescriptor>> _models = ModelNames.Option();

    private readonly CliOption<int> _iterations = CliOptions.Count("--iterations", "Coyote iterations per case", 1, 100_000_000, 10_000);

    private readonly CliOption<uint> _seed = CliOptions.Seed32(
        "Coyote's random seed; the same seed explores the same schedules", "a fresh random seed", _ => (uint)Random.Shared.Next());

    private readonly CliOption<string> _traces = CliOptions.Path(
        "--traces", "DIR", "where a bug's trace (*.trace.json, for 'hazardmm replay') is written; checked before the run", "traces");

    public ExploreCommand(CliSession session)
        : base("explore", "Explores scenario × scheme × memory model under Coyote (nightly); saves a trace for every bug found.", session)
    {
        // A mutant is planted in one scheme: explore that one unless told otherwise.
        _schemes = SchemeNames.Option(
            "the schemes to explore", "all (the five real schemes), or the mutant's scheme with --mutant",
            r => _mutant.Read(r) is { } planted ? [planted.Scheme] : SchemeNames.Real);
        Add(_list);
        Add(_scenarios);
        Add(_schemes);
        Add(_models);
        Add(_iterations);
        Add(_seed);
        Add(_mutant);
        Add(_traces);
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "no case found a bug, and every iteration ran to its end"),
        (ExitCodes.Failure, "a case found a bug (its trace is saved) or had iterations cut off at the step bound, also when stopped by a signal"),
        ExitCodes.UsageRow,
        ExitCodes.InterruptedRow,
    ];

    protected override int Run(ParseResult result)
    {
        if (_list.Read(result))
        {
            foreach (Scenario s in ScenarioCatalog.All)
            {
                Session.Output.WriteLine($"{s.Name,-20} {s.Arch.Name,-7} {s.Cpus} CPUs  {s.Covers}");
            }

            return ExitCodes.Success;
        }

        string traces = _traces.Read(result);
        if (OutputPaths.CheckWritableFolder(traces, "--traces") is { } problem)
        {
            return Session.UsageError($"explore: {problem}");
        }

        var plan = new ExplorePlan(_scenarios.Read(result), _schemes.Read(result), _models.Read(result), _iterations.Read(result), _seed.Read(result), _mutant.Read(result), traces);
        return plan.Run(Session.NewView(), Session.Stop);
    }
}
