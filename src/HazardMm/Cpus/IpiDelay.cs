namespace HazardMm.Cpus;

/// <summary>
/// Delayed IPIs (design.md#torture): each IPI a CPU finds pending is taken only after a delay drawn
/// up to <see cref="Bound"/>; meanwhile the target runs on as if nothing had arrived. The draws are
/// seeded per CPU from <see cref="Seed"/>.
/// </summary>
public sealed record IpiDelay
{
    public IpiDelay(TimeSpan bound, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(bound, TimeSpan.Zero);
        Bound = bound;
        Seed = seed;
    }

    /// <summary>The longest delay of one delivery.</summary>
    public TimeSpan Bound { get; }

    public long Seed { get; }
}
