using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Arch;

/// <summary>
/// The final TLB flush of exit_mmap, as the architecture does it (design.md#arch).
/// Not sealed: a planted bug (design.md#mutants) overrides one step.
/// </summary>
public class TlbFlush<TMem>
    where TMem : struct, IMemoryModel
{
    public TlbFlush(Kernel<TMem> kernel)
    {
        Kernel = kernel;
    }

    protected Kernel<TMem> Kernel { get; }

    /// <summary>
    /// flush_tlb_mm at exit. x86 IPIs every CPU in the cpumask, itself included, and waits; a broadcast
    /// (TLBI, tlbie) or a hypercall flush runs no code on the other CPUs, so it cannot unlazy them.
    /// </summary>
    public void FlushTlbMm(Cpu cpu, MmPtr mm)
    {
        if (Kernel.Arch.ExitFlush != ExitFlushKind.IpiUnlazies)
        {
            return;
        }

        for (int target = 0; target < Kernel.NrCpus; target++)
        {
            if (Kernel.Cpumask.Test(mm, target))
            {
                Kernel.Ipi.Post(cpu, target, IpiFunction.FlushTlbMm, mm);
            }
        }

        Kernel.Ipi.Wait(cpu);
    }

    /// <summary>flush_tlb_func on a target: a lazy CPU whose page tables are being freed switches to init_mm.</summary>
    public void HandleFlush(Cpu cpu, MmPtr mm)
    {
        if (cpu.LoadedMm != mm || !cpu.Curr.Mm.IsNull)
        {
            return;
        }

        LeaveMm(cpu, mm);
    }

    /// <summary>
    /// leave_mm with Lutomirski's patch 21: unlazy_mm_irqs_off, so active_mm and the scheme's lazy
    /// state leave the mm with the MMU (design.md#switch).
    /// </summary>
    protected virtual void LeaveMm(Cpu cpu, MmPtr mm) => Kernel.Sched.UnlazyMmIrqsOff(cpu);
}
