namespace HazardMm.Cpus;

/// <summary>
/// Descheduled vCPUs (design.md#vcpu-preemption): at each preemption point a CPU stops with
/// <see cref="Probability"/> for <see cref="Duration"/>, answering nothing, so IPIs sent to it wait.
/// The points include IRQs-off windows (the switch body, an IPI handler). The draws are seeded per CPU
/// from <see cref="Seed"/>: the same seed gives each CPU the same sequence of draws.
/// </summary>
public sealed record VcpuPreemption
{
    public VcpuPreemption(double probability, TimeSpan duration, long seed = 0)
    {
        if (double.IsNaN(probability) || probability < 0 || probability > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability is in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        Probability = probability;
        Duration = duration;
        Seed = seed;
    }

    /// <summary>Chance that one preemption point stops the CPU.</summary>
    public double Probability { get; }

    /// <summary>How long a stopped CPU stays stopped.</summary>
    public TimeSpan Duration { get; }

    public long Seed { get; }

    /// <summary>The only CPUs that are ever descheduled (say, the targets of a shootdown); null: every CPU.</summary>
    public IReadOnlySet<int>? OnlyCpus { get; init; }

    public override string ToString() =>
        $"p={Probability.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} for {HostDelays.Format(Duration)}" +
        (OnlyCpus is null ? string.Empty : $" on CPUs {string.Join(",", OnlyCpus.Order())}");
}
