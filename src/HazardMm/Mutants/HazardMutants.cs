using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Mutants;

/// <summary>
/// Planted bugs in one step of Lutomirski's hazard scheme (design.md#hazard): each builds the scheme,
/// with the scan set its registry entry gives, as a subclass with that step overridden.
/// </summary>
internal static class HazardMutants
{
    /// <summary>hazard-mockup-scan: the 2020 mockup's scan: xchg drop_mm, drop what it displaced, no re-check (design.md#hazard-mockup).</summary>
    internal sealed class MockupScan : HazardPatch
    {
        protected override HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) => new Patched<TMem>(context, lazyMmCpus);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) : HazardScheme<TMem>(context, lazyMmCpus)
            where TMem : struct, IMemoryModel
        {
            protected override bool TryDropRqRef(Cpu self, int cpu, MmPtr mm)
            {
                long displaced = DropMm.Exchange(cpu, mm);
                Ledger?.Exchange(cpu, mm);
                if (displaced != 0)
                {
                    Context.MmDrop(self, new MmPtr(displaced));
                }

                return true;
            }
        }
    }

    /// <summary>hazard-mockup-consumer: the 2020 mockup's mmdrop_lazy reads lazy_mm but drops drop_mm even while still lazy on it.</summary>
    internal sealed class MockupConsumer : HazardPatch
    {
        protected override HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) => new Patched<TMem>(context, lazyMmCpus);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) : HazardScheme<TMem>(context, lazyMmCpus)
            where TMem : struct, IMemoryModel
        {
            protected override bool KeepsParkedRef(Cpu cpu, long parked)
            {
                // The mockup still loads lazy_mm here (the same seam operations, so stored schedules
                // replay), but ignores what it read.
                base.KeepsParkedRef(cpu, parked);
                return false;
            }
        }
    }

    /// <summary>hazard-steal-drop-on-fail: try_drop_rq_ref drops od even when the steal cmpxchg failed.</summary>
    internal sealed class StealDropOnFail : HazardPatch
    {
        protected override HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) => new Patched<TMem>(context, lazyMmCpus);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) : HazardScheme<TMem>(context, lazyMmCpus)
            where TMem : struct, IMemoryModel
        {
            protected override bool TryStealRqRef(Cpu self, int cpu, MmPtr od, MmPtr mm)
            {
                if (base.TryStealRqRef(self, cpu, od, mm))
                {
                    return true;
                }

                Context.MmDrop(self, od);
                return false;
            }
        }
    }

    /// <summary>hazard-stale-lazy-mm: try_drop_rq_ref trusts the lazy_mm the scan loop read instead of re-loading it.</summary>
    internal sealed class StaleLazyMm : HazardPatch
    {
        protected override HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) => new Patched<TMem>(context, lazyMmCpus);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) : HazardScheme<TMem>(context, lazyMmCpus)
            where TMem : struct, IMemoryModel
        {
            protected override bool RqStillLazyOn(int cpu, MmPtr mm) => true;
        }
    }

    /// <summary>
    /// hazard-cpumask-without-cpumask (scan = the cpumask, as it is, where the arch keeps none) and
    /// hazard-no-scan (scan = nothing): for_each_possible_lazymm_cpu replaced.
    /// </summary>
    internal sealed class ScanSetForced(ScanSet scanned) : HazardPatch
    {
        protected override HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) => new Patched<TMem>(context, lazyMmCpus, scanned);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus, ScanSet scanned) : HazardScheme<TMem>(context, lazyMmCpus)
            where TMem : struct, IMemoryModel
        {
            protected override ScanSet LazyMmCpus => scanned;
        }
    }

    /// <summary>hazard-batch-returns-one-more / -one-less: atomic_sub(batch ± 1) at the end of the scan.</summary>
    internal sealed class BatchOffByOne(long error) : HazardPatch
    {
        protected override HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus) => new Patched<TMem>(context, lazyMmCpus, error);

        private sealed class Patched<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus, long error) : HazardScheme<TMem>(context, lazyMmCpus)
            where TMem : struct, IMemoryModel
        {
            protected override long UnusedReferences(long batch) => batch != 0 ? batch + error : 0;
        }
    }

    /// <summary>Builds the hazard scheme's patched subclass when the kernel runs a hazard scheme; any other as it is.</summary>
    internal abstract class HazardPatch : KernelPatch
    {
        public sealed override ILazyTlbScheme CreateScheme<TMem>(SchemeDescriptor scheme, LazyTlbContext<TMem> context) =>
            scheme.Factory is HazardScheme hazard ? Create(context, hazard.LazyMmCpus(context.Arch)) : base.CreateScheme(scheme, context);

        protected abstract HazardScheme<TMem> Create<TMem>(LazyTlbContext<TMem> context, ScanSet lazyMmCpus)
            where TMem : struct, IMemoryModel;
    }
}
