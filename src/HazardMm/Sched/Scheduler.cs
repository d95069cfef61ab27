using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Schemes;

namespace HazardMm.Sched;

/// <summary>
/// The mm side of the scheduler: context_switch, finish_task_switch, switch_mm_irqs_off and
/// unlazy_mm_irqs_off (design.md#switch). Policy is called only through <see cref="ILazyTlbScheme"/>.
/// </summary>
/// <remarks>Not sealed: a planted bug (design.md#mutants) overrides one of the named steps.</remarks>
public class Scheduler<TMem>
    where TMem : struct, IMemoryModel
{
    public Scheduler(Kernel<TMem> kernel)
    {
        Kernel = kernel;
    }

    protected Kernel<TMem> Kernel { get; }

    protected ILazyTlbScheme Scheme => Kernel.Scheme;

    /// <summary>
    /// context_switch(rq, prev, next), the mm hand-off; interrupts are off for all of it. The truth
    /// table of kernel/sched/core.c (design.md#switch):
    /// <code>
    ///   prev   -> next     what happens to the mm                                   tag
    ///   user   -> user     switch_mm_irqs_off                                        [switch]
    ///   user   -> kernel   next borrows prev's mm: mmgrab_lazy_tlb                   [enter lazy]
    ///   kernel -> kernel   active_mm (and its lazy reference) moves to next          [transfer lazy]
    ///   kernel -> user     switch_mm_irqs_off; rq->prev_mm = prev->active_mm         [leave lazy]
    /// </code>
    /// Returns with <paramref name="next"/> current and IRQs still off; call
    /// <see cref="FinishTaskSwitch"/> next.
    /// </summary>
    public void ContextSwitch(Cpu cpu, TaskStruct prev, TaskStruct next)
    {
        LocalIrqDisable(cpu);
        cpu.Stats.Switches++;
        Kernel.Delays.PreemptionPoint(cpu); // a vCPU descheduled mid-switch, IRQs off (design.md#vcpu-preemption)

        // kasan_check_byte(prev->active_mm): the patch's own use-after-free probe (design.md#inv-use).
        if (!Kernel.Shadow.IsValidUse(prev.ActiveMm, prev.ActiveMmGeneration))
        {
            throw Kernel.Shadow.UseAfterFree(cpu.Id, prev.ActiveMm, prev.ActiveMmGeneration, $"context_switch: {prev.Name}'s active_mm");
        }

        TMem.Ghost(GhostEvent.Use, prev.ActiveMm.Index, "context_switch: prev's active_mm");

        FlightEventKind step;
        if (next.Mm.IsNull)
        {
            next.ActiveMm = prev.ActiveMm;
            next.ActiveMmGeneration = prev.ActiveMmGeneration;
            if (!prev.Mm.IsNull)
            {
                EnterLazy(cpu, prev);                                                   // [enter lazy]
                step = FlightEventKind.EnterLazy;
            }
            else
            {
                TransferLazy(cpu, prev, next);                                          // [transfer lazy]
                step = FlightEventKind.TransferLazy;
            }
        }
        else if (prev.Mm.IsNull)
        {
            LeaveLazy(cpu, prev, next);                                                 // [leave lazy]
            step = FlightEventKind.LeaveLazy;
        }
        else
        {
            SwitchMmIrqsOff(cpu, prev.ActiveMm, next.Mm, next.ActiveMmGeneration);      // [switch]
            step = FlightEventKind.Switch;
        }

        cpu.Curr = next;
        Kernel.Recorder?.Record(cpu.Id, step, FlightEvent.TaskCode(prev), FlightEvent.TaskCode(next), next.ActiveMm, next.ActiveMmGeneration);
        Kernel.Observer?.ContextSwitch(cpu.Id, prev, next);
    }

    /// <summary>
    /// finish_task_switch: interrupts come back on, then rq->prev_mm is dropped and the scheme runs
    /// its after-every-switch work.
    /// </summary>
    public void FinishTaskSwitch(Cpu cpu)
    {
        MmPtr mm = TakeRqPrevMm(cpu);
        LocalIrqEnable(cpu);
        if (!mm.IsNull)
        {
            Kernel.Recorder?.Record(cpu.Id, FlightEventKind.LazyDrop, 0, 0, mm, FlightEvent.NoGeneration);
            Scheme.MmDropLazyTlb(cpu, mm);
        }

        Scheme.FinishSwitchLazyTlb(cpu);
    }

    /// <summary>
    /// switch_mm_irqs_off(prev, next): the cpumask bit of next is set before the MMU uses next, the
    /// MMU is pointed at next's page tables, and (x86) prev's bit is cleared after the MMU stopped
    /// using prev (design.md#arch).
    /// </summary>
    public void SwitchMmIrqsOff(Cpu cpu, MmPtr prev, MmPtr next, long nextGeneration)
    {
        if (prev == next)
        {
            TouchLoadedMm(cpu, "switch_mm to the same mm");
            return;
        }

        Kernel.Cpumask.SetOnSwitchTo(next, cpu.Id);

        // Load CR3/TTBR from next's page-table root (a read of next's record). Up to this instant the
        // MMU ran on the loaded mm: it must still be alive.
        Kernel.MmOps.Counters.LoadPageTableRoot(next);
        Kernel.Shadow.CheckUse(cpu.Id, cpu.LoadedMm, cpu.LoadedMmGeneration, "switch_mm: the MMU's mm until the switch");
        TMem.Ghost(GhostEvent.Use, cpu.LoadedMm.Index, "switch_mm: the MMU's mm until the switch");
        cpu.LoadedMm = next;
        cpu.LoadedMmGeneration = nextGeneration;
        if (!prev.IsNull)
        {
            Kernel.Cpumask.ClearOnSwitchAway(prev, cpu.Id);
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
        UnlazySwitchMm(cpu, mm);
        Kernel.Recorder?.Record(cpu.Id, FlightEventKind.Unlazy, 0, 0, mm, curr.ActiveMmGeneration);
        curr.ActiveMm = MmPtr.InitMm;
        curr.ActiveMmGeneration = 0;
        UnlazyDropLazyTlb(cpu, mm);
        cpu.Stats.Unlazies++;
        cpu.IrqsDisabled = irqsWereOff;
        return true;
    }

    /// <summary>
    /// The mm side of a CPU's takedown, on the dying CPU with only its idle task left
    /// (design.md#hotplug): the idle task leaves its lazy mm for init_mm and the scheme gets the lazy
    /// reference back (idle_task_exit, finish_cpu's mmdrop_lazy_tlb, Lutomirski's patch 12), and only
    /// then does the CPU leave the online mask. Every scan of online CPUs, and every IPI, which goes
    /// only to online CPUs, can miss it from then on: it must hold nothing by then.
    /// </summary>
    public virtual void TakeCpuDown(Cpu cpu, CpuOnlineMask online)
    {
        IdleTaskExit(cpu);
        online.Set(cpu.Id, false);
    }

    /// <summary>An offline CPU comes back: it rejoins the online mask, running its idle task on init_mm.</summary>
    public virtual void CpuUp(Cpu cpu, CpuOnlineMask online) => online.Set(cpu.Id, true);

    /// <summary>
    /// idle_task_exit (sched_force_init_mm): unlazy; a CPU that was not lazy still runs the scheme's
    /// after-switch work once, which drops a reference a scan parked after its last switch (the hazard
    /// scheme's rq->drop_mm), as quiescence does.
    /// </summary>
    protected void IdleTaskExit(Cpu cpu)
    {
        if (UnlazyMmIrqsOff(cpu))
        {
            cpu.Stats.LazyHandedBack++;
        }
        else
        {
            Scheme.FinishSwitchLazyTlb(cpu);
        }
    }

    /// <summary>A page-table walk by this CPU: whatever it runs on must be live (design.md#inv-use).</summary>
    /// <param name="where">A constant: the message is built only when the check fails.</param>
    public void TouchLoadedMm(Cpu cpu, string where)
    {
        Kernel.Shadow.CheckUse(cpu.Id, cpu.LoadedMm, cpu.LoadedMmGeneration, where);
        TMem.Ghost(GhostEvent.Use, cpu.LoadedMm.Index, where);
        TaskStruct curr = cpu.Curr;
        if (!Kernel.Shadow.IsValidUse(curr.ActiveMm, curr.ActiveMmGeneration))
        {
            throw Kernel.Shadow.UseAfterFree(cpu.Id, curr.ActiveMm, curr.ActiveMmGeneration, where + " (active_mm)");
        }

        TMem.Ghost(GhostEvent.Use, curr.ActiveMm.Index, where);
    }

    /// <summary>design.md#inv-monotonic: a CPU only becomes lazy on an mm that still has users.</summary>
    /// <param name="where">A constant: the message is built only when the check fails.</param>
    public void CheckUsersLive(Cpu cpu, MmPtr mm, string where)
    {
        if (!mm.IsInitMm && Kernel.MmOps.Counters.Users(mm) <= 0)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu.Id, mm, Kernel.Shadow.Generation(mm),
                $"{where}: lazy use begins after mm_users reached 0");
        }
    }

    /// <summary>
    /// activate_task: puts <paramref name="task"/> on <paramref name="target"/>'s run queue, from
    /// <paramref name="self"/>: a plain append when it is this CPU's own queue, a push onto the wake
    /// list (ttwu_queue_wakelist) when it is another's (design.md#run-queue). A task already on a run queue is a broken wake-up protocol (two
    /// wakers both won): the oracle stops the run.
    /// </summary>
    public static void ActivateTask(Cpu self, Cpu target, TaskStruct task)
    {
        if (!task.MarkQueued())
        {
            throw new InvariantViolation(ViolationKind.Invariant, self.Id, MmPtr.Null, 0,
                $"{task.Name} put on CPU {target.Id}'s run queue while already on a run queue");
        }

        if (ReferenceEquals(self, target))
        {
            target.RunQueue.EnqueueLocal(task);
        }
        else
        {
            target.RunQueue.Enqueue(task);
        }
    }

    public static void LocalIrqDisable(Cpu cpu) => cpu.IrqsDisabled = true;

    public static void LocalIrqEnable(Cpu cpu) => cpu.IrqsDisabled = false;

    /// <summary>[enter lazy] user → kernel: become lazy on prev's mm, which prev still holds a users reference to.</summary>
    protected virtual void EnterLazy(Cpu cpu, TaskStruct prev)
    {
        CheckUsersLive(cpu, prev.ActiveMm, "user->kernel switch");
        Scheme.MmGrabLazyTlb(cpu, prev.ActiveMm);
        cpu.Stats.LazyEntries++;
    }

    /// <summary>[transfer lazy] kernel → kernel: the lazy reference moves with active_mm.</summary>
    protected virtual void TransferLazy(Cpu cpu, TaskStruct prev, TaskStruct next) => prev.ActiveMm = MmPtr.Null;

    /// <summary>
    /// [leave lazy] kernel → user: switch_mm, then stop being lazy; the lazy episode's mm rides in
    /// rq->prev_mm to finish_task_switch, which drops it.
    /// </summary>
    protected virtual void LeaveLazy(Cpu cpu, TaskStruct prev, TaskStruct next)
    {
        SwitchMmIrqsOff(cpu, prev.ActiveMm, next.Mm, next.ActiveMmGeneration);
        Scheme.LeaveLazyTlb(cpu, prev.ActiveMm);
        cpu.PrevMm = prev.ActiveMm;
        prev.ActiveMm = MmPtr.Null;
    }

    /// <summary>finish_task_switch's <c>mm = rq->prev_mm; rq->prev_mm = NULL</c>.</summary>
    protected virtual MmPtr TakeRqPrevMm(Cpu cpu)
    {
        MmPtr mm = cpu.PrevMm;
        cpu.PrevMm = MmPtr.Null;
        return mm;
    }

    /// <summary>unlazy_mm_irqs_off's switch_mm_irqs_off(mm, &amp;init_mm).</summary>
    protected virtual void UnlazySwitchMm(Cpu cpu, MmPtr mm) => SwitchMmIrqsOff(cpu, mm, MmPtr.InitMm, 0);

    /// <summary>
    /// unlazy_mm_irqs_off's end of the lazy episode, as a kernel → user switch ends it: leave, drop the
    /// lazy mm, then the after-every-switch work (the hazard scheme's mmdrop_lazy).
    /// </summary>
    protected virtual void UnlazyDropLazyTlb(Cpu cpu, MmPtr mm)
    {
        Scheme.LeaveLazyTlb(cpu, mm);
        Scheme.MmDropLazyTlb(cpu, mm);
        Scheme.FinishSwitchLazyTlb(cpu);
    }
}
