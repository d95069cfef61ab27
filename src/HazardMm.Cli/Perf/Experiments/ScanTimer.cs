using System.Diagnostics;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Cli.Perf.Experiments;

/// <summary>
/// Times the hazard scheme's __mmput scan over N simulated CPUs directly, through the scheme's own
/// MmPutLazyTlb on a kernel with N CPUs and no thread running (design.md#hazard-scan): no CPU is lazy
/// on the mm, so each call loads every rq->lazy_mm once (arm64 scans every online CPU) and takes no
/// reference. Beside it, a bare load-acquire loop over the same padded slots.
/// </summary>
public static class ScanTimer
{
    /// <summary>Nanoseconds per full scan, and per bare loop over the same slots, each over about half of <paramref name="budget"/>.</summary>
    public static (double ScanNs, double BareNs) MeasureNs(int cpus, TimeSpan budget)
    {
        using var kernel = new Kernel<HardwareMemory>(cpus, 4, ArchModel.Arm64, HazardScheme.Descriptor);
        Cpu self = kernel.Cpus[0];
        if (!kernel.MmOps.TryMmAlloc(self, out MmPtr mm, out _))
        {
            throw new InvalidOperationException("a fresh kernel's slab is full");
        }

        // mm_users reaches 0, as at __mmput: the scan's precondition.
        kernel.MmOps.Counters.AddUsers(mm, -1);
        int batch = Math.Max(1, 65536 / cpus);
        double scan = Time(budget / 2, batch, () => kernel.Scheme.MmPutLazyTlb(self, mm));
        long found = 0;
        double bare = Time(budget / 2, batch, () =>
        {
            for (int cpu = 0; cpu < cpus; cpu++)
            {
                found += Volatile.Read(ref kernel.PerCpu.SchemeWord(cpu, 0)) == mm.Value ? 1 : 0;
            }
        });
        return found == 0 ? (scan, bare) : throw new InvalidOperationException("a slot named the mm: nothing runs on this kernel");
    }

    private static double Time(TimeSpan budget, int batch, Action once)
    {
        once();
        long calls = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            for (int i = 0; i < batch; i++)
            {
                once();
            }

            calls += batch;
        }
        while (clock.Elapsed < budget);
        return clock.Elapsed.TotalNanoseconds / calls;
    }
}
