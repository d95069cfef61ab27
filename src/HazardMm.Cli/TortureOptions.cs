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
    Hotplug? Hotplug = null)
{
    public const int MaxCpus = 1024;

    public string Describe() =>
        $"scheme={string.Join(",", Schemes)} arch={string.Join(",", Arches.Select(a => a.Name))} cpus={Cpus} " +
        $"duration={DurationParser.Format(Duration)} seed={Seed} pin={(Pin ? "yes" : "no")} " +
        $"ipi-cost={HostDelays.Format(IpiCost.Cost)} ({IpiCost.Source})" +
        (VcpuPreemption is null ? string.Empty : $" vcpu-preempt={VcpuPreemption}") +
        (IpiDelay is null ? string.Empty : $" ipi-delay={HostDelays.Format(IpiDelay.Bound)}") +
        (Stutter is { } stutter ? $" stutter={DurationParser.Format(stutter)}" : string.Empty) +
        (Overcommit > 0 ? $" overcommit={Overcommit}" : string.Empty) +
        (MmputAsync is null ? string.Empty : $" mmput-async={MmputAsync.Probability.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)}") +
        (Hotplug is null ? string.Empty : $" hotplug={DurationParser.Format(Hotplug.Interval)}") +
        $" stall-timeout={DurationParser.Format(StallTimeout)}";

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
    };
}
