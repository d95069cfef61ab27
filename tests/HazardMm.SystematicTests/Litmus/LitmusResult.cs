using System.Collections.Concurrent;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>How often each outcome of a litmus test was observed over a run's iterations.</summary>
internal sealed class LitmusResult(string name, int iterations, ConcurrentDictionary<string, int> outcomes, TimeSpan elapsed)
{
    public string Name { get; } = name;

    public int Iterations { get; } = iterations;

    public TimeSpan Elapsed { get; } = elapsed;

    public IReadOnlyDictionary<string, int> Outcomes { get; } = outcomes;

    public int Count(string outcome) => Outcomes.GetValueOrDefault(outcome);

    public int CountWhere(Func<string, bool> predicate) =>
        Outcomes.Where(o => predicate(o.Key)).Sum(o => o.Value);

    public override string ToString()
    {
        string counts = string.Join(
            ", ",
            Outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => $"[{o.Key}] {o.Value} ({100.0 * o.Value / Iterations:0.#}%)"));
        return $"{Name}: {Iterations} iterations in {Elapsed.TotalSeconds:0.00} s: {counts}";
    }
}
