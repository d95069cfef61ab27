using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// Every scheme on every architecture on real threads for a short while, with the oracle on; and the
/// broken schemes, which the oracle must catch; every case comes from the scheme registry. Durations
/// are short: this proves the machinery and catches gross bugs; long runs are the torture command's
/// job. No assertion depends on the host's speed.
/// </summary>
public sealed class TortureRunnerTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(600);

    public static TheoryData<string, string> RealSchemesOnEveryArch() =>
        Pairs(SchemeRegistry.Real, (_, _) => true);

    /// <summary>Every variant on every architecture where it is safe.</summary>
    public static TheoryData<string, string> SafeVariants() =>
        Pairs(SchemeRegistry.All.Where(d => d.Kind == SchemeKind.Variant), IsSafe);

    /// <summary>Every scheme and architecture where a CPU that exit_mm left lazy has nothing covering it.</summary>
    public static TheoryData<string, string> UnsafeCases() =>
        Pairs(SchemeRegistry.All, (d, arch) => !IsSafe(d, arch));

    [Theory]
    [MemberData(nameof(RealSchemesOnEveryArch))]
    public void RealScheme_Survives_AndFreesEveryMm(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch, cpus: 2, seed: 42);
        Assert.True(result.Success, result.Summary);

        // Behaviour, not speed: the CPUs switched, went lazy and exited (every task exits at the stop).
        Assert.True(result.Totals.Switches > 0, result.Summary);
        Assert.True(result.Totals.LazyEntries > 0, result.Summary);
        Assert.True(result.Totals.Exits > 0, result.Summary);
        Assert.Equal(result.MmsAllocated, result.MmsFreed);
        Assert.StartsWith("SUCCESS " + scheme, result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SafeVariants))]
    public void SafeVariant_Survives(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch, cpus: 2, seed: 7);
        Assert.True(result.Success, result.Summary);
        Assert.True(result.Totals.Switches > 0, result.Summary);
    }

    [Theory]
    [MemberData(nameof(UnsafeCases))]
    public void UnsafeScheme_IsCaughtAsUseAfterFree(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch, cpus: 2, seed: 3, duration: TimeSpan.FromSeconds(10));
        Assert.False(result.Success, result.Summary);
        Assert.Equal(ViolationKind.UseAfterFree, result.Violation!.Kind);
        Assert.StartsWith($"FAILURE {scheme} arch={arch} cpus=2 faults=none seed=3: use-after-free: CPU ", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversubscribed_EightCpusOnFewCores_Succeeds()
    {
        TortureResult result = Run(HazptrScheme.Descriptor.Name, "x86", cpus: 8, seed: 5);
        Assert.True(result.Success, result.Summary);
        Assert.Contains("8 CPUs on", result.Placement, StringComparison.Ordinal);
    }

    [Fact]
    public void PlantedExtraReference_IsReportedAsALeakAtQuiescence()
    {
        TortureCase c = Case(RefcountScheme.Descriptor.Name, "arm64", 2, 1, Short);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None, context => new PlantedBugs.RefcountGrabTwice(context));
        Assert.False(result.Success);
        Assert.Equal(ViolationKind.Leak, result.Violation!.Kind);
        Assert.True(result.MmsAllocated > result.MmsFreed);
    }

    [Fact]
    public void PlantedMissingReference_IsCaught()
    {
        // Whichever comes first: a lazy CPU walking the freed mm, or the unbalanced drop taking
        // mm_count to 0 while the mm still has users.
        TortureCase c = Case(RefcountScheme.Descriptor.Name, "arm64", 2, 1, TimeSpan.FromSeconds(10));
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None, context => new PlantedBugs.RefcountWithoutLazyGrab(context));
        Assert.False(result.Success);
        Assert.Contains(result.Violation!.Kind, new[] { ViolationKind.UseAfterFree, ViolationKind.NegativeCount });
    }

    [Fact]
    public void Cancellation_EndsEarly_WithTheChecksStillRun()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var samples = new List<TortureProgress>();
        TortureResult result = TortureRunner.Run(Case(LinusScheme.Descriptor.Name, "x86", 2, 9, TimeSpan.FromMinutes(5)), new HardwareCpuHost(), samples.Add, stop.Token);
        Assert.True(result.Interrupted);
        Assert.True(result.Success, result.Summary);
        Assert.True(result.Elapsed < TimeSpan.FromMinutes(1));
        Assert.Equal(result.MmsAllocated, result.MmsFreed);
    }

    [Fact]
    public void Progress_IsSampledAboutOncePerSecond()
    {
        var samples = new List<TortureProgress>();
        TortureResult result = TortureRunner.Run(Case(RefcountScheme.Descriptor.Name, "x86", 2, 1, TimeSpan.FromSeconds(2.5)), new HardwareCpuHost(), samples.Add, CancellationToken.None);
        Assert.True(result.Success, result.Summary);
        Assert.InRange(samples.Count, 1, 2); // one per whole second of the run; a loaded host may miss the last
        Assert.All(samples, s => Assert.True(s.PerSecond.Switches > 0));
        Assert.Contains("[refcount/x86]", samples[0].ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Safe when something covers a CPU that exit_mm left lazy: the scheme (its descriptor's claim), or
    /// an exit flush that unlazies by IPI and that the scheme forces even with no page tables left.
    /// </summary>
    private static bool IsSafe(SchemeDescriptor scheme, ArchModel arch)
    {
        using var kernel = new Kernel<HardwareMemory>(1, 2, arch, scheme);
        return scheme.ExitCover(arch) != LazyCover.None || (arch.ExitFlushUnlazies && kernel.Scheme.ForcesExitFlush);
    }

    private static TheoryData<string, string> Pairs(IEnumerable<SchemeDescriptor> schemes, Func<SchemeDescriptor, ArchModel, bool> include)
    {
        var data = new TheoryData<string, string>();
        foreach (SchemeDescriptor scheme in schemes)
        {
            foreach (ArchModel arch in ArchModel.All.Where(a => include(scheme, a)))
            {
                data.Add(scheme.Name, arch.Name);
            }
        }

        return data;
    }

    private static TortureResult Run(string scheme, string arch, int cpus, long seed, TimeSpan? duration = null) =>
        TortureRunner.Run(Case(scheme, arch, cpus, seed, duration ?? Short), new HardwareCpuHost(), null, CancellationToken.None);

    private static TortureCase Case(string scheme, string arch, int cpus, long seed, TimeSpan duration)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        return new TortureCase(scheme, model, cpus, duration, seed);
    }
}
