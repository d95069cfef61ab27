using HazardMm.Arch;
using HazardMm.Memory;
using HazardMm.Mutants;
using HazardMm.Schemes;

namespace HazardMm.Tests.Mutants;

/// <summary>
/// A mutant is switched on by name and changes exactly one thing in the kernel built with it
/// (design.md#mutants): one access site's order, or one component built with a step overridden.
/// </summary>
public sealed class KernelPatchTests
{
    public static TheoryData<string> Mutants => [.. MutantCatalog.All.Select(m => m.Name)];

    [Fact]
    public void TheProductionKernel_UsesEveryDefaultOrder()
    {
        using var kernel = Build(RefcountScheme.Descriptor, MutantId.None);
        Assert.All(Enum.GetValues<AccessSite>(), site => Assert.Equal(AccessOrders.Default(site), kernel.Orders[site]));
        Assert.Throws<InvalidOperationException>(() => kernel.Orders[AccessSite.HazardScan] = MemoryOrder.Relaxed);
    }

    [Fact]
    public void AnAccessor_ResolvesAnOrder_OnlyOnceTheOrdersAreFixed()
    {
        var orders = new AccessOrders();
        Assert.Throws<InvalidOperationException>(() => orders.Resolve(AccessSite.HazardScan));
        new OrderPatch(AccessSite.HazardScan, MemoryOrder.Relaxed).ConfigureOrders(orders);
        orders.Freeze();
        Assert.Equal(MemoryOrder.Relaxed, orders.Resolve(AccessSite.HazardScan));
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void AMutant_ChangesOneOrder_OrOneComponent_OfItsOwnScheme(string name)
    {
        Assert.True(MutantCatalog.TryFind(name, out Mutant mutant));
        SchemeDescriptor scheme = SchemeRegistry.Get(mutant.Scheme);
        using var production = Build(scheme, MutantId.None);
        using var planted = Build(scheme, mutant.Id);

        AccessSite[] changed = [.. Enum.GetValues<AccessSite>().Where(site => planted.Orders[site] != production.Orders[site])];
        Type[] componentsChanged = [.. Components(production).Zip(Components(planted)).Where(p => p.First != p.Second).Select(p => p.Second)];
        if (mutant.Patch is OrderPatch order)
        {
            Assert.Equal([order.Site], changed);
            Assert.Equal(order.Order, planted.Orders[order.Site]);
            Assert.Empty(componentsChanged);
        }
        else
        {
            Assert.Empty(changed);
            Assert.Single(componentsChanged);
        }
    }

    [Theory]
    [MemberData(nameof(Mutants))]
    public void ASchemeMutant_LeavesAnotherSchemeAsItIs(string name)
    {
        Assert.True(MutantCatalog.TryFind(name, out Mutant mutant));
        foreach (SchemeDescriptor other in SchemeRegistry.Real.Where(d => d.Name != mutant.Scheme))
        {
            using var production = Build(other, MutantId.None);
            using var planted = Build(other, mutant.Id);
            Assert.Equal(production.Scheme.GetType(), planted.Scheme.GetType());
        }
    }

    private static Kernel<HardwareMemory> Build(SchemeDescriptor scheme, MutantId mutant) =>
        new(2, 4, ArchModel.Arm64, scheme, new KernelOptions { Mutant = mutant });

    private static Type[] Components(Kernel<HardwareMemory> kernel) =>
        [kernel.Scheme.GetType(), kernel.Sched.GetType(), kernel.Ipi.GetType(), kernel.MmOps.GetType(), kernel.Tlb.GetType(), kernel.Tasks.GetType()];
}
