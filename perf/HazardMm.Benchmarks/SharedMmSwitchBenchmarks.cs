using BenchmarkDotNet.Attributes;
using HazardMm.Cpus;
using HazardMm.Schemes;

namespace HazardMm.Benchmarks;

/// <summary>
/// Every host core a CPU, each running a thread of one process and switching it out to its idle task
/// and back (user → kernel thread, lazy on the shared mm → user), all at once: the shape of
/// will-it-scale's context_switch1 with every thread in one mm. Refcount's mm_count line bounces
/// between the cores (design.md#refcount); the hazard schemes touch only per-CPU lines
/// (design.md#hazard). One operation = one switch; the result is the time per switch of the whole
/// machine (wall time / switches on all CPUs), against the no-accounting floor.
/// </summary>
[MemoryDiagnoser]
public class SharedMmSwitchBenchmarks : IOracleChecked, IDisposable
{
    /// <summary>Switches per invocation, on all CPUs together (two per round trip).</summary>
    public const int Switches = 4096;

    private readonly List<SwitchRig> _rigs = [];
    private PinnedCrew? _crew;
    private SwitchRig? _active;
    private SwitchRig? _floor;
    private SwitchRig? _refcount;
    private SwitchRig? _shootdown;
    private SwitchRig? _linus;
    private SwitchRig? _hazard;
    private SwitchRig? _hazptr;

    /// <summary>CPUs switching at once: one per host core this process may use.</summary>
    public static int Cpus => ThreadAffinity.AllowedCores().Length;

    [GlobalSetup]
    public void Setup()
    {
        int cpus = Cpus;
        _floor = Add(new SwitchRig(cpus, _ => new NoAccountingScheme()));
        _refcount = Add(new SwitchRig(cpus, RefcountScheme.Descriptor));
        _shootdown = Add(new SwitchRig(cpus, ShootdownScheme.Descriptor));
        _linus = Add(new SwitchRig(cpus, LinusScheme.Descriptor));
        _hazard = Add(new SwitchRig(cpus, HazardScheme.Descriptor));
        _hazptr = Add(new SwitchRig(cpus, HazptrScheme.Descriptor));
        _crew = new PinnedCrew(cpus, cpu =>
        {
            SwitchRig rig = _active!;
            for (int n = RoundTripsFor(cpu, cpus); n > 0; n--)
            {
                rig.RoundTrip(cpu);
            }
        });
    }

    /// <summary>Stops the helpers, gives the main thread its cores back, frees the kernels.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _crew?.Dispose();
        _crew = null;
        foreach (SwitchRig rig in _rigs)
        {
            rig.Dispose();
        }

        _rigs.Clear();
        GC.SuppressFinalize(this);
    }

    public void CheckOracle()
    {
        foreach (SwitchRig rig in _rigs)
        {
            rig.CheckOracle();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Switches)]
    public void Floor() => RunAll(_floor!);

    [Benchmark(OperationsPerInvoke = Switches)]
    public void Refcount() => RunAll(_refcount!);

    [Benchmark(OperationsPerInvoke = Switches)]
    public void Shootdown() => RunAll(_shootdown!);

    [Benchmark(OperationsPerInvoke = Switches)]
    public void Linus() => RunAll(_linus!);

    [Benchmark(OperationsPerInvoke = Switches)]
    public void Hazard() => RunAll(_hazard!);

    [Benchmark(OperationsPerInvoke = Switches)]
    public void Hazptr() => RunAll(_hazptr!);

    /// <summary>CPU <paramref name="cpu"/>'s share of the round trips: together exactly <see cref="Switches"/> / 2.</summary>
    public static int RoundTripsFor(int cpu, int cpus)
    {
        const int roundTrips = Switches / 2;
        return (roundTrips / cpus) + (cpu < roundTrips % cpus ? 1 : 0);
    }

    /// <summary>The crew's barrier (a full fence) publishes <see cref="_active"/> to the helpers.</summary>
    private void RunAll(SwitchRig rig)
    {
        _active = rig;
        _crew!.Run();
    }

    private SwitchRig Add(SwitchRig rig)
    {
        _rigs.Add(rig);
        return rig;
    }
}
