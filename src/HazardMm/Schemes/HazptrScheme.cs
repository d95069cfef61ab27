using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Sched;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme E, Desnoyers's hazptr (Oct 2024 RFC; spec §5): one hazard slot per CPU holds the mm the
/// CPU is lazy on. At __mmdrop the freeing CPU scans every possible CPU's slot and IPIs only those
/// that match, shooting them out of the mm before the free: shoot-lazies with a remotely readable
/// filter instead of the cpumask.
/// </summary>
public sealed class HazptrScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    /// <summary>This CPU's slot in the lazy-mm hazptr domain.</summary>
    internal const int SlotWord = 0;

    private readonly Kernel<TMem> _kernel;
    private readonly LazyShootdown<TMem> _shootdown;
    private readonly MutantId _mutant;

    public HazptrScheme(Kernel<TMem> kernel)
    {
        _kernel = kernel;
        _shootdown = new LazyShootdown<TMem>(kernel);
        _mutant = kernel.Mutant;
    }

    public string Name => "hazptr";

    public bool ForcesExitFlush => false;

    public IReadOnlyList<string> PerCpuWordNames => ["hazptr_slot"];

    /// <summary>
    /// mmgrab_lazy_tlb: smp_mb() (kept for membarrier, not for the hazard), then st(slot, mm). The caller
    /// guarantees existence (it holds a users reference), so the slot needs no re-validation and no
    /// store→load fence: the existence guarantee is chained to the hazard pointer.
    /// </summary>
    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (_mutant != MutantId.HazptrGrabNoMb)
        {
            TMem.FullFence();
        }

        ref long slot = ref Slot(cpu.Id);
        if (TMem.LoadRelaxed(ref slot) != 0)
        {
            // hazptr_try_protect fails on a busy slot: a CPU is lazy on at most one mm.
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, 0,
                $"became lazy while its hazptr slot still holds mm#{TMem.LoadRelaxed(ref slot) - 1}");
        }

        TMem.StoreRelaxed(ref slot, mm.Value);
    }

    public void LeaveLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// mmdrop_lazy_tlb: smp_mb() orders this CPU's last use of the mm (and, for membarrier, the switch)
    /// before the slot is cleared; a scanner that then sees the slot empty sends no IPI.
    /// </summary>
    public void MmDropLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (_mutant != MutantId.HazptrDropNoMb)
        {
            TMem.FullFence();
        }

        if (_mutant != MutantId.HazptrShootKeepsSlot)
        {
            TMem.StoreRelaxed(ref Slot(cpu.Id), 0);
        }
    }

    public void FinishTaskSwitch(Cpu cpu)
    {
    }

    public void MmPutHook(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// cleanup_lazy_tlbs → hazptr_scan(domain, mm, retire_cb): smp_mb() ("Store A before Load B"), then
    /// a load-acquire of every possible CPU's slot; a match is shot down and checked by IPI.
    /// <para>Why no slot store can be missed: it was made while its CPU held a users reference, so it
    /// precedes that holder's fully ordered dec_and_test of mm_users, and so the fully ordered
    /// dec_and_test of mm_count that brought us here. The mb is therefore redundant after that RMW
    /// (it pairs with no fence on the publishing side: the mb in MmGrabLazyTlb is for membarrier);
    /// it is kept because hazptr_scan has it. The acquire orders a holder's last use of the mm, made
    /// before its mb + slot clear, before our free.</para>
    /// </summary>
    public void CleanupLazyTlbs(Cpu cpu, MmPtr mm)
    {
        if (_mutant != MutantId.HazptrScanNoMb)
        {
            TMem.FullFence();
        }

        for (int target = 0; target < _kernel.NrCpus; target++)
        {
            ref long slot = ref Slot(target);
            long seen = _mutant == MutantId.HazptrScanRelaxed ? TMem.LoadRelaxed(ref slot) : TMem.LoadAcquire(ref slot);
            if (seen != mm.Value)
            {
                continue;
            }

            if (_mutant != MutantId.HazptrNoShoot)
            {
                _kernel.Ipi.Post(cpu, target, IpiFunction.ShootLazyTlb, mm);
                _kernel.Ipi.Wait(cpu);
            }

            if (_mutant != MutantId.HazptrNoCheck)
            {
                _kernel.Ipi.Post(cpu, target, IpiFunction.CheckLazyTlb, mm);
                _kernel.Ipi.Wait(cpu);
            }
        }

        cpu.Stats.Scans++;
    }

    public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) => _shootdown.Handle(cpu, function, mm);

    /// <summary>Spec §8.5 for E: outside a switch, the slot is exactly the mm a kernel thread borrows, else empty.</summary>
    public void CheckCpuInvariants(Cpu cpu)
    {
        TaskStruct curr = cpu.Curr;
        long slot = TMem.LoadRelaxed(ref Slot(cpu.Id));
        if (slot != curr.LazyMm.Value)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, new MmPtr(slot), 0,
                $"hazptr slot disagrees with {curr.Name}'s active_mm {curr.ActiveMm}");
        }
    }

    public void CheckQuiescent(Cpu cpu)
    {
        long slot = TMem.LoadAcquire(ref Slot(cpu.Id));
        if (slot != 0)
        {
            throw new InvariantViolation(ViolationKind.Leak, cpu.Id, new MmPtr(slot), 0, "hazptr slot still set after quiescence");
        }
    }

    private ref long Slot(int cpu) => ref _kernel.PerCpu.SchemeWord(cpu, SlotWord);
}
