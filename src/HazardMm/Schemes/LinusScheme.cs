using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme C, Linus (Jan 2022): "a lazy TLB mm reference requires that there's an actual active user
/// of that mm (ie mm_users &gt; 0)", and the last mm_users decrement forces a TLB flush that leaves no
/// lazy user behind (design.md#linus). No reference, slot or fence on the switch path. The flush is
/// forced even with no page tables left (the mmu_gather flag); where the architecture's flush runs no
/// code on the other CPUs (broadcast, hypercall) it adds the IPIs that unlazy them, the exiting CPU
/// included.
/// </summary>
public class LinusScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    public LinusScheme(LazyTlbContext<TMem> context)
    {
        Context = context;
        Shootdown = new LazyShootdown<TMem>(context);
    }

    public string Name => "linus";

    public virtual bool ForcesExitFlush => true;

    protected LazyTlbContext<TMem> Context { get; }

    protected LazyShootdown<TMem> Shootdown { get; }

    /// <summary>Whether exit_mmap's flush already unlazied every CPU of the mask: it ran, by IPI, on each.</summary>
    protected virtual bool ExitFlushUnlazied => Context.Arch.ExitFlushUnlazies;

    /// <summary>
    /// After exit_mmap's forced flush: on an IPI-flush architecture it already unlazied every CPU of
    /// the mask; otherwise IPI them (every CPU without a cpumask) and wait.
    /// </summary>
    public void MmPutLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (!ExitFlushUnlazied)
        {
            UnlazyLazyCpus(cpu, mm);
        }
    }

    public void HandleLazyTlbIpi(Cpu cpu, IpiFunction function, MmPtr mm) => Shootdown.Handle(cpu, function, mm);

    /// <summary>The extra IPIs: on_each_cpu_mask over the CPUs that may be lazy, this one included.</summary>
    protected virtual void UnlazyLazyCpus(Cpu cpu, MmPtr mm) => Shootdown.OnEachCpuMask(cpu, Shootdown.MayBeLazy, mm);
}

/// <summary>Linus's scheme's registry entry.</summary>
public sealed class LinusScheme : ISchemeFactory
{
    public static SchemeDescriptor Descriptor { get; } = new(
        "linus",
        "lazy use needs mm_users > 0; the forced exit flush unlazies every CPU, the exiting one included (extra IPIs where the flush runs no code)",
        SchemeKind.Real,
        new LinusScheme())
    {
        ExitCover = _ => LazyCover.Evicted,
    };

    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => new LinusScheme<TMem>(context);
}
