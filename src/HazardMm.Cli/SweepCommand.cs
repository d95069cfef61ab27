using System.CommandLine;
using HazardMm.Arch;
using HazardMm.Cli.Perf;
using HazardMm.Cpus;
using HazardMm.Ipi;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm sweep</c>, will-it-scale style: every scheme and arch at 1, 2, 4, … CPUs up to
/// <c>--max-cpus</c>, the same workload and seed, a fixed time per point. Prints a table, writes a CSV
/// with a "linear" column and PNGs of throughput and latency against CPUs. A stop signal ends the
/// running point and writes what was measured so far.
/// </summary>
public sealed class SweepCommand : PerfCommand
{
    private readonly CliOption<IReadOnlyList<string>> _schemes = SchemeNames.Option(
        "the schemes to sweep, one line each in the plots", "all (the five real schemes)", _ => SchemeNames.Real);

    private readonly CliOption<IReadOnlyList<ArchModel>> _arches = CliOptions.NameList(
        "--arch", "arch", "the architectures to sweep, one pair of plots each", ArchModel.All, a => a.Name, ArchModel.All, "x86", _ => [ArchModel.X86]);

    private readonly CliOption<int> _maxCpus;

    private readonly CliOption<TimeSpan> _time = CliOptions.Duration(
        "--time", "how long each point runs (500ms, 2s, 1m)", TimeSpan.FromSeconds(2));

    private readonly CliOption<long> _seed;

    public SweepCommand(CliSession session)
        : base("sweep", "Throughput and mmput-to-free latency of each scheme against CPU count (will-it-scale style); CSV and PNG plots.", session,
            "the folder for sweep.csv and the PNGs (created if missing)", "hazardmm-sweep")
    {
        _maxCpus = CliOptions.Count(
            "--max-cpus", "the largest CPU count; points are 1, 2, 4, … and this; more than the host has is oversubscription", 1, TortureOptions.MaxCpus,
            $"one per host core ({Math.Clamp(session.HostCores, 1, TortureOptions.MaxCpus)} here)", _ => Math.Clamp(session.HostCores, 1, TortureOptions.MaxCpus));
        _seed = CliOptions.Seed64("the workload seed, the same for every point", "a fresh random seed", _ => session.NewSeed());
        Add(_schemes);
        Add(_arches);
        Add(_maxCpus);
        Add(_time);
        Add(_seed);
        AddRunOptions();
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "every point ran and the oracle passed each; CSV and PNGs written"),
        (ExitCodes.Failure, "the oracle failed a point (its row says the violation)"),
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
        int maxCpus = _maxCpus.Read(result);
        TimeSpan time = _time.Read(result);
        long seed = _seed.Read(result);
        IRunView view = Session.NewView();
        IReadOnlyList<int> cpuPoints = PerfRunner.CpuPoints(maxCpus);
        view.Line($"hazardmm sweep: scheme={string.Join(",", schemes)} arch={string.Join(",", arches.Select(a => a.Name))} cpus={string.Join(",", cpuPoints)} " +
            $"time={DurationParser.Format(time)} seed={seed}; host {HostInfo.Describe(Session.HostCores)}; {HostInfo.Load()}");
        IpiCostCalibration ipiCost = ReadIpiCost(result, view);
        var runner = new PerfRunner(view, Host(result), seed, ipiCost.Cost, Session.Stop);
        List<PerfPoint> points = view.Run(() => runner.RunEach(
            from arch in arches from scheme in schemes from cpus in cpuPoints select (scheme, arch, cpus), time));

        return PerfOutput.Finish(view, Session, new SweepReport(points).Table(), points, () => new SweepReport(points).Write(folder, "sweep", HostInfo.Describe(Session.HostCores)));
    }
}
