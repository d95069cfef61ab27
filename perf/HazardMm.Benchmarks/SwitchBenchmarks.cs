using BenchmarkDotNet.Attributes;
using HazardMm.Memory;
using HazardMm.Schemes;

namespace HazardMm.Benchmarks;

/// <summary>
/// One switch round trip on one CPU, user → kernel thread (lazy) → user, through the real scheduler
/// (design.md#switch), per scheme, against the no-accounting floor (<see cref="NoAccountingScheme"/>),
/// and the bare memory operations each scheme adds per round trip, for scale:
/// refcount, two atomic adds on mm_count (design.md#refcount); shootdown, one smp_mb
/// (design.md#shootdown); hazard, a relaxed publish and a release unpublish (design.md#hazard-publish,
/// design.md#hazard-unpublish); hazptr, two fences and two slot stores (design.md#hazptr). Linus's
/// scheme adds nothing (design.md#linus). One operation = one round trip = two switches.
/// </summary>
[MemoryDiagnoser]
public class SwitchBenchmarks : IOracleChecked, IDisposable
{
    private readonly List<SwitchRig> _rigs = [];
    private SwitchRig? _floor;
    private SwitchRig? _refcount;
    private SwitchRig? _shootdown;
    private SwitchRig? _linus;
    private SwitchRig? _hazard;
    private SwitchRig? _hazptr;
    private Arena? _bare;

    [GlobalSetup]
    public void Setup()
    {
        _floor = Add(new SwitchRig(1, _ => new NoAccountingScheme()));
        _refcount = Add(new SwitchRig(1, RefcountScheme.Descriptor));
        _shootdown = Add(new SwitchRig(1, ShootdownScheme.Descriptor));
        _linus = Add(new SwitchRig(1, LinusScheme.Descriptor));
        _hazard = Add(new SwitchRig(1, HazardScheme.Descriptor));
        _hazptr = Add(new SwitchRig(1, HazptrScheme.Descriptor));
        _bare = new Arena(2);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (SwitchRig rig in _rigs)
        {
            rig.Dispose();
        }

        _rigs.Clear();
        _bare?.Dispose();
        _bare = null;
        GC.SuppressFinalize(this);
    }

    public void CheckOracle()
    {
        foreach (SwitchRig rig in _rigs)
        {
            rig.CheckOracle();
        }
    }

    [Benchmark(Baseline = true)]
    public void Floor() => _floor!.RoundTrip(0);

    [Benchmark]
    public void Refcount() => _refcount!.RoundTrip(0);

    [Benchmark]
    public void Shootdown() => _shootdown!.RoundTrip(0);

    [Benchmark]
    public void Linus() => _linus!.RoundTrip(0);

    [Benchmark]
    public void Hazard() => _hazard!.RoundTrip(0);

    [Benchmark]
    public void Hazptr() => _hazptr!.RoundTrip(0);

    /// <summary>mmgrab + mmdrop: two fully ordered adds on one counter.</summary>
    [Benchmark]
    public void RefcountBareOps()
    {
        ref long count = ref _bare!.Word(0, 0);
        Interlocked.Add(ref count, 1);
        Interlocked.Add(ref count, -1);
    }

    /// <summary>mmdrop_lazy_tlb's smp_mb.</summary>
    [Benchmark]
    public void ShootdownBareOps() => Interlocked.MemoryBarrier();

    /// <summary>WRITE_ONCE(rq->lazy_mm, mm), then smp_store_release(rq->lazy_mm, NULL).</summary>
    [Benchmark]
    public void HazardBareOps()
    {
        ref long lazyMm = ref _bare!.Word(1, 0);
        lazyMm = 1;
        Volatile.Write(ref lazyMm, 0);
    }

    /// <summary>smp_mb + slot store at grab, smp_mb + slot clear at drop.</summary>
    [Benchmark]
    public void HazptrBareOps()
    {
        ref long slot = ref _bare!.Word(1, 0);
        Interlocked.MemoryBarrier();
        slot = 1;
        Interlocked.MemoryBarrier();
        slot = 0;
    }

    private SwitchRig Add(SwitchRig rig)
    {
        _rigs.Add(rig);
        return rig;
    }
}
