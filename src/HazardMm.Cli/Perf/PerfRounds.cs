namespace HazardMm.Cli.Perf;

/// <summary>
/// Perf points measured in interleaved rounds: every point once per round, the rounds one after the
/// other, so that a change of the host between runs (on a VM, which physical cores the vCPUs land on)
/// falls on every scheme alike instead of on whichever ran then. A point is reported by its median
/// round; what each round ranked shows whether one run's order could be trusted.
/// </summary>
public static class PerfRounds
{
    /// <summary>
    /// For each scheme, arch and CPU count, the round whose switches/s is the median of that point's
    /// rounds (the lower middle one of an even count), in the order the points were first measured.
    /// </summary>
    public static List<PerfPoint> Medians(IEnumerable<PerfPoint> rounds) =>
        [.. rounds
            .GroupBy(p => (p.Scheme, p.Arch, p.Cpus))
            .Select(g => g.OrderBy(p => p.SwitchesPerSecond).ElementAt((g.Count() - 1) / 2))];

    /// <summary>The schemes <paramref name="arch"/> ran in one round, fastest first.</summary>
    public static IReadOnlyList<string> Order(IEnumerable<PerfPoint> round, string arch) =>
        [.. round.Where(p => p.Arch == arch).OrderByDescending(p => p.SwitchesPerSecond).Select(p => p.Scheme)];

    /// <summary>Whether every round put the schemes in the same order (true for one round).</summary>
    public static bool Settled(IReadOnlyList<IReadOnlyList<string>> orders) =>
        orders.All(order => order.SequenceEqual(orders[0]));

    /// <summary>
    /// The pairs every round ranks alike, faster first, in the first round's order: what the rounds agree
    /// on when they do not agree on the whole order. All of them when <see cref="Settled"/>.
    /// </summary>
    public static IEnumerable<(string Faster, string Slower)> AgreedPairs(IReadOnlyList<IReadOnlyList<string>> orders)
    {
        IReadOnlyList<string> first = orders[0];
        for (int i = 0; i < first.Count; i++)
        {
            for (int j = i + 1; j < first.Count; j++)
            {
                string faster = first[i], slower = first[j];
                if (orders.All(o => Rank(o, faster) < Rank(o, slower)))
                {
                    yield return (faster, slower);
                }
            }
        }
    }

    private static int Rank(IReadOnlyList<string> order, string scheme)
    {
        for (int i = 0; i < order.Count; i++)
        {
            if (order[i] == scheme)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
