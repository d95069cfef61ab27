using BenchmarkDotNet.Attributes;

namespace HazardMm.Benchmarks;

/// <summary>
/// The simulated IPI round trip (post, the target's poll and handler, the sender's wait; design.md#ipi)
/// against the floor any cross-core handshake pays: a raw cache-line ping-pong between the same two
/// pinned threads.
/// </summary>
[MemoryDiagnoser]
public class IpiBenchmarks : IOracleChecked, IDisposable
{
    private IpiPartner? _partner;

    [GlobalSetup]
    public void Setup() => _partner = new IpiPartner();

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
    public void SimulatedIpi() => _partner!.SimulatedIpi();
}
