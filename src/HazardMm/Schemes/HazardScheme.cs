using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme D, Lutomirski's hazard pointers (Jan 2022, patches 16 and 22; design.md#hazard). Each rq
/// publishes the mm it is lazy on in <c>rq-&gt;lazy_mm</c> (a hazard pointer, not a reference) and
/// may own one parked mm_count reference in <c>rq-&gt;drop_mm</c>. When mm_users reaches 0, __mmput
/// converts every live hazard on the mm into a real reference parked on that rq, which the rq drops
/// after it is done (mmdrop_lazy, after every switch). The retirer never waits and sends no IPI.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Publish (user→kernel, exit_mm) is a plain store with no fence: the publisher still holds a
/// users reference, and __mmput runs only after the full-barrier dec_and_test that drops the last
/// one, on the thread that then scans; the scan cannot miss the store (design.md#hazard-publish).</item>
/// <item>Unpublish is a store-release after switch_mm: the CPU's last use of the lazy mm happens
/// before a scanner's load-acquire sees NULL and may free (design.md#hazard-unpublish).</item>
/// <item>users == 0 means nobody can newly publish the mm: one pass suffices (design.md#hazard-scan).</item>
/// <item>try_drop_rq_ref re-loads lazy_mm after seeing drop_mm; a lazy_mm loaded earlier could be
/// from before the rq became lazy on the mm now parked there (design.md#hazard-steal).</item>
/// </list>
/// Not sealed: a planted bug (design.md#mutants) overrides one of the named steps.
/// </remarks>
public class HazardScheme<TMem> : ILazyTlbScheme, ILazyTlbOracle
    where TMem : struct, IMemoryModel
{
    /// <summary><c>rq-&gt;lazy_mm</c>: the hazard pointer.</summary>
    internal const int LazyMmWord = 0;

    /// <summary><c>rq-&gt;drop_mm</c>: an mm this rq owns one mm_count reference to.</summary>
    internal const int DropMmWord = 1;

    private static readonly string[] WordNames = ["lazy_mm", "drop_mm"];

    private readonly ScanSet _lazyMmCpus;

    /// <param name="lazyMmCpus">for_each_possible_lazymm_cpu: online CPUs (patch 16's default), the
    /// cpumask (patch 22, valid where the architecture never clears a lazy CPU's bit), or none (valid
    /// only where the exit flush leaves no lazy CPU).</param>
    public HazardScheme(LazyTlbContext<TMem> context, ScanSet lazyMmCpus)
    {
        Context = context;
        LazyMm = new LazyMmSlot<TMem>(context, LazyMmWord);
        DropMm = new DropMmSlot<TMem>(context, DropMmWord);
        _lazyMmCpus = lazyMmCpus;
        Ledger = DropMmLedger.For<TMem>(context.NrCpus);
    }

    public string Name => _lazyMmCpus switch
    {
        ScanSet.Cpumask => "hazard-cpumask",
        ScanSet.None => "hazard-none",
        _ => "hazard-online",
    };

    /// <summary>With no scan at all, the exit flush is the only thing that unlazies CPUs: it must run.</summary>
    public bool ForcesExitFlush => _lazyMmCpus == ScanSet.None;

    public IReadOnlyList<string> PerCpuWordNames => WordNames;

    protected LazyTlbContext<TMem> Context { get; }

    protected LazyMmSlot<TMem> LazyMm { get; }

    protected DropMmSlot<TMem> DropMm { get; }

    /// <summary>The oracle's copy of every rq's drop_mm (D-I4, design.md#inv-conservation); null on real threads.</summary>
    protected DropMmLedger? Ledger { get; }

    /// <summary>
    /// st(rq->lazy_mm, mm), WRITE_ONCE with no barrier: "we still hold an explicit (mm_users) reference.
    /// __mmput() can't be called until we call mmput() to drop our reference, and __mmput() is a release
    /// barrier." (design.md#hazard-publish)
    /// </summary>
    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (LazyMm.Peek(cpu.Id) != 0)
        {
            // SCHED_WARN_ON(rq->lazy_mm): at most one lazy mm per CPU (design.md#hazard-invariants).
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, 0,
                $"became lazy while rq->lazy_mm is still mm#{LazyMm.Peek(cpu.Id) - 1}");
        }

        LazyMm.Publish(cpu.Id, mm);
    }

    /// <summary>
    /// st_rel(rq->lazy_mm, NULL) after switch_mm: every use of the old mm by this CPU happens before a
    /// scanner that sees NULL concludes the CPU is done. Pairs with the acquire loads of lazy_mm in
    /// <see cref="MmUnlazyMmCount"/> and <see cref="TryDropRqRef"/> (design.md#hazard-unpublish).
    /// </summary>
    public void LeaveLazyTlb(Cpu cpu, MmPtr mm) => LazyMm.Unpublish(cpu.Id);

    /// <summary>
    /// mmdrop_lazy(rq), after every switch: drop the parked reference unless this CPU is still lazy on
    /// that very mm. The cmpxchg races with a scanner stealing the slot (<see cref="TryDropRqRef"/>);
    /// exactly one side wins the reference (design.md#hazard-owner).
    /// </summary>
    public void FinishSwitchLazyTlb(Cpu cpu)
    {
        long old = DropMm.Peek(cpu.Id);
        while (true)
        {
            if (old == 0)
            {
                return;
            }

            if (KeepsParkedRef(cpu, old))
            {
                cpu.Census.Hit(RaceBranch.HazardOwnerKeeps);
                return;
            }

            // try_cmpxchg_relaxed (this model's cmpxchg is fully ordered, which is stronger): the owner
            // takes the parked reference; on failure `old` is what a scanner installed instead.
            long seen = DropMm.TryTake(cpu.Id, old);
            if (seen == old)
            {
                Ledger?.Take(cpu.Id, cpu.Id, old);
                cpu.Census.Hit(RaceBranch.HazardOwnerTakeWon);
                break;
            }

            cpu.Census.Hit(RaceBranch.HazardOwnerTakeLost);
            old = seen;
        }

        Context.MmDrop(cpu, new MmPtr(old));
    }

    /// <summary>__mmput, after exit_mmap: mm_unlazy_mm_count.</summary>
    public void MmPutLazyTlb(Cpu cpu, MmPtr mm) => MmUnlazyMmCount(cpu, mm);

    /// <summary>design.md#hazard-invariants: outside a switch, lazy_mm is exactly the mm a kernel thread borrows, else NULL.</summary>
    public void CheckCpuInvariants(Cpu cpu)
    {
        TaskStruct curr = cpu.Curr;
        long lazyMm = LazyMm.Peek(cpu.Id);
        if (lazyMm != curr.LazyMm.Value)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, new MmPtr(lazyMm), 0,
                $"rq->lazy_mm disagrees with {curr.Name}'s active_mm {curr.ActiveMm}");
        }
    }

    /// <summary>D-I2 (design.md#hazard-invariants): the references parked on rqs; hazards hold none.</summary>
    public long LazyReferences(MmPtr mm, IReadOnlyList<Cpu> cpus)
    {
        long parked = 0;
        for (int cpu = 0; cpu < cpus.Count; cpu++)
        {
            parked += DropMm.ReadQuiescent(cpu) == mm.Value ? 1 : 0;
        }

        return parked;
    }

    public void CheckQuiescent(Cpu cpu)
    {
        long lazyMm = LazyMm.Observe(cpu.Id);
        long dropMm = DropMm.Observe(cpu.Id);
        if (lazyMm != 0 || dropMm != 0)
        {
            throw new InvariantViolation(ViolationKind.Leak, cpu.Id, new MmPtr(lazyMm | dropMm), 0,
                $"rq->lazy_mm = {new MmPtr(lazyMm)}, rq->drop_mm = {new MmPtr(dropMm)} after quiescence");
        }
    }

    /// <summary>mmdrop_lazy's check: this rq is still lazy on the parked mm, so it keeps the reference.</summary>
    protected virtual bool KeepsParkedRef(Cpu cpu, long parked) => LazyMm.Peek(cpu.Id) == parked;

    /// <summary>
    /// for_each_possible_lazymm_cpu: the CPUs <see cref="MmUnlazyMmCount"/> visits, read once per scan
    /// (design.md#hazard-scan-sets).
    /// </summary>
    protected virtual ScanSet LazyMmCpus => _lazyMmCpus;

    /// <summary>The atomic_sub at the end of the scan: the batch's references not handed out.</summary>
    protected virtual long UnusedReferences(long batch) => batch;

    /// <summary>
    /// Give the in-hand reference to <paramref name="cpu"/>'s rq, or drop it. False when the cmpxchg
    /// lost a race with the rq's own mmdrop_lazy; the caller retries (design.md#hazard-steal).
    /// </summary>
    protected virtual bool TryDropRqRef(Cpu self, int cpu, MmPtr mm)
    {
        // Acquire: keeps the lazy_mm re-load below after this load (the heart of the 2022 fix), and
        // pairs with the fully ordered cmpxchg of the scanner that installed od.
        long od = DropMm.Load(cpu);
        if (od == 0)
        {
            // Park our reference on the rq; it drops it after it is done with mm.
            bool parked = DropMm.TryPark(cpu, mm);
            self.Census.Hit(parked ? RaceBranch.HazardParkWon : RaceBranch.HazardParkRaced);
            if (!parked)
            {
                return false;
            }

            Ledger?.Park(self.Id, cpu, mm);
            return true;
        }

        if (od == mm.Value)
        {
            // WARN_ON_ONCE(od == mm): only a scan of mm parks mm, and mm is scanned once, after its
            // users reached 0 (design.md#hazard-invariants). Seeing it here means a second scan, or a
            // reference parked twice.
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, mm, Context.Generation(mm),
                $"try_drop_rq_ref: rq {cpu}'s drop_mm already holds this mm (WARN_ON_ONCE(od == mm))");
        }

        if (!RqStillLazyOn(cpu, mm))
        {
            self.Census.Hit(RaceBranch.HazardRecheckLeft);
            Context.MmDrop(self, mm);
            return true;
        }

        // lazy_mm == mm != od: the rq is done with od. Steal od's slot and drop od on its behalf.
        if (!TryStealRqRef(self, cpu, new MmPtr(od), mm))
        {
            self.Census.Hit(RaceBranch.HazardStealLost);
            return false;
        }

        self.Census.Hit(RaceBranch.HazardStealWon);
        Context.MmDrop(self, new MmPtr(od));
        return true;
    }

    /// <summary>
    /// The re-load of lazy_mm AFTER drop_mm (design.md#hazard-steal): only a value read now proves the
    /// rq stopped using mm; acquire, pairing with the unpublish's release.
    /// </summary>
    protected virtual bool RqStillLazyOn(int cpu, MmPtr mm) => LazyMm.Recheck(cpu) == mm.Value;

    /// <summary>The steal's cmpxchg of drop_mm from <paramref name="od"/> to <paramref name="mm"/>.</summary>
    protected virtual bool TryStealRqRef(Cpu self, int cpu, MmPtr od, MmPtr mm)
    {
        if (!DropMm.TrySteal(cpu, od, mm))
        {
            return false;
        }

        Ledger?.Steal(self.Id, cpu, od, mm);
        return true;
    }

    /// <summary>
    /// mm_unlazy_mm_count: convert every lazy_mm hazard on the mm into a real mm_count reference,
    /// taking references in one batch (at most two atomics on the mm in all; design.md#hazard-scan).
    /// </summary>
    private void MmUnlazyMmCount(Cpu self, MmPtr mm)
    {
        // users == 0 is what makes one pass enough: nobody can newly publish mm.
        long users = Context.MmUsers(mm);
        if (users != 0)
        {
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, mm, Context.Generation(mm),
                $"mm_unlazy_mm_count with mm_users = {users}");
        }

        // Acquire loads of each rq->lazy_mm: a NULL or another mm seen means that CPU's uses of mm are
        // over (its unpublish was a store-release). No fence is needed before them: the full-barrier
        // dec_and_test of mm_users that brought us here ordered every publish of mm before it.
        int nrCpus = Context.NrCpus;
        long batch = 0;
        long scanned = 0;
        switch (LazyMmCpus)
        {
            case ScanSet.Online:
                // Every CPU's slot, in CPU order; the walk stops at each CPU lazy on mm. for_each_online_cpu:
                // an offline CPU's slot is read but not converted (it left lazy mode before going
                // offline, design.md#hotplug); the same loads as before, so stored traces replay.
                for (int cpu = LazyMm.NextLazyOn(0, mm); cpu < nrCpus; cpu = LazyMm.NextLazyOn(cpu + 1, mm))
                {
                    if (Context.CpuOnline(cpu))
                    {
                        ConvertHazard(self, cpu, mm, ref batch);
                    }
                }

                scanned = nrCpus;
                break;
            case ScanSet.Cpumask:
                // Only the CPUs whose cpumask bit is set (find_next_bit, design.md#hazard-scan-sets), then the slot's acquire load.
                for (int cpu = Context.CpumaskNext(mm, 0); cpu < nrCpus; cpu = Context.CpumaskNext(mm, cpu + 1))
                {
                    scanned++;
                    if (LazyMm.Scan(cpu) == mm.Value)
                    {
                        ConvertHazard(self, cpu, mm, ref batch);
                    }
                }

                break;
        }

        self.Stats.SlotsScanned += scanned;
        batch = UnusedReferences(batch);
        if (batch != 0)
        {
            // atomic_sub of the references not handed out; the users' reference keeps count >= 1.
            Context.MmCountAdd(mm, -batch);
        }

        self.Stats.Scans++;
    }

    /// <summary>
    /// <paramref name="cpu"/> is lazy on the dying mm: take the scan's batch of references on the first
    /// such CPU (one atomic add for all), and hand one to that CPU's rq.
    /// </summary>
    private void ConvertHazard(Cpu self, int cpu, MmPtr mm, ref long batch)
    {
        self.Census.Hit(RaceBranch.HazardScanHit);
        if (batch == 0)
        {
            batch = Context.NrCpus;
            Context.MmCountAdd(mm, batch);
        }

        batch--;
        while (!TryDropRqRef(self, cpu, mm))
        {
        }
    }
}

/// <summary>The hazard scheme's registry entries: the arch's own scan set, and each forced one.</summary>
public sealed class HazardScheme(ScanSet? lazyMmCpus) : ISchemeFactory
{
    public static SchemeDescriptor Descriptor { get; } = Entry(
        "hazard", "Lutomirski 2022: rq->lazy_mm hazard + rq->drop_mm parked reference; __mmput converts hazards. Scan set per arch (cpumask on x86, online CPUs elsewhere)",
        SchemeKind.Real, null);

    public static SchemeDescriptor OnlineDescriptor { get; } = Entry("hazard-online", "hazard scanning every online CPU", SchemeKind.Variant, ScanSet.Online);

    public static SchemeDescriptor CpumaskDescriptor { get; } = Entry("hazard-cpumask", "hazard scanning the cpumask, as it is", SchemeKind.Variant, ScanSet.Cpumask);

    public static SchemeDescriptor NoScanDescriptor { get; } = Entry("hazard-none", "hazard with no scan: relies on the forced exit flush", SchemeKind.Variant, ScanSet.None);

    /// <summary>for_each_possible_lazymm_cpu on <paramref name="arch"/>: the forced set, else the arch's default.</summary>
    public ScanSet LazyMmCpus(ArchModel arch) => lazyMmCpus ?? DefaultLazyMmCpus(arch);

    /// <summary>
    /// The default for_each_possible_lazymm_cpu: the cpumask where the architecture keeps it exact and
    /// never clears a lazy CPU's bit (x86, patch 22); online CPUs elsewhere (patch 16's default).
    /// </summary>
    public static ScanSet DefaultLazyMmCpus(ArchModel arch) =>
        arch.Cpumask == CpumaskPolicy.Exact ? ScanSet.Cpumask : ScanSet.Online;

    public ILazyTlbScheme Create<TMem>(LazyTlbContext<TMem> context)
        where TMem : struct, IMemoryModel => new HazardScheme<TMem>(context, LazyMmCpus(context.Arch));

    private static SchemeDescriptor Entry(string name, string summary, SchemeKind kind, ScanSet? lazyMmCpus)
    {
        var factory = new HazardScheme(lazyMmCpus);
        return new SchemeDescriptor(name, summary, kind, factory)
        {
            LazyWord = "lazy_mm",

            // A parked reference keeps the mm for a lazy CPU the scan visits; one it misses has nothing.
            ExitCover = arch => factory.LazyMmCpus(arch) switch
            {
                ScanSet.Online => LazyCover.Reference,
                ScanSet.Cpumask when arch.HasCpumask => LazyCover.Reference,
                _ => LazyCover.None,
            },
        };
    }
}
