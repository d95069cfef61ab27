using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Sched;

namespace HazardMm.Mutants;

/// <summary>
/// Planted bugs in one step of the mechanism every scheme shares: the IPI mailbox (design.md#ipi),
/// the task and mm lifecycles (design.md#mm-lifecycle) and the exit flush (design.md#arch).
/// </summary>
internal static class MechanismMutants
{
    /// <summary>ipi-no-wait: smp_call_function returns without waiting for the targets (wait=0).</summary>
    internal sealed class IpiNoWait : KernelPatch
    {
        public override IpiMailbox<TMem> CreateIpiMailbox<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders) =>
            new Patched<TMem>(perCpu, cpus, control, handler, observer, orders);

        private sealed class Patched<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders)
            : IpiMailbox<TMem>(perCpu, cpus, control, handler, observer, orders)
            where TMem : struct, IMemoryModel
        {
            protected override void WaitForTargets(Cpu self)
            {
            }
        }
    }

    /// <summary>ipi-ack-before-handler: the target clears the request before running it.</summary>
    internal sealed class IpiAckBeforeHandler : KernelPatch
    {
        public override IpiMailbox<TMem> CreateIpiMailbox<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders) =>
            new Patched<TMem>(perCpu, cpus, control, handler, observer, orders);

        private sealed class Patched<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders)
            : IpiMailbox<TMem>(perCpu, cpus, control, handler, observer, orders)
            where TMem : struct, IMemoryModel
        {
            protected override void RunRequest(Cpu self, int sender, long request)
            {
                ClearRequest(self.Id, sender);
                base.RunRequest(self, sender, request);
            }
        }
    }

    /// <summary>ipi-flag-before-request: the pending flag is raised before the request is written.</summary>
    internal sealed class IpiFlagBeforeRequest : KernelPatch
    {
        public override IpiMailbox<TMem> CreateIpiMailbox<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders) =>
            new Patched<TMem>(perCpu, cpus, control, handler, observer, orders);

        private sealed class Patched<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders)
            : IpiMailbox<TMem>(perCpu, cpus, control, handler, observer, orders)
            where TMem : struct, IMemoryModel
        {
            protected override void SendRequest(int sender, int target, long request)
            {
                RaisePending(target);
                WriteRequest(sender, target, request);
            }
        }
    }

    /// <summary>
    /// ipi-wait-first-ack: the sender stops waiting once its first target has answered; the others run
    /// the request later. Invisible with one remote target, so with two CPUs (design.md#torture).
    /// </summary>
    internal sealed class IpiWaitFirstAck : KernelPatch
    {
        public override IpiMailbox<TMem> CreateIpiMailbox<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders) =>
            new Patched<TMem>(perCpu, cpus, control, handler, observer, orders);

        private sealed class Patched<TMem>(
            PerCpuArea perCpu, Cpu[] cpus, RunControl control, Action<Cpu, IpiFunction, MmPtr> handler, IKernelObserver? observer, AccessOrders orders)
            : IpiMailbox<TMem>(perCpu, cpus, control, handler, observer, orders)
            where TMem : struct, IMemoryModel
        {
            protected override void WaitForTargets(Cpu self)
            {
                if (self.IpiTargets.Count > 1)
                {
                    self.IpiTargets.RemoveRange(1, self.IpiTargets.Count - 1);
                }

                base.WaitForTargets(self);
            }
        }
    }

    /// <summary>exit-without-lazy-grab: exit_mm and kthread_unuse_mm drop current->mm without mmgrab_lazy_tlb.</summary>
    internal sealed class ExitWithoutLazyGrab : KernelPatch
    {
        public override TaskLifecycle<TMem> CreateTaskLifecycle<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : TaskLifecycle<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void MmGrabLazyTlbBeforeKernel(Cpu cpu, MmPtr mm)
            {
            }
        }
    }

    /// <summary>
    /// hazard-publish-after-put, hazptr-publish-after-put: the lazy hook moves out of
    /// __change_current_mm_to_kernel (so kthread_unuse_mm loses it too), and exit_mm runs it only after
    /// its own mmput, when the mm may already be gone.
    /// </summary>
    internal sealed class PublishAfterPut : KernelPatch
    {
        public override TaskLifecycle<TMem> CreateTaskLifecycle<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : TaskLifecycle<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void MmGrabLazyTlbBeforeKernel(Cpu cpu, MmPtr mm)
            {
            }

            protected override void ExitMmPut(Cpu cpu, MmPtr mm)
            {
                base.ExitMmPut(cpu, mm);
                Scheduler<TMem>.LocalIrqDisable(cpu);
                Kernel.Scheme.MmGrabLazyTlb(cpu, mm);
                Scheduler<TMem>.LocalIrqEnable(cpu);
            }
        }
    }

    /// <summary>mmget-not-zero-blind: mmget_not_zero takes a users reference even at 0.</summary>
    internal sealed class MmGetNotZeroBlind : KernelPatch
    {
        public override MmLifecycle<TMem> CreateMmLifecycle<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : MmLifecycle<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            public override bool MmGetNotZero(Cpu cpu, MmPtr mm)
            {
                Counters.AddUsers(mm, 1);
                return true;
            }
        }
    }

    /// <summary>hazard-scan-before-last-put: mm_unlazy_mm_count runs inside mmput before mm_users reaches 0.</summary>
    internal sealed class ScanBeforeLastPut : KernelPatch
    {
        public override MmLifecycle<TMem> CreateMmLifecycle<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : MmLifecycle<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            public override void MmPut(Cpu cpu, MmPtr mm)
            {
                if (Counters.Users(mm) == 1)
                {
                    Kernel.Scheme.MmPutLazyTlb(cpu, mm);
                }

                base.MmPut(cpu, mm);
            }
        }
    }

    /// <summary>flush-keeps-active-mm: the flush IPI switches loaded_mm to init_mm but leaves active_mm on the dying mm.</summary>
    internal sealed class FlushKeepsActiveMm : KernelPatch
    {
        public override TlbFlush<TMem> CreateTlbFlush<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : TlbFlush<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void LeaveMm(Cpu cpu, MmPtr mm) => Kernel.Sched.SwitchMmIrqsOff(cpu, mm, MmPtr.InitMm, 0);
        }
    }

    /// <summary>slab-free-before-generation-bump: the record is back on the free list before its generation is bumped.</summary>
    internal sealed class SlabFreeBeforeGenerationBump : KernelPatch
    {
        public override MmLifecycle<TMem> CreateMmLifecycle<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : MmLifecycle<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void FreeMm(Cpu cpu, MmPtr mm)
            {
                Kernel.Shadow.Poison(cpu.Id, mm);
                Kernel.Mms.Free<TMem>(cpu.Id, mm);
                Kernel.Shadow.BumpGeneration<TMem>(mm);
            }
        }
    }

    /// <summary>slab-reuse-without-bump: free_mm poisons the record and frees it, but never bumps its generation.</summary>
    internal sealed class SlabReuseWithoutBump : KernelPatch
    {
        public override MmLifecycle<TMem> CreateMmLifecycle<TMem>(Kernel<TMem> kernel) => new Patched<TMem>(kernel);

        private sealed class Patched<TMem>(Kernel<TMem> kernel) : MmLifecycle<TMem>(kernel)
            where TMem : struct, IMemoryModel
        {
            protected override void FreeMm(Cpu cpu, MmPtr mm)
            {
                Kernel.Shadow.Poison(cpu.Id, mm);
                Kernel.Mms.Free<TMem>(cpu.Id, mm);
            }
        }
    }
}
