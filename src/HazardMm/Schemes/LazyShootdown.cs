using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;

namespace HazardMm.Schemes;

/// <summary>
/// The IPI side shared by every scheme that evicts lazy users instead of counting them (shootdown,
/// Linus, hazptr): which CPUs to target, and the handlers do_shoot_lazy_tlb / do_check_lazy_tlb
/// (design.md#shootdown).
/// </summary>
public sealed class LazyShootdown<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly LazyTlbContext<TMem> _context;

    public LazyShootdown(LazyTlbContext<TMem> context)
    {
        _context = context;
    }

    /// <summary>
    /// The CPUs that may be lazy on an mm as far as the architecture can tell: its cpumask, or every
    /// online CPU where it keeps none.
    /// </summary>
    public ScanSet MayBeLazy => _context.Arch.HasCpumask ? ScanSet.Cpumask : ScanSet.Online;

    /// <summary>
    /// Whether <paramref name="cpu"/> is in <paramref name="set"/> for <paramref name="mm"/>. (An
    /// offline CPU of the cpumask is dropped when the IPI is posted, design.md#hotplug.)
    /// </summary>
    public bool InScanSet(ScanSet set, MmPtr mm, int cpu) => set switch
    {
        ScanSet.Cpumask => _context.CpumaskTest(mm, cpu),
        ScanSet.Online => _context.CpuOnline(cpu),
        _ => false,
    };

    /// <summary>on_each_cpu_mask(set, do_shoot_lazy_tlb, mm, wait=1): the calling CPU included when in the set.</summary>
    public void OnEachCpuMask(Cpu self, ScanSet set, MmPtr mm) => Shoot(self, set, mm, includeSelf: true);

    /// <summary>smp_call_function_many(set, do_shoot_lazy_tlb, mm, wait=1): every CPU of the set but the caller.</summary>
    public void SmpCallFunctionMany(Cpu self, ScanSet set, MmPtr mm) => Shoot(self, set, mm, includeSelf: false);

    /// <summary>
    /// do_shoot_lazy_tlb, IRQs off on the target: a CPU whose active_mm is the dying mm can only be a
    /// kernel thread borrowing it (no user task has it once mm_users is 0); it switches to init_mm.
    /// </summary>
    public void DoShootLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (cpu.Curr.ActiveMm != mm)
        {
            cpu.Census.Hit(RaceBranch.ShootNotLazy);
            return;
        }

        if (!cpu.Curr.Mm.IsNull)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, cpu.Curr.ActiveMmGeneration,
                $"shootdown found user task {cpu.Curr.Name} still running on a dying mm");
        }

        cpu.Census.Hit(RaceBranch.ShootUnlazied);
        _context.UnlazyMmIrqsOff(cpu);
    }

    /// <summary>do_check_lazy_tlb: after the shootdown this CPU must not have the mm as active_mm.</summary>
    public static void DoCheckLazyTlb(Cpu cpu, MmPtr mm)
    {
        if (cpu.Curr.ActiveMm == mm)
        {
            throw new InvariantViolation(ViolationKind.UseAfterFree, cpu.Id, mm, cpu.Curr.ActiveMmGeneration,
                "still lazy on the mm after its shootdown");
        }
    }

    /// <summary>Dispatch for a scheme's <see cref="ILazyTlbScheme.HandleLazyTlbIpi"/>.</summary>
    public void Handle(Cpu cpu, IpiFunction function, MmPtr mm)
    {
        switch (function)
        {
            case IpiFunction.ShootLazyTlb:
                DoShootLazyTlb(cpu, mm);
                break;
            case IpiFunction.CheckLazyTlb:
                DoCheckLazyTlb(cpu, mm);
                break;
            default:
                throw new InvalidOperationException($"unexpected IPI {function}");
        }
    }

    private void Shoot(Cpu self, ScanSet set, MmPtr mm, bool includeSelf)
    {
        for (int target = 0; target < _context.NrCpus; target++)
        {
            if (InScanSet(set, mm, target) && (includeSelf || target != self.Id))
            {
                _context.SendIpi(self, target, IpiFunction.ShootLazyTlb, mm);
                if (target == self.Id)
                {
                    self.Census.Hit(RaceBranch.ShootSelf);
                }
            }
        }

        // The remote requests in flight at once: what the wait below waits for.
        int remote = self.IpiTargets.Count;
        if (remote > 0)
        {
            self.Census.Hit(remote == 1 ? RaceBranch.ShootOneRemote : RaceBranch.ShootManyRemote);
        }

        _context.WaitIpis(self);
        self.Stats.Scans++;
    }
}
