using BenchmarkDotNet.Attributes;
using HazardMm.Arch;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Benchmarks;

/// <summary>
/// The retire side's walk over every CPU, as the machine grows (Linus's worry about 1024 CPUs):
/// __mmput's mm_unlazy_mm_count for hazard (design.md#hazard-scan) over every online CPU and over the
/// cpumask (design.md#hazard-scan-sets), and hazptr's hazptr_scan at __mmdrop (design.md#hazptr),
/// on a kernel of <see cref="Cpus"/> simulated CPUs whose one mm has no users left and nobody lazy on
/// it, so each call only scans. The baseline is a bare load-acquire loop over the same padded per-CPU
/// slots. Divide by <see cref="Cpus"/> for the cost per CPU.
/// </summary>
[MemoryDiagnoser]
public class ScanBenchmarks : IOracleChecked, IDisposable
{
    private Kernel<HardwareMemory>? _online;
    private Kernel<HardwareMemory>? _cpumask;
    private Kernel<HardwareMemory>? _hazptr;
    private MmPtr _mm;

    [Params(1, 4, 16, 64, 256, 1024)]
    public int Cpus { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _online = Dying(HazardScheme.OnlineDescriptor, out _mm);
        _cpumask = Dying(HazardScheme.CpumaskDescriptor, out _);
        _hazptr = Dying(HazptrScheme.Descriptor, out _);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _online?.Dispose();
        _cpumask?.Dispose();
        _hazptr?.Dispose();
        _online = _cpumask = _hazptr = null;
        GC.SuppressFinalize(this);
    }

    public void CheckOracle()
    {
        foreach (Kernel<HardwareMemory> kernel in new[] { _online!, _cpumask!, _hazptr! })
        {
            if (kernel.Control.Violation is { } violation)
            {
                throw violation;
            }

            foreach (Cpu cpu in kernel.Cpus)
            {
                kernel.Oracle?.CheckCpuInvariants(cpu);
            }
        }
    }

    /// <summary>ld_acq of every CPU's first scheme word (hazard's rq->lazy_mm), compared with the mm.</summary>
    [Benchmark(Baseline = true)]
    public int BareLoadAcquireLoop()
    {
        PerCpuArea perCpu = _online!.PerCpu;
        long mm = _mm.Value;
        int found = 0;
        for (int cpu = 0; cpu < Cpus; cpu++)
        {
            if (Volatile.Read(ref perCpu.SchemeWord(cpu, 0)) == mm)
            {
                found++;
            }
        }

        return found;
    }

    [Benchmark]
    public void HazardOnline() => _online!.Scheme.MmPutLazyTlb(_online.Cpus[0], _mm);

    [Benchmark]
    public void HazardCpumask() => _cpumask!.Scheme.MmPutLazyTlb(_cpumask.Cpus[0], _mm);

    [Benchmark]
    public void Hazptr() => _hazptr!.Scheme.CleanupLazyTlbs(_hazptr.Cpus[0], _mm);

    /// <summary>A kernel whose one mm has just lost its last user: the state __mmput scans in.</summary>
    private Kernel<HardwareMemory> Dying(SchemeDescriptor scheme, out MmPtr mm)
    {
        var kernel = new Kernel<HardwareMemory>(Cpus, 2, ArchModel.X86, scheme);
        Cpu boot = kernel.Cpus[0];
        if (!kernel.MmOps.TryMmAlloc(boot, out mm, out _))
        {
            throw new InvalidOperationException("mm slab full");
        }

        kernel.MmOps.Counters.AddUsers(mm, -1);
        return kernel;
    }
}
