using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>The resolved options of <c>hazardmm torture</c>.</summary>
public sealed record TortureOptions(
    IReadOnlyList<string> Schemes,
    IReadOnlyList<ArchModel> Arches,
    int Cpus,
    TimeSpan Duration,
    long Seed,
    bool Pin,
    IpiCostCalibration IpiCost,
    VcpuPreemption? VcpuPreemption,
    TimeSpan StallTimeout,
    IpiDelay? IpiDelay = null,
    TimeSpan? Stutter = null,
    int Overcommit = 0,
    MmputAsync? MmputAsync = null,
    Hotplug? Hotplug = null,
    IReadOnlyList<TortureScenario>? Configs = null,
    int FlightRecorderEvents = FlightRecorder.DefaultEventsPerCpu)
{
    public const int MaxCpus = 1024;

    public string Describe() =>
        (Configs is null ? $"scheme={string.Join(",", Schemes)} " : $"configs=\"{string.Join(" ", Configs)}\" ") +
        $"arch={string.Join(",", Arches.Select(a => a.Name))} cpus={Cpus} " +
        $"duration={DurationParser.Format(Duration)} seed={Seed} pin={(Pin ? "yes" : "no")} " +
        $"ipi-cost={HostDelays.Format(IpiCost.Cost)} ({IpiCost.Source})" +
        (VcpuPreemption is null ? string.Empty : $" vcpu-preempt={VcpuPreemption}") +
        (IpiDelay is null ? string.Empty : $" ipi-delay={HostDelays.Format(IpiDelay.Bound)}") +
        (Stutter is { } stutter ? $" stutter={DurationParser.Format(stutter)}" : string.Empty) +
        (Overcommit > 0 ? $" overcommit={Overcommit}" : string.Empty) +
        (MmputAsync is null ? string.Empty : $" mmput-async={MmputAsync.Probability.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}") +
        (Hotplug is null ? string.Empty : $" hotplug={DurationParser.Format(Hotplug.Interval)}") +
        $" stall-timeout={DurationParser.Format(StallTimeout)}" +
        (FlightRecorderEvents == 0 ? " flight-recorder=off" : string.Empty);

    /// <summary>
    /// The cases of the run, in order: each <c>--configs</c> scenario's N cases on its arch (each arch of
    /// <see cref="Arches"/> when it names none), each with its own seed from <see cref="CaseSeed"/>; or,
    /// without <c>--configs</c>, every scheme on every arch with the run's seed.
    /// </summary>
    public IReadOnlyList<TortureCase> Cases()
    {
        if (Configs is null)
        {
            return [.. Arches.SelectMany(arch => Schemes.Select(scheme => CaseFor(scheme, arch)))];
        }

        var cases = new List<TortureCase>();
        foreach (TortureScenario scenario in Configs)
        {
            foreach (ArchModel arch in scenario.Arch is { } one ? [one] : Arches)
            {
                for (int i = 0; i < scenario.Count; i++)
                {
                    cases.Add((this with { Seed = CaseSeed(Seed, cases.Count + 1) }).CaseFor(scenario.Scheme, arch));
                }
            }
        }

        return cases;
    }

    /// <summary>The seed of the <paramref name="index"/>th case (from 1) of a <c>--configs</c> run: SplitMix64 of the run's seed and the index.</summary>
    public static long CaseSeed(long runSeed, int index)
    {
        ulong z = unchecked((ulong)runSeed + ((ulong)index * 0x9E3779B97F4A7C15UL));
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return unchecked((long)(z ^ (z >> 31)));
    }

    /// <summary>The case for <paramref name="scheme"/> on <paramref name="arch"/> with these options; preemption draws seeded with <see cref="Seed"/>.</summary>
    public TortureCase CaseFor(string scheme, ArchModel arch) => new(scheme, arch, Cpus, Duration, Seed)
    {
        IpiCost = IpiCost.Cost,
        VcpuPreemption = VcpuPreemption is { } p ? new VcpuPreemption(p.Probability, p.Duration, Seed) : null,
        StallTimeout = StallTimeout,
        IpiDelay = IpiDelay is { } d ? new IpiDelay(d.Bound, Seed) : null,
        Stutter = Stutter,
        Overcommit = Overcommit,
        MmputAsync = MmputAsync is { } m ? new MmputAsync(m.Probability, Seed) : null,
        Hotplug = Hotplug is { } h ? new Hotplug(h.Interval, Seed) : null,
        FlightRecorderEvents = FlightRecorderEvents,
    };
}
