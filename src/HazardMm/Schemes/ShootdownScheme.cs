using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme B, Piggin's shoot-lazies (6.2, MMU_LAZY_TLB_SHOOTDOWN): lazy users hold no reference at
/// all. Once mm_count reaches 0 no new lazy user can appear (mm_users is 0 too), so one synchronous
/// IPI round over the CPUs that may be lazy (the cpumask; every CPU on an architecture without one,
/// or always in the all-CPUs variant) evicts them before the free (spec §2).
/// </summary>
public sealed class ShootdownScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    private readonly LazyShootdown<TMem> _shootdown;
    private readonly ScanSet _targets;
    private readonly bool _allCpus;
    private readonly MutantId _mutant;

    /// <param name="allCpus">Shoot every online CPU, cpumask or not: the variant an arch without a
    /// cpumask needs. (DEBUG_VM_SHOOT_LAZIES, which IPIs every CPU only to check, is not modelled: the
    /// oracle checks every later use of the mm instead.)</param>
    public ShootdownScheme(Kernel<TMem> kernel, bool allCpus)
    {
        _shootdown = new LazyShootdown<TMem>(kernel);
        _allCpus = allCpus;
        _mutant = kernel.Mutant;
        _targets = allCpus ? ScanSet.Online
            : _mutant == MutantId.ShootdownCpumaskWithoutCpumask ? ScanSet.Cpumask
            : _shootdown.MayBeLazy;
    }

    public string Name => _allCpus ? "shootdown-all" : "shootdown";

    public bool ForcesExitFlush => false;

    public IReadOnlyList<string> PerCpuWordNames => [];

    /// <summary>Nothing touches shared memory on the way into lazy mode.</summary>
    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    public void LeaveLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// mmdrop_lazy_tlb without a refcount is smp_mb() only, kept for membarrier(): it orders the switch
    /// to the user mm before the return to user space, as mmdrop's RMW did.
    /// </summary>
    public void MmDropLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (_mutant != MutantId.ShootdownNoMembarrierMb)
        {
            TMem.FullFence();
        }
    }

    public void FinishTaskSwitch(Cpu cpu)
    {
    }

    public void MmPutHook(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// cleanup_lazy_tlbs: on_each_cpu_mask(targets, do_shoot_lazy_tlb, mm, wait=1). The arch contract is
    /// that the cpumask contains every CPU that may be lazy on the mm; it was set by switch_mm before
    /// the mm was loaded, which precedes the count reaching 0.
    /// </summary>
    public void CleanupLazyTlbs(Cpu cpu, MmPtr mm) =>
        _shootdown.ShootAll(cpu, _targets, mm, skipSelf: _mutant == MutantId.ShootNoLocalCall);

    public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) => _shootdown.Handle(cpu, function, mm);

    public void CheckCpuInvariants(Cpu cpu)
    {
    }

    public void CheckQuiescent(Cpu cpu)
    {
    }
}
