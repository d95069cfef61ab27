using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Schemes;
using HazardMm.Torture;

namespace HazardMm.Tests.Torture;

/// <summary>
/// CPU hotplug (design.md#hotplug): every scheme stays correct on every arch while CPUs go offline and
/// come back, the counters show it happened, it combines with every other fault, the mutant that
/// forgets the dying CPU is caught (and refcount, whose lazy reference keeps the mm, survives it),
/// busted is still caught, and the online invariants hold: no IPI is posted to an offline CPU and no
/// task is queued on one (the offline CPU checks both while it is down).
/// </summary>
public sealed class HotplugTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    public static TheoryData<string> RealSchemes() => [.. SchemeRegistry.Real.Select(d => d.Name)];

    [Theory]
    [MemberData(nameof(RealSchemes))]
    public void RealScheme_OnEveryArch_SurvivesHotplug_AndTheCountersShowIt(string scheme)
    {
        StatsSnapshot all = default;
        foreach (ArchModel arch in ArchModel.All)
        {
            TortureResult result = Run(new TortureCase(scheme, arch, 4, Short, 21) { Hotplug = new Hotplug(TimeSpan.FromMilliseconds(5), 21) });

            Assert.True(result.Success, result.Summary);
            Assert.Equal(result.MmsAllocated, result.MmsFreed);
            Assert.True(result.Totals.Offlines > 0, result.Summary);
            Assert.Contains($"faults=hotplug=5ms seed=21", result.Summary, StringComparison.Ordinal);
            Assert.Contains($", hotplug offlines {result.Totals.Offlines} onlines {result.Totals.Onlines} tasks migrated {result.Totals.TasksMigrated} lazy mms handed back {result.Totals.LazyHandedBack},", result.Summary, StringComparison.Ordinal);
            all += result.Totals;
        }

        // Summed over the arches: a slow, shared host may take a case's few takedowns while a CPU is idle.
        Assert.True(all.Onlines > 0, $"{all}");
        Assert.True(all.TasksMigrated > 0, $"{all}");
        Assert.True(all.LazyHandedBack > 0, $"{all}");
    }

    /// <summary>The variants whose scan or shootdown covers exactly the online CPUs.</summary>
    [Theory]
    [InlineData("hazard-online", "powerpc")]
    [InlineData("shootdown-all", "x86")]
    public void OnlineScanVariants_SurviveHotplug(string scheme, string arch)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        TortureResult result = Run(new TortureCase(scheme, model, 4, Short, 22) { Hotplug = new Hotplug(TimeSpan.FromMilliseconds(5), 22) });

        Assert.True(result.Success, result.Summary);
        Assert.True(result.Totals.Offlines > 0, result.Summary);
    }

    [Theory]
    [InlineData("x86")]
    [InlineData("arm64")]
    [InlineData("powerpc")]
    [InlineData("x86-pv")]
    public void Hotplug_CombinesWithEveryOtherFault(string arch)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        string scheme = SchemeRegistry.Real[Array.IndexOf([.. ArchModel.All], model) % SchemeRegistry.Real.Count].Name;
        var c = new TortureCase(scheme, model, 4, TimeSpan.FromMilliseconds(600), 23)
        {
            Hotplug = new Hotplug(TimeSpan.FromMilliseconds(5), 23),
            VcpuPreemption = new VcpuPreemption(0.01, TimeSpan.FromMicroseconds(20), 23),
            IpiDelay = new IpiDelay(TimeSpan.FromMicroseconds(50), 23),
            Stutter = TimeSpan.FromMilliseconds(150),
            MmputAsync = new MmputAsync(0.5, 23),
            Overcommit = 2,
        };
        TortureResult result = Run(c);

        Assert.True(result.Success, result.Summary);
        Assert.True(result.Totals.Offlines > 0, result.Summary);
        Assert.True(result.Totals.Preemptions > 0, result.Summary);
        Assert.True(result.Totals.Stutters > 0, result.Summary);
        Assert.True(result.Totals.MmputsAsync > 0, result.Summary);
        Assert.Contains("hotplug=5ms", result.Summary, StringComparison.Ordinal);
    }

    /// <summary>
    /// The dying CPU goes offline still lazy: every scheme that counts on the online mask (the hazard
    /// scan of online CPUs, shootdown and linus IPIs, hazptr's IPI to a matching slot) frees the mm under
    /// it; refcount's lazy reference keeps the mm until the CPU comes back and drops it.
    /// </summary>
    [Theory]
    [InlineData("hazard", "arm64", false)]
    [InlineData("shootdown", "x86", false)]
    [InlineData("linus", "arm64", false)]
    [InlineData("hazptr", "powerpc", false)]
    [InlineData("refcount", "arm64", true)]
    public void OfflineWhileLazy_IsCaught_WhereTheOnlineMaskMattered(string scheme, string arch, bool survives)
    {
        Assert.True(ArchModel.TryParse(arch, out ArchModel model));
        TortureResult result = Run(new TortureCase(scheme, model, 4, TimeSpan.FromSeconds(survives ? 0.5 : 10), 24)
        {
            Hotplug = new Hotplug(TimeSpan.FromMilliseconds(5), 24),
            Mutant = MutantId.HotplugOfflineWhileLazy,
        });

        Assert.Equal(survives, result.Success);
        if (!survives)
        {
            Assert.Equal(ViolationKind.UseAfterFree, result.Violation!.Kind);
        }
    }

    [Fact]
    public void OfflineWhileLazy_WithoutHotplug_IsTheCorrectCode()
    {
        TortureResult result = Run(new TortureCase("hazard", ArchModel.Arm64, 4, Short, 24) { Mutant = MutantId.HotplugOfflineWhileLazy });

        Assert.True(result.Success, result.Summary);
        Assert.Equal(0, result.Totals.Offlines);
    }

    [Fact]
    public void Busted_IsStillCaught_WithHotplug()
    {
        TortureResult result = Run(new TortureCase("busted", ArchModel.Arm64, 4, TimeSpan.FromSeconds(10), 25) { Hotplug = new Hotplug(TimeSpan.FromMilliseconds(5), 25) });

        Assert.False(result.Success, result.Summary);
        Assert.Equal(ViolationKind.UseAfterFree, result.Violation!.Kind);
    }

    [Fact]
    public void AnIpiToAnOfflineCpu_IsNotSent()
    {
        using var kernel = new Kernel<HardwareMemory>(3, 4, ArchModel.Arm64, ShootdownScheme.Descriptor);
        kernel.Online.Set(2, false);

        kernel.Ipi.Post(kernel.Cpus[0], 2, IpiFunction.ShootLazyTlb, MmPtr.InitMm);
        Assert.Empty(kernel.Cpus[0].IpiTargets);
        Assert.False(kernel.Ipi.HasRequestFor(2));
        Assert.Equal(0, kernel.Cpus[0].Stats.IpisSent);

        kernel.Ipi.Post(kernel.Cpus[0], 1, IpiFunction.ShootLazyTlb, MmPtr.InitMm);
        Assert.Equal([1], kernel.Cpus[0].IpiTargets);
        Assert.True(kernel.Ipi.HasRequestFor(1));
    }

    [Fact]
    public void AnOfflineCpusTasks_GoToTheNextOnlineCpu_AndTheLastOnlineCpuIsKept()
    {
        var online = new CpuOnlineMask(4);
        online.Set(1, false);
        online.Set(2, false);

        Assert.Equal(0, online.Fallback(0));
        Assert.Equal(3, online.Fallback(1));
        Assert.Equal(3, online.Fallback(2));
        Assert.Equal(0, online.NextOnlineAfter(3, excluding: -1));
        Assert.Equal(0, online.NextOnlineAfter(0, excluding: 3));
        Assert.Equal(2, online.Count);

        var hotplug = new CpuHotplug(new Hotplug(TimeSpan.FromMilliseconds(1)), online, 4);
        online.Set(3, false);
        hotplug.RequestDown(0);
        Assert.False(hotplug.StopPending);
    }

    [Fact]
    public void TheMonitorsDraws_ComeFromTheSeed()
    {
        Assert.Equal(Draws(seed: 1), Draws(seed: 1));
        Assert.NotEqual(Draws(seed: 1), Draws(seed: 2));
    }

    /// <summary>The CPUs the monitor asks to take down in 16 turns, each done at once.</summary>
    private static int[] Draws(long seed)
    {
        var online = new CpuOnlineMask(64);
        var hotplug = new CpuHotplug(new Hotplug(TimeSpan.FromMilliseconds(1), seed), online, 64);
        return [.. Enumerable.Range(1, 16).Select(turn =>
        {
            hotplug.Step(TimeSpan.FromSeconds(turn));
            int dying = hotplug.Dying;
            hotplug.Release(turn);
            return dying;
        })];
    }

    private static TortureResult Run(TortureCase c) => TortureRunner.Run(c, new HardwareCpuHost(), null, CancellationToken.None);
}
