using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Sched;

namespace HazardMm.Schemes;

/// <summary>
/// Scheme D, Lutomirski's hazard pointers (Jan 2022, patches 16 and 22; spec §4). Each rq publishes
/// the mm it is lazy on in <c>rq-&gt;lazy_mm</c> (a hazard pointer, not a reference) and may own one
/// parked mm_count reference in <c>rq-&gt;drop_mm</c>. When mm_users reaches 0, __mmput converts every
/// live hazard on the mm into a real reference parked on that rq, which the rq drops after it is done
/// (mmdrop_lazy, after every switch). The retirer never waits and sends no IPI.
/// </summary>
/// <remarks>
/// Protocol summary (spec §4.4):
/// <list type="bullet">
/// <item>Publish (user→kernel, exit_mm) is a plain store with no fence: the publisher still holds a
/// users reference, and __mmput runs only after the full-barrier dec_and_test that drops the last
/// one, on the thread that then scans; the scan cannot miss the store.</item>
/// <item>Unpublish is a store-release after switch_mm: the CPU's last use of the lazy mm happens
/// before a scanner's load-acquire sees NULL and may free.</item>
/// <item>users == 0 means nobody can newly publish the mm: one pass suffices.</item>
/// <item>try_drop_rq_ref re-loads lazy_mm after seeing drop_mm; a lazy_mm loaded earlier could be
/// from before the rq became lazy on the mm now parked there.</item>
/// </list>
/// </remarks>
public sealed class HazardScheme<TMem> : ILazyTlbScheme
    where TMem : struct, IMemoryModel
{
    /// <summary><c>rq-&gt;lazy_mm</c>: the hazard pointer.</summary>
    internal const int LazyMmWord = 0;

    /// <summary><c>rq-&gt;drop_mm</c>: an mm this rq owns one mm_count reference to.</summary>
    internal const int DropMmWord = 1;

    private readonly Kernel<TMem> _kernel;
    private readonly LazyShootdown<TMem> _scanSet;
    private readonly ScanSet _lazyMmCpus;
    private readonly ScanSet _scanned;
    private readonly MutantId _mutant;

    /// <param name="lazyMmCpus">for_each_possible_lazymm_cpu: online CPUs (patch 16's default), the
    /// cpumask (patch 22, valid where the architecture never clears a lazy CPU's bit), or none (valid
    /// only where the exit flush leaves no lazy CPU).</param>
    public HazardScheme(Kernel<TMem> kernel, ScanSet lazyMmCpus)
    {
        _kernel = kernel;
        _scanSet = new LazyShootdown<TMem>(kernel);
        _lazyMmCpus = lazyMmCpus;
        _mutant = kernel.Mutant;
        _scanned = _mutant switch
        {
            MutantId.HazardCpumaskWithoutCpumask => ScanSet.Cpumask,
            MutantId.HazardNoScan => ScanSet.None,
            _ => lazyMmCpus,
        };
    }

    public string Name => _lazyMmCpus switch
    {
        ScanSet.Cpumask => "hazard-cpumask",
        ScanSet.None => "hazard-none",
        _ => "hazard-online",
    };

    /// <summary>With no scan at all, the exit flush is the only thing that unlazies CPUs: it must run.</summary>
    public bool ForcesExitFlush => _lazyMmCpus == ScanSet.None;

    public IReadOnlyList<string> PerCpuWordNames => ["lazy_mm", "drop_mm"];

    /// <summary>
    /// st(rq->lazy_mm, mm), WRITE_ONCE with no barrier: "we still hold an explicit (mm_users) reference.
    /// __mmput() can't be called until we call mmput() to drop our reference, and __mmput() is a release
    /// barrier."
    /// </summary>
    public void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
    {
        ref long lazyMm = ref LazyMm(cpu.Id);
        if (TMem.LoadRelaxed(ref lazyMm) != 0)
        {
            // SCHED_WARN_ON(rq->lazy_mm): at most one lazy mm per CPU (spec D-I1).
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, 0,
                $"became lazy while rq->lazy_mm is still mm#{TMem.LoadRelaxed(ref lazyMm) - 1}");
        }

        TMem.StoreRelaxed(ref lazyMm, mm.Value);
    }

    /// <summary>
    /// st_rel(rq->lazy_mm, NULL) after switch_mm: every use of the old mm by this CPU happens before a
    /// scanner that sees NULL concludes the CPU is done. Pairs with the LoadAcquire of lazy_mm in
    /// <see cref="MmUnlazyMmCount"/> and <see cref="TryDropRqRef"/>.
    /// </summary>
    public void LeaveLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (_mutant == MutantId.HazardUnpublishRelaxed)
        {
            TMem.StoreRelaxed(ref LazyMm(cpu.Id), 0);
        }
        else
        {
            TMem.StoreRelease(ref LazyMm(cpu.Id), 0);
        }
    }

    public void MmDropLazyTlb(Cpu cpu, MmPtr mm)
    {
    }

    /// <summary>
    /// mmdrop_lazy(rq), after every switch: drop the parked reference unless this CPU is still lazy on
    /// that very mm. The cmpxchg races with a scanner stealing the slot (<see cref="TryDropRqRef"/>);
    /// exactly one side wins the reference.
    /// </summary>
    public void FinishTaskSwitch(Cpu cpu)
    {
        ref long dropMm = ref DropMm(cpu.Id);
        long old = TMem.LoadRelaxed(ref dropMm);
        while (true)
        {
            if (old == 0 || (old == TMem.LoadRelaxed(ref LazyMm(cpu.Id)) && _mutant != MutantId.HazardMockupConsumer))
            {
                return;
            }

            if (_mutant == MutantId.HazardOwnerPlainClear)
            {
                TMem.StoreRelaxed(ref dropMm, 0);
                break;
            }

            // try_cmpxchg_relaxed (this model's CAS is fully ordered, which is stronger): the owner
            // takes the parked reference; on failure `old` is what the scanner installed instead.
            long seen = TMem.CompareExchange(ref dropMm, 0, old);
            if (seen == old)
            {
                break;
            }

            old = seen;
        }

        _kernel.MmOps.MmDrop(cpu, new MmPtr(old));
    }

    /// <summary>__mmput, after exit_mmap: mm_unlazy_mm_count.</summary>
    public void MmPutHook(Cpu cpu, MmPtr mm) => MmUnlazyMmCount(cpu, mm);

    /// <summary>Every lazy CPU holds a parked reference by now: nothing to do at the free.</summary>
    public void CleanupLazyTlbs(Cpu cpu, MmPtr mm)
    {
    }

    public void HandleIpi(Cpu cpu, IpiFunction function, MmPtr mm) =>
        throw new InvalidOperationException($"{Name} sends no {function} IPIs");

    /// <summary>D-I1: outside a switch, lazy_mm is exactly the mm a kernel thread borrows, else NULL.</summary>
    public void CheckCpuInvariants(Cpu cpu)
    {
        TaskStruct curr = cpu.Curr;
        long lazyMm = TMem.LoadRelaxed(ref LazyMm(cpu.Id));
        if (lazyMm != curr.LazyMm.Value)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, new MmPtr(lazyMm), 0,
                $"rq->lazy_mm disagrees with {curr.Name}'s active_mm {curr.ActiveMm}");
        }
    }

    public void CheckQuiescent(Cpu cpu)
    {
        long lazyMm = TMem.LoadAcquire(ref LazyMm(cpu.Id));
        long dropMm = TMem.LoadAcquire(ref DropMm(cpu.Id));
        if (lazyMm != 0 || dropMm != 0)
        {
            throw new InvariantViolation(ViolationKind.Leak, cpu.Id, new MmPtr(lazyMm | dropMm), 0,
                $"rq->lazy_mm = {new MmPtr(lazyMm)}, rq->drop_mm = {new MmPtr(dropMm)} after quiescence");
        }
    }

    /// <summary>
    /// mm_unlazy_mm_count: convert every lazy_mm hazard on the mm into a real mm_count reference,
    /// taking references in one batch (at most two atomics on the mm in all).
    /// </summary>
    private void MmUnlazyMmCount(Cpu self, MmPtr mm)
    {
        // users == 0 is what makes one pass enough: nobody can newly publish mm (spec §4.4).
        long users = TMem.LoadRelaxed(ref _kernel.Mms.Users(mm));
        if (users != 0)
        {
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, mm, _kernel.Shadow.Generation(mm),
                $"mm_unlazy_mm_count with mm_users = {users}");
        }

        ref long count = ref _kernel.Mms.Count(mm);
        long batch = 0;
        for (int cpu = 0; cpu < _kernel.NrCpus; cpu++)
        {
            if (!_scanSet.InScanSet(_scanned, mm, cpu))
            {
                continue;
            }

            // Acquire: a NULL or another mm seen here means that CPU's uses of mm are over (its
            // unpublish was a store-release). No fence is needed before this load: the full-barrier
            // dec_and_test of mm_users that brought us here ordered every publish of mm before it.
            ref long lazyMm = ref LazyMm(cpu);
            long seen = _mutant == MutantId.HazardScanRelaxed ? TMem.LoadRelaxed(ref lazyMm) : TMem.LoadAcquire(ref lazyMm);
            if (seen != mm.Value)
            {
                continue;
            }

            if (batch == 0)
            {
                batch = _kernel.NrCpus;
                TMem.Add(ref count, batch);
            }

            batch--;
            while (!TryDropRqRef(self, cpu, mm))
            {
            }
        }

        batch += _mutant switch
        {
            MutantId.HazardBatchReturnsOneMore when batch != 0 => 1,
            MutantId.HazardBatchReturnsOneLess when batch != 0 => -1,
            _ => 0,
        };
        if (batch != 0)
        {
            // atomic_sub of the references not handed out; the users' reference keeps count >= 1.
            TMem.Add(ref count, -batch);
        }

        self.Stats.Scans++;
    }

    /// <summary>
    /// Give the in-hand reference to <paramref name="cpu"/>'s rq, or drop it. False when the cmpxchg
    /// lost a race with the rq's own mmdrop_lazy; the caller retries.
    /// </summary>
    private bool TryDropRqRef(Cpu self, int cpu, MmPtr mm)
    {
        ref long dropMm = ref DropMm(cpu);
        if (_mutant == MutantId.HazardMockupScan)
        {
            // The 2020 mockup: park by xchg and drop whatever was displaced, trusting the lazy_mm
            // value read once by the scan loop.
            long displaced = TMem.Exchange(ref dropMm, mm.Value);
            if (displaced != 0)
            {
                _kernel.MmOps.MmDrop(self, new MmPtr(displaced));
            }

            return true;
        }

        // Acquire: keeps the lazy_mm re-load below after this load (the heart of the 2022 fix), and
        // pairs with the fully ordered cmpxchg of the scanner that installed od. Only this function
        // installs mm, so od != mm.
        long od = TMem.LoadAcquire(ref dropMm);
        if (od == 0)
        {
            if (_mutant == MutantId.HazardParkPlainStore)
            {
                TMem.StoreRelaxed(ref dropMm, mm.Value);
                return true;
            }

            // Park our reference on the rq; it drops it after it is done with mm.
            return TMem.CompareExchange(ref dropMm, mm.Value, 0) == 0;
        }

        // Re-load lazy_mm AFTER drop_mm (spec §4.4): only a value read now proves the rq stopped using mm.
        if (_mutant != MutantId.HazardStaleLazyMm && TMem.LoadAcquire(ref LazyMm(cpu)) != mm.Value)
        {
            _kernel.MmOps.MmDrop(self, mm);
            return true;
        }

        // lazy_mm == mm != od: the rq is done with od. Steal od's slot and drop od on its behalf.
        if (TMem.CompareExchange(ref dropMm, mm.Value, od) != od)
        {
            if (_mutant == MutantId.HazardStealDropOnFail)
            {
                _kernel.MmOps.MmDrop(self, new MmPtr(od));
            }

            return false;
        }

        _kernel.MmOps.MmDrop(self, new MmPtr(od));
        return true;
    }

    private ref long LazyMm(int cpu) => ref _kernel.PerCpu.SchemeWord(cpu, LazyMmWord);

    private ref long DropMm(int cpu) => ref _kernel.PerCpu.SchemeWord(cpu, DropMmWord);
}
