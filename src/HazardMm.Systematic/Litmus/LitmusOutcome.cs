using System.Globalization;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// What one model did with one litmus test (design.md#litmus): of <see cref="Iterations"/> executions,
/// <see cref="Counted"/> passed the filter and <see cref="Satisfied"/> of those satisfied the condition's proposition.
/// <see cref="Bug"/>: the run failed (an exception in an operation), so nothing was decided.
/// </summary>
public sealed record LitmusOutcome(int Iterations, int Counted, int Satisfied, TimeSpan Elapsed, bool Cancelled, string? Bug)
{
    /// <summary>Never: no counted execution satisfied it (also when none was counted).</summary>
    public bool Never => Satisfied == 0;

    /// <summary>Always: every counted execution satisfied it (at least one was counted).</summary>
    public bool Always => Counted > 0 && Satisfied == Counted;

    public double IterationsPerSecond => Elapsed > TimeSpan.Zero ? Iterations / Elapsed.TotalSeconds : 0;

    /// <summary>"Never observed in 200", "Sometimes (13 of 200)", "Always (200 of 200)"; the filter's share when it rejected any.</summary>
    public string Describe()
    {
        string of = Counted == Iterations
            ? Counted.ToString(CultureInfo.InvariantCulture)
            : $"{Counted} (of {Iterations} iterations, the rest rejected by the filter)";
        return Bug is not null ? $"FAILED: {Bug}"
            : Never ? $"Never observed in {of}"
            : Always ? $"Always ({Satisfied} of {of})"
            : $"Sometimes ({Satisfied} of {of})";
    }
}
