using System.CommandLine;
using HazardMm.Arch;
using HazardMm.Cli.Perf;
using HazardMm.Cpus;
using HazardMm.Ipi;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm compare</c>: every scheme on one workload (same CPUs, seed and time), in interleaved
/// rounds; one table with each metric of a scheme's median round and its ratio to the best, the
/// spread over the rounds and the oracle's verdict per row, then whether the rounds agree on the
/// order; also compare.csv.
/// </summary>
public sealed class CompareCommand : PerfCommand
{
    private readonly CliOption<IReadOnlyList<string>> _schemes = SchemeNames.Option(
        "the schemes to compare, one row each", "all (the five real schemes)", _ => SchemeNames.Real);

    private readonly CliOption<IReadOnlyList<ArchModel>> _arches = CliOptions.NameList(
        "--arch", "arch", "the architectures, one table section each", ArchModel.All, a => a.Name, ArchModel.All, "x86", _ => [ArchModel.X86]);

    private readonly CliOption<int> _cpus;

    private readonly CliOption<TimeSpan> _time = CliOptions.Duration("--time", "how long each scheme runs (500ms, 5s, 1m)", TimeSpan.FromSeconds(5));

    private readonly CliOption<int> _rounds = CliOptions.Count(
        "--rounds", "how many times every scheme runs, interleaved (scheme after scheme, round after round)", 1, 100, 3);

    private readonly CliOption<long> _seed;

    public CompareCommand(CliSession session)
        : base("compare", "Every scheme on one workload side by side: each metric, its ratio to the best, the oracle's verdict.", session,
            "the folder for compare.csv (created if missing)", "hazardmm-compare")
    {
        _cpus = CliOptions.Count(
            "--cpus", "simulated CPUs, one thread each", 1, TortureOptions.MaxCpus,
            $"one per host core ({Math.Clamp(session.HostCores, 1, TortureOptions.MaxCpus)} here)", _ => Math.Clamp(session.HostCores, 1, TortureOptions.MaxCpus));
        _seed = CliOptions.Seed64("the workload seed, the same for every scheme", "a fresh random seed", _ => session.NewSeed());
        Add(_schemes);
        Add(_arches);
        Add(_cpus);
        Add(_time);
        Add(_rounds);
        Add(_seed);
        AddRunOptions();
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "every scheme ran and the oracle passed each; compare.csv written"),
        (ExitCodes.Failure, "the oracle failed a scheme (its row says the violation)"),
        ExitCodes.UsageRow,
        ExitCodes.InterruptedRow,
    ];

    protected override int Run(ParseResult result)
    {
        string folder = OutFolder(result, out string? problem);
        if (problem is not null)
        {
            return Session.UsageError(problem);
        }

        IReadOnlyList<string> schemes = _schemes.Read(result);
        IReadOnlyList<ArchModel> arches = _arches.Read(result);
        int cpus = _cpus.Read(result);
        TimeSpan time = _time.Read(result);
        int rounds = _rounds.Read(result);
        long seed = _seed.Read(result);
        IRunView view = Session.NewView();
        view.Line($"hazardmm compare: scheme={string.Join(",", schemes)} arch={string.Join(",", arches.Select(a => a.Name))} cpus={cpus} " +
            $"time={DurationParser.Format(time)} rounds={rounds} seed={seed}; host {HostInfo.Describe(Session.HostCores)}; {HostInfo.Load()}");
        IpiCostCalibration ipiCost = ReadIpiCost(result, view);
        var runner = new PerfRunner(view, Host(result), seed, ipiCost.Cost, Session.Stop);
        List<IReadOnlyList<PerfPoint>> measured = view.Run(() =>
        {
            var done = new List<IReadOnlyList<PerfPoint>>();
            for (int round = 0; round < rounds && !Session.Stop.IsCancellationRequested; round++)
            {
                done.Add(runner.RunEach(from arch in arches from scheme in schemes select (scheme, arch, cpus), time));
            }

            return done;
        });

        var report = new CompareReport(measured);
        return PerfOutput.Finish(view, Session, report.Table(), [.. measured.SelectMany(r => r)], () => report.Write(folder), report.Orders());
    }
}
