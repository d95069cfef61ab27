using HazardMm.Cpus;
using BenchmarkDotNet.Attributes;

namespace HazardMm.Benchmarks;

/// <summary>
/// A real IPI round trip, membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), while the partner thread
/// spins on the other core (so the kernel has a core to interrupt), against the raw ping-pong between
/// the same two threads: what one simulated IPI stands for on this host, to calibrate a cost model.
/// </summary>
[MemoryDiagnoser]
[NeedsMembarrier]
public class RealIpiBenchmarks : IOracleChecked, IDisposable
{
    private IpiPartner? _partner;

    [GlobalSetup]
    public void Setup()
    {
        if (BenchmarkClasses.Unavailable(GetType()) is string why)
        {
            throw new PlatformNotSupportedException(why);
        }

        _partner = new IpiPartner();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _partner?.Dispose();
        _partner = null;
        GC.SuppressFinalize(this);
    }

    public void CheckOracle() => _partner!.CheckOracle();

    [Benchmark(Baseline = true)]
    public void CacheLinePingPong() => _partner!.PingPong();

    [Benchmark]
    public void MembarrierIpi()
    {
        if (!RealIpi.Barrier())
        {
            throw new InvalidOperationException("membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) failed");
        }
    }
}
