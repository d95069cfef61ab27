using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Mutants;
using HazardMm.Oracle;
using HazardMm.Schemes;

namespace HazardMm.Sched;

/// <summary>
/// The mm side of the scheduler: context_switch, finish_task_switch, switch_mm, and
/// unlazy_mm_irqs_off. Policy is called only through <see cref="ILazyTlbScheme"/>.
/// </summary>
public sealed class Scheduler<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly Kernel<TMem> _kernel;
    private readonly MutantId _mutant;

    public Scheduler(Kernel<TMem> kernel)
    {
        _kernel = kernel;
        _mutant = kernel.Mutant;
    }

    private ILazyTlbScheme Scheme => _kernel.Scheme;

    /// <summary>
    /// context_switch(rq, prev, next), the mm hand-off; interrupts are off for all of it. The truth
    /// table of kernel/sched/core.c:
    /// <code>
    ///   user   -> user      switch_mm
    ///   user   -> kernel    lazy; MmGrabLazyTlb(prev->active_mm)      enter lazy
    ///   kernel -> kernel    lazy; active_mm (and its lazy ref) moves  transfer lazy
    ///   kernel -> user      switch_mm; rq->prev_mm = prev->active_mm  leave lazy, drop in finish
    /// </code>
    /// Returns with <paramref name="next"/> current and IRQs still off; call
    /// <see cref="FinishTaskSwitch"/> next.
    /// </summary>
    public void ContextSwitch(Cpu cpu, TaskStruct prev, TaskStruct next)
    {
        LocalIrqDisable(cpu);
        cpu.Stats.Switches++;

        // kasan_check_byte(prev->active_mm): the patch's own UAF probe (spec §0.2 note 3).
        _kernel.Shadow.CheckUse(cpu.Id, prev.ActiveMm, prev.ActiveMmGeneration, $"context_switch: {prev.Name}'s active_mm");

        if (next.Mm.IsNull)
        {
            next.ActiveMm = prev.ActiveMm;
            next.ActiveMmGeneration = prev.ActiveMmGeneration;
            if (!prev.Mm.IsNull)
            {
                // user -> kernel: become lazy on prev's mm, which prev still holds a users ref to.
                CheckUsersLive(cpu, prev.ActiveMm, "user->kernel switch");
                Scheme.MmGrabLazyTlb(cpu, prev.ActiveMm);
                cpu.Stats.LazyEntries++;
                if (_mutant == MutantId.CpumaskClearWhileLazy)
                {
                    _kernel.Cpumask.ClearOnSwitchAway(prev.ActiveMm, cpu.Id);
                }
            }
            else
            {
                // kernel -> kernel: the lazy reference moves with active_mm.
                prev.ActiveMm = MmPtr.Null;
                if (_mutant == MutantId.RefcountGrabOnTransfer)
                {
                    Scheme.MmGrabLazyTlb(cpu, next.ActiveMm);
                }
                else if (_mutant == MutantId.IpiInsideSwitch)
                {
                    LocalIrqEnable(cpu);
                    _kernel.Ipi.PollIpis(cpu);
                    LocalIrqDisable(cpu);
                }
            }
        }
        else
        {
            if (prev.Mm.IsNull && _mutant == MutantId.HazardUnpublishBeforeSwitch)
            {
                Scheme.LeaveLazyTlb(cpu, prev.ActiveMm);
            }

            SwitchMm(cpu, prev.ActiveMm, next.Mm, next.ActiveMmGeneration);
            if (prev.Mm.IsNull)
            {
                // kernel -> user: stop being lazy; the reference is dropped in finish_task_switch.
                if (_mutant is not (MutantId.HazardUnpublishBeforeSwitch or MutantId.HazardLazyMmNotCleared))
                {
                    Scheme.LeaveLazyTlb(cpu, prev.ActiveMm);
                }

                cpu.PrevMm = _mutant == MutantId.RefcountDropNextMm ? next.Mm : prev.ActiveMm;
                prev.ActiveMm = MmPtr.Null;
            }
        }

        cpu.Curr = next;
        _kernel.Observer?.ContextSwitch(cpu.Id, prev, next);
    }

    /// <summary>
    /// finish_task_switch: interrupts come back on, then rq->prev_mm is dropped and the scheme runs
    /// its after-every-switch work.
    /// </summary>
    public void FinishTaskSwitch(Cpu cpu)
    {
        MmPtr mm = cpu.PrevMm;
        if (_mutant != MutantId.PrevMmNotCleared)
        {
            cpu.PrevMm = MmPtr.Null;
        }

        LocalIrqEnable(cpu);
        if (!mm.IsNull)
        {
            Scheme.MmDropLazyTlb(cpu, mm);
        }

        Scheme.FinishTaskSwitch(cpu);
    }

    /// <summary>
    /// switch_mm_irqs_off(prev, next): the cpumask bit of next is set before the MMU uses next, the
    /// MMU is pointed at next's page tables, and (x86) prev's bit is cleared after the MMU stopped
    /// using prev.
    /// </summary>
    public void SwitchMm(Cpu cpu, MmPtr prev, MmPtr next, long nextGeneration)
    {
        if (prev == next)
        {
            TouchLoadedMm(cpu, "switch_mm to the same mm");
            return;
        }

        _kernel.Cpumask.SetOnSwitchTo(next, cpu.Id);

        // Load CR3/TTBR from next's page-table root (a read of next's record). Up to this instant the
        // MMU ran on the loaded mm: it must still be alive.
        TMem.LoadRelaxed(ref _kernel.Mms.PageTables(next));
        _kernel.Shadow.CheckUse(cpu.Id, cpu.LoadedMm, cpu.LoadedMmGeneration, "switch_mm: the MMU's mm until the switch");
        cpu.LoadedMm = next;
        cpu.LoadedMmGeneration = nextGeneration;
        if (!prev.IsNull)
        {
            _kernel.Cpumask.ClearOnSwitchAway(prev, cpu.Id);
        }
    }

    /// <summary>
    /// unlazy_mm_irqs_off: a kernel thread lazy on an mm switches to init_mm and tells the scheme, as
    /// if it had switched to a user task and back (x86 flush IPI, shoot-lazies IPI, quiescence).
    /// Called with IRQs off (from a handler) or on (from process context); runs with them off.
    /// </summary>
    /// <returns>Whether the CPU was lazy and switched to init_mm.</returns>
    public bool UnlazyMmIrqsOff(Cpu cpu)
    {
        TaskStruct curr = cpu.Curr;
        MmPtr mm = curr.ActiveMm;
        if (!curr.Mm.IsNull || mm.IsNull || mm.IsInitMm)
        {
            // A user task is not lazy; a kernel thread on init_mm, or one caught without an active_mm
            // in the middle of a switch (only a planted bug lets a handler see that), has nothing to drop.
            return false;
        }

        bool irqsWereOff = cpu.IrqsDisabled;
        cpu.IrqsDisabled = true;
        if (_mutant != MutantId.UnlazyKeepsLoadedMm)
        {
            SwitchMm(cpu, mm, MmPtr.InitMm, 0);
        }

        curr.ActiveMm = MmPtr.InitMm;
        curr.ActiveMmGeneration = 0;
        Scheme.LeaveLazyTlb(cpu, mm);
        Scheme.MmDropLazyTlb(cpu, mm);
        if (_mutant != MutantId.HazardUnlazyWithoutMmdropLazy)
        {
            Scheme.FinishTaskSwitch(cpu);
        }

        cpu.Stats.Unlazies++;
        cpu.IrqsDisabled = irqsWereOff;
        return true;
    }

    /// <summary>A page-table walk by this CPU: whatever it runs on must be live (spec §8.1).</summary>
    public void TouchLoadedMm(Cpu cpu, string where)
    {
        _kernel.Shadow.CheckUse(cpu.Id, cpu.LoadedMm, cpu.LoadedMmGeneration, where);
        TaskStruct curr = cpu.Curr;
        _kernel.Shadow.CheckUse(cpu.Id, curr.ActiveMm, curr.ActiveMmGeneration, where + " (active_mm)");
    }

    /// <summary>Monotonicity (spec §8.4): a CPU only becomes lazy on an mm that still has users.</summary>
    public void CheckUsersLive(Cpu cpu, MmPtr mm, string where)
    {
        if (!mm.IsInitMm && TMem.LoadRelaxed(ref _kernel.Mms.Users(mm)) <= 0)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, _kernel.Shadow.Generation(mm),
                $"{where}: lazy use begins after mm_users reached 0");
        }
    }

    public static void LocalIrqDisable(Cpu cpu) => cpu.IrqsDisabled = true;

    public static void LocalIrqEnable(Cpu cpu) => cpu.IrqsDisabled = false;
}
