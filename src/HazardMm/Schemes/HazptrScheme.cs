using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme E, Desnoyers's hazptr (Oct 2024 RFC; design.md#hazptr): one hazard slot per CPU holds the
/// mm the CPU is lazy on. At __mmdrop the freeing CPU scans every possible CPU's slot and IPIs only
/// those that match, shooting them out of the mm before the free: shoot-lazies with a remotely
/// readable filter instead of the cpumask.
/// </summary>
/// <remarks>Not sealed: a planted bug (design.md#mutants) overrides one of the named steps.</remarks>
public class HazptrScheme<TMem> : ILazyTlbScheme, ILazyTlbOracle
    where TMem : struct, IMemoryModel
{
    /// <summary>This CPU's slot in the lazy-mm hazptr domain.</summary>
    internal const int SlotWord = 0;

    private static readonly string[] WordNames = ["hazptr_slot"];

    public HazptrScheme(LazyTlbContext<TMem> context)
    {
        Context = context;
        Slot = new HazptrSlot<TMem>(context, SlotWord);
        Shootdown = new LazyShootdown<TMem>(context);
    }

    public string Name => "hazptr";

    public IReadOnlyList<string> PerCpuWordNames => WordNames;

    protected LazyTlbContext<TMem> Context { get; }

    protected HazptrSlot<TMem> Slot { get; }

    protected LazyShootdown<TMem> Shootdown { get; }

    /// <summary>
    /// mmgrab_lazy_tlb: smp_mb() (kept for membarrier, not for the hazard), then st(slot, mm). The caller
    /// guarantees existence (it holds a users reference), so the slot needs no re-validation and no
    /// store→load fence: the existence guarantee is chained to the hazard pointer (design.md#hazptr).
    /// </summary>
    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
        Context.SmpMb(AccessSite.HazptrGrabMb);
        if (Slot.Peek(cpu.Id) != 0)
        {
            // hazptr_try_protect fails on a busy slot: a CPU is lazy on at most one mm.
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, 0,
                $"became lazy while its hazptr slot still holds mm#{Slot.Peek(cpu.Id) - 1}");
        }

        Slot.Protect(cpu.Id, mm);
    }

    /// <summary>
    /// mmdrop_lazy_tlb: smp_mb() orders this CPU's last use of the mm (and, for membarrier, the switch)
    /// before the slot is cleared; a scanner that then sees the slot empty sends no IPI. The scan's
    /// acquire load of the slot pairs with it.
    /// </summary>
    public void MmDropLazyTlb(Cpu cpu, MmPtr mm)
    {
        Context.SmpMb(AccessSite.HazptrDropMb);
        ReleaseSlot(cpu);
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
        Context.SmpMb(AccessSite.HazptrScanMb);
        int nrCpus = Context.NrCpus;
        int remoteHits = 0;
        for (int target = Slot.NextProtecting(0, mm); target < nrCpus; target = Slot.NextProtecting(target + 1, mm))
        {
            cpu.Census.Hit(RaceBranch.HazptrScanHit);
            if (target != cpu.Id && ++remoteHits == 2)
            {
                cpu.Census.Hit(RaceBranch.HazptrScanHitMany);
            }

            ShootLazyTlb(cpu, target, mm);
            CheckLazyTlb(cpu, target, mm);
        }

        cpu.Stats.SlotsScanned += nrCpus;
        cpu.Stats.Scans++;
    }

    public void HandleLazyTlbIpi(Cpu cpu, IpiFunction function, MmPtr mm) => Shootdown.Handle(cpu, function, mm);

    /// <summary>design.md#hazptr-invariants: outside a switch, the slot is exactly the mm a kernel thread borrows, else empty.</summary>
    public void CheckCpuInvariants(Cpu cpu)
    {
        TaskStruct curr = cpu.Curr;
        long slot = Slot.Peek(cpu.Id);
        if (slot != curr.LazyMm.Value)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, new MmPtr(slot), 0,
                $"hazptr slot disagrees with {curr.Name}'s active_mm {curr.ActiveMm}");
        }
    }

    public void CheckQuiescent(Cpu cpu)
    {
        long slot = Slot.Observe(cpu.Id);
        if (slot != 0)
        {
            throw new InvariantViolation(ViolationKind.Leak, cpu.Id, new MmPtr(slot), 0, "hazptr slot still set after quiescence");
        }
    }

    /// <summary>The end of the lazy episode: this CPU's slot is emptied.</summary>
    protected virtual void ReleaseSlot(Cpu cpu) => Slot.Clear(cpu.Id);

    /// <summary>retire_cb's synchronous do_shoot_lazy_tlb IPI to a CPU whose slot matched.</summary>
    protected virtual void ShootLazyTlb(Cpu cpu, int target, MmPtr mm)
    {
        Context.SendIpi(cpu, target, IpiFunction.ShootLazyTlb, mm);
        Context.WaitIpis(cpu);
    }

    /// <summary>retire_cb's do_check_lazy_tlb IPI: the target must be out of the mm now.</summary>
    protected virtual void CheckLazyTlb(Cpu cpu, int target, MmPtr mm)
    {
        Context.SendIpi(cpu, target, IpiFunction.CheckLazyTlb, mm);
        Context.WaitIpis(cpu);
    }
}

/// <summary>
/// A CPU's slot in the lazy-mm hazptr domain (design.md#hazptr); each role owns its order, resolved
/// when the scheme is built (design.md#accessor-cache).
/// </summary>
public sealed class HazptrSlot<TMem>(LazyTlbContext<TMem> context, int word) : SchemeWord<TMem>(context, word)
    where TMem : struct, IMemoryModel
{
    private readonly MemoryOrder _publish = context.Orders.Resolve(AccessSite.HazptrPublish);
    private readonly MemoryOrder _clear = context.Orders.Resolve(AccessSite.HazptrClear);
    private readonly MemoryOrder _scan = context.Orders.Resolve(AccessSite.HazptrScan);

    /// <summary>st(slot, mm), after mmgrab_lazy_tlb's smp_mb().</summary>
    public void Protect(int cpu, MmPtr mm) => Seam<TMem>.Store(ref Word(cpu), mm.Value, _publish);

    /// <summary>st(slot, NULL), after mmdrop_lazy_tlb's smp_mb().</summary>
    public void Clear(int cpu) => Seam<TMem>.Store(ref Word(cpu), 0, _clear);

    /// <summary>
    /// hazptr_scan's ld_acq of each slot from <paramref name="from"/> on, one by one: the first CPU
    /// whose slot holds <paramref name="mm"/>, or the CPU count.
    /// </summary>
    public int NextProtecting(int from, MmPtr mm) => FirstHolding(from, mm.Value, _scan);
}

/// <summary>The hazptr scheme's registry entry.</summary>
public sealed class HazptrScheme : ISchemeFactory
{
    public static SchemeDescriptor Descriptor { get; } = new(
        "hazptr",
        "Desnoyers 2024: one hazard slot per CPU, scanned at __mmdrop; only matching CPUs are IPIed",
        SchemeKind.Real,
        new HazptrScheme())
    {
        LazyWord = "hazptr_slot",
        ExitCover = _ => LazyCover.Evicted,
    };

    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => new HazptrScheme<TMem>(context);
}
