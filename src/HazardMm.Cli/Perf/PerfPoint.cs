using HazardMm.Metrics;
using HazardMm.Torture;

namespace HazardMm.Cli.Perf;

/// <summary>One measured torture run as the perf commands report it: a scheme, an arch, a CPU count and what it cost.</summary>
public sealed record PerfPoint(TortureResult Result)
{
    public string Scheme => Result.Case.Scheme;

    public string Arch => Result.Case.Arch.Name;

    public int Cpus => Result.Case.Cpus;

    public double SwitchesPerSecond => Result.SwitchesPerSecond;

    public RunMetrics Metrics => Result.Metrics;

    /// <summary>SUCCESS, or FAILURE with the oracle's violation.</summary>
    public string Verdict => Result.Success ? (Result.Interrupted ? "SUCCESS (interrupted)" : "SUCCESS") : $"FAILURE: {Result.Violation!.Message}";

    /// <summary>The progress line printed when the point is done.</summary>
    public string Line =>
        $"[{Result.Case.Label} cpus={Cpus}] {Units.Count(SwitchesPerSecond)} switches/s, {Metrics}; {Verdict}";
}
