using HazardMm.Systematic;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.SystematicTests;

/// <summary>The memory-model registry: unique lower-case names, lookups, and the kill matrix's columns follow it.</summary>
public sealed class MemoryModelsTests
{
    [Fact]
    public void TheRegistry_HasScTsoAndWeak_InThatOrder_WithUniqueLowerCaseNames()
    {
        Assert.Equal(MemoryModels.All.Count, MemoryModels.Names.Distinct().Count());
        Assert.All(MemoryModels.Names, n => Assert.Equal(n.ToLowerInvariant(), n));
        Assert.Equal(["sc", "tso", "weak"], MemoryModels.Names.Take(3));
        Assert.Empty(MemoryModels.Get("sc").Allows);
        Assert.Equal([Reordering.StoreLoad], MemoryModels.Get("tso").Allows);
        Assert.Equal([Reordering.StoreLoad, Reordering.StoreStore, Reordering.LoadLoad], MemoryModels.Get("weak").Allows.Order());
    }

    [Fact]
    public void Lookups_IgnoreCase_AndRejectUnknownNames()
    {
        Assert.True(MemoryModels.TryFind("TSO", out MemoryModelDescriptor tso));
        Assert.Same(MemoryModels.Get("tso"), tso);
        Assert.False(MemoryModels.TryFind("arm", out _));
        Assert.Contains("known: sc, tso, weak", Assert.Throws<ArgumentException>(() => MemoryModels.Get("arm")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheKillMatrix_HasOneCoyoteColumnPerModel()
    {
        string header = KillMatrix.Format([]).Split('\n')[0];

        Assert.All(MemoryModels.All, m => Assert.Contains("coyote-" + m.Name, header, StringComparison.Ordinal));
    }

    [Fact]
    public void ACase_NamesItsModel()
    {
        var c = new SystematicCase(ScenarioCatalog.All[0], "hazard", MemoryModels.Get("tso"), 1, 1);

        Assert.EndsWith("/hazard/tso", c.Label, StringComparison.Ordinal);
    }
}
