namespace HazardMm.Cli.Perf.Experiments;

/// <summary>
/// One quantitative claim of the debate, turned into a measurement on this host: what it measured,
/// the ratio the claim is about, and whether the claim holds with the cost model used.
/// </summary>
public abstract class Experiment
{
    public abstract string Name { get; }

    /// <summary>The claim, as the debate made it.</summary>
    public abstract string Claim { get; }

    /// <summary>The <c>--time</c> default: per run or per point, as the experiment says.</summary>
    public abstract TimeSpan DefaultTime { get; }

    /// <summary>What <c>--time</c> means for this experiment, for the header.</summary>
    public abstract string TimeMeans { get; }

    public abstract ExperimentOutcome Run(ExperimentContext context);
}

/// <summary>What an experiment runs with.</summary>
/// <param name="IpiCostNs">The cost model's price of one IPI round trip, paid by the sender per target.</param>
/// <param name="IpiCostSource">Where that price came from, for the report.</param>
public sealed record ExperimentContext(
    IRunView View, PerfRunner Runner, int Cpus, TimeSpan Time, string Folder, string Host, double IpiCostNs, string IpiCostSource, CancellationToken Stop);

/// <summary>
/// What an experiment found. <paramref name="Holds"/> is null when the experiment could not decide
/// (stopped early, or a run the oracle failed).
/// </summary>
public sealed record ExperimentOutcome(
    Table Table, IReadOnlyList<PerfPoint> Points, IReadOnlyList<string> Measured, string Ratio, bool? Holds, string Why, Func<IReadOnlyList<string>> Write)
{
    public string Verdict => Holds switch
    {
        true => $"HOLDS on this host: {Why}",
        false => $"DOES NOT HOLD on this host: {Why}",
        null => $"UNDECIDED: {Why}",
    };
}

/// <summary>Every experiment, by name: what <c>hazardmm experiment NAME</c> accepts.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new Arm64IpiExperiment(),
        new PvSleepingVcpuExperiment(),
        new Scan1024Experiment(),
        new RefcountCollapseExperiment(),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(e => e.Name)];

    public static Experiment? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
