using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Schemes;

/// <summary>
/// What a scheme may touch: its per-CPU words (through its accessors), the mm lifecycle, IPIs, the
/// cpumask, the CPU count, the architecture's knobs and the access orders. Nothing else of the kernel.
/// </summary>
public sealed class LazyTlbContext<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;
    private readonly AccessOrders _orders;
    private readonly MmCounters<TMem> _counters;
    private readonly Cpumask<TMem> _cpumask;

    internal LazyTlbContext(Kernel<TMem> kernel)
    {
        _kernel = kernel;
        _orders = kernel.Orders;
        _counters = kernel.MmOps.Counters;
        _cpumask = kernel.Cpumask;
        NrCpus = kernel.NrCpus;
    }

    public int NrCpus { get; }

    /// <summary>The architecture's knobs (design.md#arch).</summary>
    public ArchModel Arch => _kernel.Arch;

    /// <summary>The order of each access site in this kernel (design.md#model).</summary>
    public AccessOrders Orders => _orders;

    /// <summary>smp_mb() at <paramref name="site"/>, as this kernel's orders have it.</summary>
    public void SmpMb(AccessSite site) => Seam<TMem>.Fence(_orders[site]);

    /// <summary>mmgrab (design.md#mm-lifecycle).</summary>
    public void MmGrab(MmPtr mm) => _kernel.MmOps.MmGrab(mm);

    /// <summary>mmdrop: the last reference runs __mmdrop (design.md#mm-lifecycle).</summary>
    public void MmDrop(Cpu cpu, MmPtr mm) => _kernel.MmOps.MmDrop(cpu, mm);

    /// <summary>atomic_read(&amp;mm-&gt;mm_users), relaxed.</summary>
    public long MmUsers(MmPtr mm) => _counters.Users(mm);

    /// <summary>atomic_add / atomic_sub of a batch of mm_count references.</summary>
    public void MmCountAdd(MmPtr mm, long delta) => _counters.AddCount(mm, delta);

    /// <summary>The oracle's generation of <paramref name="mm"/>, for a violation's report.</summary>
    public long Generation(MmPtr mm) => _kernel.Shadow.Generation(mm);

    /// <summary>cpu_online(cpu) (design.md#hotplug): outside the seam; it changes only inside a stop_machine.</summary>
    public bool CpuOnline(int cpu) => _kernel.Online.IsOnline(cpu);

    /// <summary>cpumask_test_cpu (design.md#arch).</summary>
    public bool CpumaskTest(MmPtr mm, int cpu) => _cpumask.Test(mm, cpu);

    /// <summary>for_each_cpu(cpu, mm_cpumask(mm)) from <paramref name="from"/> on: the next CPU in the mask, or <see cref="NrCpus"/>.</summary>
    public int CpumaskNext(MmPtr mm, int from) => _cpumask.NextSet(mm, from, NrCpus);

    /// <summary>Posts <paramref name="function"/>(<paramref name="mm"/>) to <paramref name="target"/> (design.md#ipi).</summary>
    public void SendIpi(Cpu self, int target, IpiFunction function, MmPtr mm) => _kernel.Ipi.Post(self, target, function, mm);

    /// <summary>Waits until every posted IPI has run (wait=1).</summary>
    public void WaitIpis(Cpu self) => _kernel.Ipi.Wait(self);

    /// <summary>unlazy_mm_irqs_off on this CPU (design.md#switch).</summary>
    public bool UnlazyMmIrqsOff(Cpu cpu) => _kernel.Sched.UnlazyMmIrqsOff(cpu);

    /// <summary>Word <paramref name="word"/> of every CPU's scheme-owned line, for an accessor to cache: for the scheme's accessors only.</summary>
    internal PerCpuWord PerCpuWordOfEach(int word) => _kernel.PerCpu.SchemeWordOfEach(word);
}
