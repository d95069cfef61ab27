namespace HazardMm.Cpus;

/// <summary>
/// mmput_async at exit (design.md#torture): with <see cref="Probability"/> an exiting task's mmput
/// is mmput_async, whose last put runs __mmput on the kworker of another CPU, drawn with the
/// decision from a per-CPU generator seeded with <see cref="Seed"/>.
/// </summary>
public sealed record MmputAsync
{
    public MmputAsync(double probability, long seed = 0)
    {
        if (!(probability > 0 && probability <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "a probability is in (0, 1]");
        }

        Probability = probability;
        Seed = seed;
    }

    public double Probability { get; }

    public long Seed { get; }
}
