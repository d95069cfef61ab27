using System.CommandLine;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm torture</c>: every requested scheme on every requested architecture, one after the
/// other, with a stats line per second (prefix <c>hazardmm-torture:</c>), a <c>!!!</c> (error) or
/// <c>???</c> (stall) line the moment a case fails, and a SUCCESS/FAILURE line per case at the end
/// (design.md#torture). A stop
/// signal ends the running case (its checks still run) and skips the rest; the summary so far is printed.
/// </summary>
public sealed class TortureCommand : HazardCommand
{
    private readonly CliOption<IReadOnlyList<string>> _schemes = SchemeNames.Option(
        "the schemes to run, one case each; busted and the variants run only when named", "all (the five real schemes)", _ => SchemeNames.Real);

    private readonly CliOption<IReadOnlyList<ArchModel>> _arches = CliOptions.NameList(
        "--arch", "arch", "the architectures whose knobs (cpumask policy, exit flush) the schemes run with",
        ArchModel.All, a => a.Name, ArchModel.All, "x86", _ => [ArchModel.X86]);

    private readonly CliOption<int> _cpus;

    private readonly CliOption<TimeSpan> _duration = CliOptions.Duration(
        "--duration", "how long each case runs (500ms, 10s, 2m, 1h; a bare number is seconds)", TimeSpan.FromSeconds(10));

    private readonly CliOption<long> _seed;

    private readonly CliOption<bool> _noPin = CliOptions.Flag("--no-pin", "do not pin each CPU thread to a host core");

    private readonly CliOption<IpiCostCalibration> _ipiCost = CliOptions.IpiCost();

    private readonly CliOption<VcpuPreemption?> _vcpuPreempt = CliOptions.VcpuPreempt();

    private readonly CliOption<IpiDelay?> _ipiDelay = CliOptions.IpiDelay();

    private readonly CliOption<TimeSpan> _stutter = CliOptions.Duration(
        "--stutter", "hold every CPU together once per INTERVAL, for a quarter to a half of it (rcutorture's stutter)", "off", _ => TimeSpan.Zero);

    private readonly CliOption<MmputAsync?> _mmputAsync = CliOptions.MmputAsync();

    private readonly CliOption<Hotplug?> _hotplug = CliOptions.Hotplug();

    private readonly CliOption<int> _overcommit = CliOptions.Count(
        "--overcommit", "K simulated CPUs per host core (instead of --cpus): an overcommitted vCPU host", 1, 64, "off", _ => 0);

    private readonly CliOption<string?> _json = new(
        new Option<string?>("--json") { Description = "also write the configuration, host, every counter, histogram and verdict to FILE (JSON), after the last case; checked before the run", HelpName = "FILE" },
        "off", _ => null);

    private readonly CliOption<string?> _results = new(
        new Option<string?>("--results") { Description = "also write DIR/<timestamp>/NN-scheme-arch/{config,log,summary} per case and DIR/<timestamp>/summary (as kvm.sh's res/); checked before the run", HelpName = "DIR" },
        "off", _ => null);

    private readonly CliOption<IReadOnlyList<TortureScenario>?> _configs = TortureConfigs.Option();

    private readonly CliOption<bool> _noFlightRecorder = CliOptions.Flag(
        "--no-flight-recorder", $"do not record each CPU's last {FlightRecorder.DefaultEventsPerCpu} switches, lazy grabs and drops, frees and IPIs for the failure report");

    private readonly CliOption<TimeSpan> _stallTimeout = CliOptions.Duration(
        "--stall-timeout", "a CPU whose scheduler loop makes no progress this long (stuck in a spin, an IPI unanswered) is a stall: ??? and exit 3",
        TortureCase.DefaultStallTimeout);

    public TortureCommand(CliSession session)
        : base("torture", "Runs the schemes on pinned threads with the oracle checking every switch; the main job.", session)
    {
        _cpus = CliOptions.Count(
            "--cpus", "simulated CPUs, one thread each; more than the host has models an oversubscribed (vCPU) host", 1, TortureOptions.MaxCpus,
            $"one per host core, at least {TortureCase.MinDefaultCpus} ({DefaultCpus(session)} here)", _ => DefaultCpus(session));
        _seed = CliOptions.Seed64(
            "the workload seed, printed first; the same seed gives every CPU the same workload decisions", "a fresh random seed", _ => session.NewSeed());
        Add(_schemes);
        Add(_arches);
        Add(_cpus);
        Add(_duration);
        Add(_seed);
        Add(_noPin);
        Add(_ipiCost);
        Add(_vcpuPreempt);
        Add(_ipiDelay);
        Add(_stutter);
        Add(_mmputAsync);
        Add(_overcommit);
        Add(_hotplug);
        Add(_stallTimeout);
        Add(_configs);
        Add(_noFlightRecorder);
        Add(_json);
        Add(_results);
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "every case ended with SUCCESS"),
        (ExitCodes.Failure, "a case ended with FAILURE by an error (a !!! line; the FAILURE line says the violation, CPU, mm, scheme, arch, faults and seed; a reproduce line follows), none stalled, also when stopped by a signal"),
        (ExitCodes.Stall, "a case stalled (a ??? line: a CPU made no progress, or an IPI went unanswered, within the bound), whatever the others did"),
        ExitCodes.UsageRow,
        ExitCodes.InterruptedRow,
    ];

    private static int DefaultCpus(CliSession session) => Math.Min(TortureCase.DefaultCpus(session.HostCores), TortureOptions.MaxCpus);

    /// <summary>The options as given, defaults filled in.</summary>
    public TortureOptions Read(ParseResult result)
    {
        int overcommit = _overcommit.Read(result);
        int cpus = overcommit > 0 ? Math.Min(overcommit * Session.HostCores, TortureOptions.MaxCpus) : _cpus.Read(result);
        return new(_schemes.Read(result), _arches.Read(result), cpus, _duration.Read(result), _seed.Read(result), !_noPin.Read(result),
            _ipiCost.Read(result), _vcpuPreempt.Read(result), _stallTimeout.Read(result), _ipiDelay.Read(result),
            _stutter.IsGiven(result) ? _stutter.Read(result) : null, overcommit, _mmputAsync.Read(result), _hotplug.Read(result),
            _configs.Read(result), _noFlightRecorder.Read(result) ? 0 : FlightRecorder.DefaultEventsPerCpu);
    }

    protected override int Run(ParseResult result)
    {
        if (_cpus.IsGiven(result) && _overcommit.IsGiven(result))
        {
            return Session.UsageError("give --cpus or --overcommit, not both");
        }

        if (_schemes.IsGiven(result) && _configs.IsGiven(result))
        {
            return Session.UsageError("give --scheme or --configs, not both");
        }

        string? json = _json.Read(result);
        if (json is not null && OutputPaths.CheckWritableFile(json, "--json") is { } problem)
        {
            return Session.UsageError(problem);
        }

        string? resultsDir = _results.Read(result);
        if (resultsDir is not null && OutputPaths.CheckWritableFolder(resultsDir, "--results") is { } unusable)
        {
            return Session.UsageError(unusable);
        }

        TortureResultsWriter? results = resultsDir is null ? null : new TortureResultsWriter(resultsDir, DateTime.Now);
        return TortureRun.Execute(Read(result), json, results, Session.NewView(), Session.Stop, Session.HostCores);
    }
}
