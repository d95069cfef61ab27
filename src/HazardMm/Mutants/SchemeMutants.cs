using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Mutants;

/// <summary>
/// Planted bugs in one step of the refcount, shoot-lazies, Linus and hazptr schemes: each builds its
/// scheme as a subclass with that step overridden, when the kernel runs a scheme of that family
/// (any other scheme is built as it is).
/// </summary>
internal static class SchemeMutants
{
    /// <summary>refcount-no-lazy-grab: mmgrab_lazy_tlb takes no reference.</summary>
    internal sealed class RefcountNoLazyGrab : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is RefcountScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : RefcountScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            public override void MmGrabLazyTlb(Cpu cpu, MmPtr mm)
            {
            }
        }
    }

    /// <summary>shoot-no-local-call: smp_call_function_many instead of on_each_cpu_mask: the exiting CPU stays lazy.</summary>
    internal sealed class ShootNoLocalCall : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is ShootdownScheme f ? new Patched<TMem>(context, f.AllCpus) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, bool allCpus) : ShootdownScheme<TMem>(context, allCpus)
            where TMem : struct, IMemoryModel
        {
            public override void CleanupLazyTlbs(Cpu cpu, MmPtr mm) => Shootdown.SmpCallFunctionMany(cpu, Targets, mm);
        }
    }

    /// <summary>shootdown-cpumask-without-cpumask: shoot mm_cpumask even where the arch keeps none.</summary>
    internal sealed class ShootdownCpumaskWithoutCpumask : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is ShootdownScheme f ? new Patched<TMem>(context, f.AllCpus) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, bool allCpus) : ShootdownScheme<TMem>(context, allCpus)
            where TMem : struct, IMemoryModel
        {
            protected override ScanSet Targets => AllCpus ? ScanSet.Online : ScanSet.Cpumask;
        }
    }

    /// <summary>linus-no-forced-flush: the exit flush is skipped when no page tables are left.</summary>
    internal sealed class LinusNoForcedFlush : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is LinusScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : LinusScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            public override bool ForcesExitFlush => false;
        }
    }

    /// <summary>linus-trusts-broadcast: a broadcast or hypercall flush is trusted to unlazy CPUs.</summary>
    internal sealed class LinusTrustsBroadcast : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is LinusScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : LinusScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            protected override bool ExitFlushUnlazied => true;
        }
    }

    /// <summary>linus-skips-self: the unlazy IPIs skip the exiting CPU, which exit_mm left lazy.</summary>
    internal sealed class LinusSkipsSelf : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is LinusScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : LinusScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            protected override void UnlazyLazyCpus(Cpu cpu, MmPtr mm) => Shootdown.SmpCallFunctionMany(cpu, Shootdown.MayBeLazy, mm);
        }
    }

    /// <summary>hazptr-no-shoot: a slot match is only checked, never shot down.</summary>
    internal sealed class HazptrNoShoot : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is HazptrScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : HazptrScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            protected override void ShootLazyTlb(Cpu cpu, int target, MmPtr mm)
            {
            }
        }
    }

    /// <summary>hazptr-no-check: retire_cb sends the shoot IPI but not the check IPI.</summary>
    internal sealed class HazptrNoCheck : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is HazptrScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : HazptrScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            protected override void CheckLazyTlb(Cpu cpu, int target, MmPtr mm)
            {
            }
        }
    }

    /// <summary>hazptr-shoot-keeps-slot: the lazy slot is never cleared when lazy mode ends.</summary>
    internal sealed class HazptrKeepsSlot : KernelPatch
    {
        public override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is HazptrScheme ? new Patched<TMem>(context) : base.CreateScheme(scheme, context);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context) : HazptrScheme<TMem>(context)
            where TMem : struct, IMemoryModel
        {
            protected override void ReleaseSlot(Cpu cpu)
            {
            }
        }
    }
}
