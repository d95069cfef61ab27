using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;

namespace HazardMm.Schemes;

/// <summary>
/// The IPI side shared by every scheme that evicts lazy users instead of counting them (shootdown,
/// Linus, hazptr): which CPUs to target, and the handlers do_shoot_lazy_tlb / do_check_lazy_tlb.
/// </summary>
public sealed class LazyShootdown<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;

    public LazyShootdown(Kernel<TMem> kernel)
    {
        _kernel = kernel;
    }

    /// <summary>
    /// The CPUs that may be lazy on an mm as far as the architecture can tell: its cpumask, or every
    /// online CPU where it keeps none.
    /// </summary>
    public ScanSet MayBeLazy => _kernel.Arch.HasCpumask ? ScanSet.Cpumask : ScanSet.Online;

    /// <summary>Whether <paramref name="cpu"/> is in <paramref name="set"/> for <paramref name="mm"/>.</summary>
    public bool InScanSet(ScanSet set, MmPtr mm, int cpu) => set switch
    {
        ScanSet.Cpumask => _kernel.Cpumask.Test(mm, cpu),
        ScanSet.Online => true,
        _ => false,
    };

    /// <summary>
    /// on_each_cpu_mask(set, do_shoot_lazy_tlb, mm, wait=1): the calling CPU included when in the set,
    /// unless <paramref name="skipSelf"/> plants smp_call_function_many's missing local call.
    /// </summary>
    public void ShootAll(Cpu self, ScanSet set, MmPtr mm, bool skipSelf = false)
    {
        for (int target = 0; target < _kernel.NrCpus; target++)
        {
            if (InScanSet(set, mm, target) && !(skipSelf && target == self.Id))
            {
                _kernel.Ipi.Post(self, target, IpiFunction.ShootLazyTlb, mm);
            }
        }

        _kernel.Ipi.Wait(self);
        self.Stats.Scans++;
    }

    /// <summary>
    /// do_shoot_lazy_tlb, IRQs off on the target: a CPU whose active_mm is the dying mm can only be a
    /// kernel thread borrowing it (no user task has it once mm_users is 0); it switches to init_mm.
    /// </summary>
    public void Shoot(Cpu cpu, MmPtr mm)
    {
        if (cpu.Curr.ActiveMm != mm)
        {
            return;
        }

        if (!cpu.Curr.Mm.IsNull)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, cpu.Curr.ActiveMmGeneration,
                $"shootdown found user task {cpu.Curr.Name} still running on a dying mm");
        }

        _kernel.Sched.UnlazyMmIrqsOff(cpu);
    }

    /// <summary>do_check_lazy_tlb: after the shootdown this CPU must not have the mm as active_mm.</summary>
    public void Check(Cpu cpu, MmPtr mm)
    {
        if (cpu.Curr.ActiveMm == mm)
        {
            throw new InvariantViolation(ViolationKind.UseAfterFree, cpu.Id, mm, cpu.Curr.ActiveMmGeneration,
                "still lazy on the mm after its shootdown");
        }
    }

    /// <summary>Dispatch for a scheme's <see cref="ILazyTlbScheme.HandleIpi"/>.</summary>
    public void Handle(Cpu cpu, IpiFunction function, MmPtr mm)
    {
        switch (function)
        {
            case IpiFunction.ShootLazyTlb:
                Shoot(cpu, mm);
                break;
            case IpiFunction.CheckLazyTlb:
                Check(cpu, mm);
                break;
            default:
                throw new InvalidOperationException($"unexpected IPI {function}");
        }
    }
}
