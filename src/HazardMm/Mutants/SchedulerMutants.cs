using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Mutants;

/// <summary>
/// Planted bugs in one step of context_switch, finish_task_switch or unlazy_mm_irqs_off
/// (design.md#switch): each builds the scheduler with that step overridden.
/// </summary>
internal static class SchedulerMutants
{
    /// <summary>refcount-grab-on-transfer: kernel→kernel takes another lazy reference.</summary>
    internal sealed class GrabOnTransfer : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void TransferLazy(Cpu cpu, TaskStruct prev, TaskStruct next)
            {
                base.TransferLazy(cpu, prev, next);
                Scheme.MmGrabLazyTlb(cpu, next.ActiveMm);
            }
        }
    }

    /// <summary>ipi-inside-switch: the mailbox is serviced between the active_mm hand-off and rq->curr.</summary>
    internal sealed class IpiInsideSwitch : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void TransferLazy(Cpu cpu, TaskStruct prev, TaskStruct next)
            {
                base.TransferLazy(cpu, prev, next);
                LocalIrqEnable(cpu);
                Kernel.Ipi.PollIpis(cpu);
                LocalIrqDisable(cpu);
            }
        }
    }

    /// <summary>cpumask-clear-while-lazy: a CPU entering lazy mode clears its mm_cpumask bit (x86's old lazy clear).</summary>
    internal sealed class CpumaskClearWhileLazy : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void EnterLazy(Cpu cpu, TaskStruct prev)
            {
                base.EnterLazy(cpu, prev);
                Kernel.Cpumask.ClearOnSwitchAway(prev.ActiveMm, cpu.Id);
            }
        }
    }

    /// <summary>refcount-drop-next-mm: kernel→user hands the NEW mm to finish_task_switch to drop.</summary>
    internal sealed class DropNextMm : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void LeaveLazy(Cpu cpu, TaskStruct prev, TaskStruct next)
            {
                SwitchMmIrqsOff(cpu, prev.ActiveMm, next.Mm, next.ActiveMmGeneration);
                Scheme.LeaveLazyTlb(cpu, prev.ActiveMm);
                cpu.PrevMm = next.Mm;
                prev.ActiveMm = MmPtr.Null;
            }
        }
    }

    /// <summary>hazard-unpublish-before-switch: the lazy episode ends before switch_mm, while the MMU still runs on the mm.</summary>
    internal sealed class LeaveBeforeSwitchMm : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void LeaveLazy(Cpu cpu, TaskStruct prev, TaskStruct next)
            {
                Scheme.LeaveLazyTlb(cpu, prev.ActiveMm);
                SwitchMmIrqsOff(cpu, prev.ActiveMm, next.Mm, next.ActiveMmGeneration);
                cpu.PrevMm = prev.ActiveMm;
                prev.ActiveMm = MmPtr.Null;
            }
        }
    }

    /// <summary>hazard-lazy-mm-not-cleared: kernel→user never tells the scheme the lazy episode ended.</summary>
    internal sealed class NoLeaveLazyTlb : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void LeaveLazy(Cpu cpu, TaskStruct prev, TaskStruct next)
            {
                SwitchMmIrqsOff(cpu, prev.ActiveMm, next.Mm, next.ActiveMmGeneration);
                cpu.PrevMm = prev.ActiveMm;
                prev.ActiveMm = MmPtr.Null;
            }
        }
    }

    /// <summary>prev-mm-not-cleared: finish_task_switch leaves rq->prev_mm set, to be dropped again.</summary>
    internal sealed class PrevMmNotCleared : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override MmPtr TakeRqPrevMm(Cpu cpu) => cpu.PrevMm;
        }
    }

    /// <summary>unlazy-keeps-loaded-mm: the unlazy sets active_mm = init_mm but does not switch the MMU.</summary>
    internal sealed class UnlazyKeepsLoadedMm : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void UnlazySwitchMm(Cpu cpu, MmPtr mm)
            {
            }
        }
    }

    /// <summary>hazard-unlazy-without-mmdrop-lazy: the unlazy leaves and drops, but runs no mmdrop_lazy.</summary>
    internal sealed class UnlazyWithoutFinish : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void UnlazyDropLazyTlb(Cpu cpu, MmPtr mm)
            {
                Scheme.LeaveLazyTlb(cpu, mm);
                Scheme.MmDropLazyTlb(cpu, mm);
            }
        }
    }

    /// <summary>
    /// hotplug-offline-while-lazy: the dying CPU leaves the online mask first and unlazies only when
    /// it next runs, as if it reported dead before its idle task left the lazy mm (design.md#hotplug).
    /// </summary>
    internal sealed class OfflineWhileLazy : KernelPatch
    {
        public override Scheduler<TMem> CreateScheduler<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : Scheduler<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            public override void TakeCpuDown(Cpu cpu, CpuOnlineMask online) => online.Set(cpu.Id, false);

            public override void CpuUp(Cpu cpu, CpuOnlineMask online)
            {
                online.Set(cpu.Id, true);
                IdleTaskExit(cpu);
            }
        }
    }
}
