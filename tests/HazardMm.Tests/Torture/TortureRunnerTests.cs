using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// Every scheme on every architecture on real threads for a short while, with the oracle on; and the
/// broken schemes, which the oracle must catch. Durations are short: this proves the machinery and
/// catches gross bugs; long runs are the torture command's job.
/// </summary>
public sealed class TortureRunnerTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(600);

    public static TheoryData<string, string> RealSchemesOnEveryArch()
    {
        var data = new TheoryData<string, string>();
        foreach (string scheme in SchemeCatalog.Real)
        {
            foreach (ArchModel arch in ArchModel.All)
            {
                data.Add(scheme, arch.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RealSchemesOnEveryArch))]
    public void RealScheme_Survives_AndFreesEveryMm(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch, cpus: 2, seed: 42);
        Assert.True(result.Success, result.Summary);
        Assert.True(result.Totals.Switches > 1000, result.Summary);
        Assert.True(result.Totals.LazyEntries > 100, result.Summary);
        Assert.True(result.Totals.Exits > 10, result.Summary);
        Assert.Equal(result.MmsAllocated, result.MmsFreed);
        Assert.StartsWith("SUCCESS " + scheme, result.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("shootdown-all", "x86")]
    [InlineData("hazard-online", "x86")]
    [InlineData("hazard-cpumask", "powerpc")]
    [InlineData("hazard-none", "x86")]
    public void SafeVariant_Survives(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch, cpus: 2, seed: 7);
        Assert.True(result.Success, result.Summary);
    }

    [Theory]
    [InlineData("busted", "x86")]
    [InlineData("busted", "arm64")]
    [InlineData("busted", "powerpc")]
    [InlineData("busted", "x86-pv")]
    [InlineData("hazard-cpumask", "arm64")]
    [InlineData("hazard-none", "powerpc")]
    public void UnsafeScheme_IsCaughtAsUseAfterFree(string scheme, string arch)
    {
        TortureResult result = Run(scheme, arch, cpus: 2, seed: 3, duration: TimeSpan.FromSeconds(10));
        Assert.False(result.Success, result.Summary);
        Assert.Equal(ViolationKind.UseAfterFree, result.Violation!.Kind);
        Assert.StartsWith($"FAILURE {scheme} arch={arch} seed=3: use-after-free: CPU ", result.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversubscribed_EightCpusOnFewCores_Succeeds()
    {
        TortureResult result = Run("hazptr", "x86", cpus: 8, seed: 5);
        Assert.True(result.Success, result.Summary);
        Assert.Contains("8 CPUs on", result.Placement, StringComparison.Ordinal);
    }

    [Fact]
    public void PlantedExtraReference_IsReportedAsALeakAtQuiescence()
    {
        TortureCase c = Case("refcount", "arm64", 2, 1, Short);
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None, k => new PlantedBugs.RefcountGrabTwice(k));
        Assert.False(result.Success);
        Assert.Equal(ViolationKind.Leak, result.Violation!.Kind);
        Assert.True(result.MmsAllocated > result.MmsFreed);
    }

    [Fact]
    public void PlantedMissingReference_IsCaught()
    {
        // Whichever comes first: a lazy CPU walking the freed mm, or the unbalanced drop taking
        // mm_count to 0 while the mm still has users.
        TortureCase c = Case("refcount", "arm64", 2, 1, TimeSpan.FromSeconds(10));
        TortureResult result = TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None, k => new PlantedBugs.RefcountWithoutLazyGrab(k));
        Assert.False(result.Success);
        Assert.Contains(result.Violation!.Kind, new[] { ViolationKind.UseAfterFree, ViolationKind.NegativeCount });
    }

    [Fact]
    public void Cancellation_EndsEarly_WithTheChecksStillRun()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var samples = new List<TortureProgress>();
        TortureResult result = TortureRunner.Run(Case("linus", "x86", 2, 9, TimeSpan.FromMinutes(5)), new HardwareCpuHost(), samples.Add, stop.Token);
        Assert.True(result.Interrupted);
        Assert.True(result.Success, result.Summary);
        Assert.True(result.Elapsed < TimeSpan.FromMinutes(1));
        Assert.Equal(result.MmsAllocated, result.MmsFreed);
    }

    [Fact]
    public void Progress_IsSampledAboutOncePerSecond()
    {
        var samples = new List<TortureProgress>();
        TortureResult result = TortureRunner.Run(Case("refcount", "x86", 2, 1, TimeSpan.FromSeconds(2.5)), new HardwareCpuHost(), samples.Add, CancellationToken.None);
        Assert.True(result.Success, result.Summary);
        Assert.Equal(2, samples.Count);
        Assert.All(samples, s => Assert.True(s.PerSecond.Switches > 0));
        Assert.Contains("[refcount/x86]", samples[0].ToString(), StringComparison.Ordinal);
    }

    private static TortureResult Run(string scheme, string arch, int cpus, long seed, TimeSpan? duration = null) =>
        TortureRunner.Run(Case(scheme, arch, cpus, seed, duration ?? Short), new HardwareCpuHost(), null, CancellationToken.None);

    private static TortureCase Case(string scheme, string arch, int cpus, long seed, TimeSpan duration)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        return new TortureCase(scheme, model, cpus, duration, seed);
    }
}
