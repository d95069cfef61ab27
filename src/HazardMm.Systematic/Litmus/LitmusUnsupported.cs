namespace HazardMm.Systematic.Litmus;

/// <summary>
/// How the reader names a call outside the subset (design.md#litmus): barriers the memory seam lacks,
/// locks, RCU, or any other function by its name.
/// </summary>
internal static class LitmusUnsupported
{
    private static readonly string[] StatementKeywords =
        ["if", "else", "for", "while", "do", "switch", "case", "goto", "return", "break", "continue"];

    public static bool IsStatementKeyword(string word) => StatementKeywords.Contains(word, StringComparer.Ordinal);

    /// <summary>The construct an unsupported call is reported as, e.g. "smp_rmb (barrier)".</summary>
    public static string DescribeCall(string name)
    {
        if (name.StartsWith("smp_", StringComparison.Ordinal))
        {
            return $"{name} (barrier)";
        }

        if (name.StartsWith("rcu_", StringComparison.Ordinal)
            || name.StartsWith("srcu_", StringComparison.Ordinal)
            || name.StartsWith("synchronize_", StringComparison.Ordinal)
            || name.EndsWith("_rcu", StringComparison.Ordinal))
        {
            return $"{name} (RCU)";
        }

        if (name.Contains("lock", StringComparison.Ordinal))
        {
            return $"{name} (locks)";
        }

        return $"call to {name}";
    }
}
