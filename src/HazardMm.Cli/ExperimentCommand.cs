using System.CommandLine;
using HazardMm.Cli.Perf;
using HazardMm.Cli.Perf.Experiments;
using HazardMm.Cpus;
using HazardMm.Ipi;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm experiment NAME</c>: one claim of the debate measured on this host. Prints what it
/// measured, the ratio the claim is about and whether the claim holds with the cost model used;
/// writes NAME.csv and PNG. A claim that does not hold is a finding, not a failure: only the oracle
/// failing a run exits 1.
/// </summary>
public sealed class ExperimentCommand : PerfCommand
{
    private readonly Argument<string> _name = new("NAME")
    {
        Description = $"the experiment: {string.Join(", ", ExperimentCatalog.All.Select(e => $"{e.Name} ({e.Claim})"))}",
    };

    private readonly CliOption<int> _cpus;

    private readonly CliOption<TimeSpan> _time;

    private readonly CliOption<long> _seed;

    public ExperimentCommand(CliSession session)
        : base("experiment", "Measures one claim of the debate on this host: the numbers, the ratio, and whether the claim holds with the cost model used.", session,
            "the folder for NAME.csv and NAME*.png (created if missing)", "hazardmm-experiments")
    {
        _name.Validators.Add(r =>
        {
            string name = r.Tokens[0].Value;
            if (ExperimentCatalog.Find(name) is null)
            {
                r.AddError($"unknown experiment '{name}'; one of: {string.Join(", ", ExperimentCatalog.Names)}");
            }
        });
        _cpus = CliOptions.Count(
            "--cpus", "simulated CPUs (threads) of the runs; the largest point of a sweep", 1, TortureOptions.MaxCpus,
            $"one per host core ({Math.Clamp(session.HostCores, 1, TortureOptions.MaxCpus)} here)", _ => Math.Clamp(session.HostCores, 1, TortureOptions.MaxCpus));
        _time = CliOptions.Duration(
            "--time", "how long each run or point takes",
            string.Join(", ", ExperimentCatalog.All.Select(e => $"{e.Name} {DurationParser.Format(e.DefaultTime)} {e.TimeMeans}")),
            r => ExperimentCatalog.Find(r.GetValue(_name)!)!.DefaultTime);
        _seed = CliOptions.Seed64("the workload seed of the runs", "a fresh random seed", _ => session.NewSeed());
        Arguments.Add(_name);
        Add(_cpus);
        Add(_time);
        Add(_seed);
        AddRunOptions();
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "the experiment ran with the oracle passing every run; the verdict line says whether the claim holds"),
        (ExitCodes.Failure, "the oracle failed a run (its row says the violation)"),
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

        Experiment experiment = ExperimentCatalog.Find(result.GetValue(_name)!)!;
        int cpus = _cpus.Read(result);
        TimeSpan time = _time.Read(result);
        long seed = _seed.Read(result);
        IRunView view = Session.NewView();
        string host = HostInfo.Describe(Session.HostCores);
        view.Line($"hazardmm experiment {experiment.Name}: cpus={cpus} time={DurationParser.Format(time)} ({experiment.TimeMeans}) seed={seed}; host {host}; {HostInfo.Load()}");
        view.Line($"claim: {experiment.Claim}");
        IpiCostCalibration ipiCost = ReadIpiCost(result, view, "; every IPI of every run pays it, half on the sender and half on the target");
        Directory.CreateDirectory(folder);
        var context = new ExperimentContext(
            view, new PerfRunner(view, Host(result), seed, ipiCost.Cost, Session.Stop), cpus, time, folder, host,
            ipiCost.Cost.TotalNanoseconds, ipiCost.Source, Session.Stop);
        ExperimentOutcome outcome = view.Run(() => experiment.Run(context));
        view.Line(string.Empty);
        foreach (string line in outcome.Measured)
        {
            view.Line(line);
        }

        int code = PerfOutput.Finish(view, Session, outcome.Table, outcome.Points, outcome.Write);
        view.Line($"ratio: {outcome.Ratio}");
        view.Line($"verdict: {outcome.Verdict}");
        return code;
    }
}
