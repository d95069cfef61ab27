using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Sched;
using HazardMm.Schemes;

namespace HazardMm.Mutants;

/// <summary>
/// What a planted bug changes in the kernel being built (design.md#mutants): one access site's order
/// (<see cref="OrderPatch"/>), or one protocol step, by building one component as a subclass that
/// overrides that step. The base class builds the production kernel; the protocol code itself never
/// asks which mutant is on.
/// </summary>
public class KernelPatch
{
    /// <summary>The production kernel: nothing changed.</summary>
    public static KernelPatch None { get; } = new();

    /// <summary>Changes entries of the kernel's access-order table.</summary>
    public virtual void ConfigureOrders(AccessOrders orders)
    {
    }

    public virtual IpiMailbox<TMem> CreateIpiMailbox<TMem>(
        PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders)
        where TMem : struct, IMemoryModel => new(perCpu, cpus, control, handler, observer, orders);

    public virtual MmLifecycle<TMem> CreateMmLifecycle<TMem>(Kernel<TMem> kernel)
        where TMem : struct, IMemoryModel => new(kernel);

    public virtual TlbFlush<TMem> CreateTlbFlush<TMem>(Kernel<TMem> kernel)
        where TMem : struct, IMemoryModel => new(kernel);

    public virtual Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel)
        where TMem : struct, IMemoryModel => new(kernel);

    public virtual TaskLifecycle<TMem> CreateTaskLifecycle<TMem>(Kernel<TMem> kernel)
        where TMem : struct, IMemoryModel => new(kernel);

    /// <summary>The scheme <paramref name="scheme"/> names; a scheme mutant builds its patched subclass when the scheme is of its family.</summary>
    public virtual ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => scheme.Create(context);
}

/// <summary>A planted bug that gives one access site another order: one table entry.</summary>
public sealed class OrderPatch(AccessSite site, MemoryOrder order) : KernelPatch
{
    public AccessSite Site => site;

    public MemoryOrder Order => order;

    public override void ConfigureOrders(AccessOrders orders) => orders[site] = order;
}
