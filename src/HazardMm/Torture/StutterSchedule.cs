namespace HazardMm.Torture;

/// <summary>
/// When a stutter holds every CPU (design.md#torture), as the kernel's torture_stutter: run for the
/// interval, then hold for a seeded time between a quarter and a half of it, and again.
/// </summary>
internal sealed class StutterSchedule
{
    private readonly TimeSpan _interval;
    private readonly Random _random;
    private TimeSpan _next;

    public StutterSchedule(TimeSpan interval, long seed)
    {
        _interval = interval;
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32) ^ 0x5eed));
        _next = interval;
    }

    /// <summary>Whether the CPUs are held now.</summary>
    public bool Holding { get; private set; }

    /// <summary>At <paramref name="now"/>: true to hold the CPUs, false to release them, null for no change.</summary>
    public bool? Step(TimeSpan now)
    {
        if (now < _next)
        {
            return null;
        }

        Holding = !Holding;
        _next = now + (Holding ? _interval * (0.25 + (0.25 * _random.NextDouble())) : _interval);
        return Holding;
    }
}
