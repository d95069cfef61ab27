using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;

namespace HazardMm.Arch;

/// <summary>The final TLB flush of exit_mmap, as the architecture does it.</summary>
public sealed class TlbFlush<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;

    public TlbFlush(Kernel<TMem> kernel)
    {
        _kernel = kernel;
    }

    /// <summary>
    /// flush_tlb_mm at exit. x86 IPIs every CPU in the cpumask, itself included, and waits; a broadcast
    /// (TLBI, tlbie) or a hypercall flush runs no code on the other CPUs, so it cannot unlazy them.
    /// </summary>
    public void FlushTlbMm(Cpu cpu, MmPtr mm)
    {
        if (_kernel.Arch.ExitFlush != ExitFlushKind.IpiUnlazies)
        {
            return;
        }

        for (int target = 0; target < _kernel.NrCpus; target++)
        {
            if (_kernel.Cpumask.Test(mm, target))
            {
                _kernel.Ipi.Post(cpu, target, IpiFunction.FlushTlbMm, mm);
            }
        }

        _kernel.Ipi.Wait(cpu);
    }

    /// <summary>flush_tlb_func on a target: a lazy CPU whose page tables are being freed switches to init_mm.</summary>
    public void HandleFlush(Cpu cpu, MmPtr mm)
    {
        if (cpu.LoadedMm != mm || !cpu.Curr.Mm.IsNull)
        {
            return;
        }

        if (_kernel.Mutant == MutantId.FlushKeepsActiveMm)
        {
            _kernel.Sched.SwitchMm(cpu, mm, MmPtr.InitMm, 0);
            return;
        }

        _kernel.Sched.UnlazyMmIrqsOff(cpu);
    }
}
