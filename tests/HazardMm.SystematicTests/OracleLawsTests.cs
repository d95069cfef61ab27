using HazardMm.Mutants;
using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>
/// The oracle's laws that need a systematic model (design.md#inv-conservation, design.md#inv-per-cpu):
/// each fires, with its own message, on a catalogued mutant within a small budget.
/// </summary>
public sealed class OracleLawsTests
{
    private const uint Seed = 20261126;

    [Fact]
    public void DropMmTransitionLaw_D_I4_CatchesAParkWrittenAsAPlainStore()
    {
        // hazard-park-plain-store: the park's cmpxchg becomes a plain store, which can land on a
        // reference another scan parked since this one loaded drop_mm.
        string bug = FirstBug("stale-lazy-mm", "hazard", "tso", "hazard-park-plain-store", iterations: 100);
        Assert.StartsWith("leak:", bug, StringComparison.Ordinal);
        Assert.Contains("D-I4: CPU", bug, StringComparison.Ordinal);
        Assert.Contains("whose reference is lost", bug, StringComparison.Ordinal);
    }

    [Fact]
    public void PerCpuLaw_IsCheckedFromTheKworkerLoop()
    {
        // hazptr-publish-after-put also skips the publish of kthread_unuse_mm: the kworker is lazy on
        // the mm with an empty slot, and its own loop is the first to look.
        string bug = FirstBug("kthread-transfer", "hazptr", "sc", "hazptr-publish-after-put", iterations: 20);
        Assert.Contains("hazptr slot disagrees with kworker/", bug, StringComparison.Ordinal);
    }

    [Fact]
    public void SlabLaw_CatchesAFreeThatHandsTheRecordBackBeforeItsNewGeneration()
    {
        string bug = FirstBug("slab-reuse", "linus", "sc", "slab-free-before-generation-bump", iterations: 150);
        Assert.Contains("slab reused the record without a new generation", bug, StringComparison.Ordinal);
    }

    private static string FirstBug(string scenario, string scheme, string model, string mutant, int iterations)
    {
        Assert.True(ScenarioCatalog.TryFind(scenario, out Scenario s));
        Assert.True(MutantCatalog.TryFind(mutant, out Mutant m));
        SystematicResult result = SystematicRunner.Run(new SystematicCase(s, scheme, MemoryModels.Get(model), iterations, Seed) { Mutant = m.Id });
        Assert.True(result.FoundBug, $"{mutant} survived {result.IterationsRun} iterations of {scenario} under {model}");
        return result.Bug!;
    }
}
