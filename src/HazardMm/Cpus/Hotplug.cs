namespace HazardMm.Cpus;

/// <summary>
/// CPU hotplug (design.md#hotplug), as rcutorture's onoff: about once per <see cref="Interval"/> (a
/// seeded draw between half and one and a half of it) a CPU drawn from <see cref="Seed"/> is taken
/// offline if it is online and not the last one, or brought back if it is offline.
/// </summary>
public sealed record Hotplug
{
    /// <summary>The interval when <c>--hotplug</c> is given without one.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(20);

    public Hotplug(TimeSpan interval, long seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        Seed = seed;
    }

    /// <summary>The mean time between two hotplug operations.</summary>
    public TimeSpan Interval { get; }

    public long Seed { get; }
}
