using HazardMm.Systematic.Memory;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// The order of stores: x86-TSO has one total order of all stores (the order they leave the FIFO
/// buffers into memory), consistent with each CPU's program order and with what every CPU reads.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class StoreOrderLitmusTests(ITestOutputHelper output)
{
    /// <summary>
    /// 2+2W:
    /// <code>
    /// CPU 0: x = 1; y = 2               CPU 1: y = 1; x = 2
    /// </code>
    /// Forbidden final state: x == 1 &amp;&amp; y == 1. It would need x = 2 before x = 1 and y = 2 before
    /// y = 1 in memory, but each buffer drains in program order: x=1 &lt; y=2 &lt; y=1 &lt; x=2 &lt; x=1, a cycle.
    /// </summary>
    [Fact]
    public void TwoPlusTwoWrites_FinalStateRespectsProgramOrder()
    {
        var test = new LitmusTest(
            "2+2W",
            [
                s =>
                {
                    CoyoteTsoMemory.StoreRelease(ref s.X, 1);
                    CoyoteTsoMemory.StoreRelease(ref s.Y, 2);
                },
                s =>
                {
                    CoyoteTsoMemory.StoreRelease(ref s.Y, 1);
                    CoyoteTsoMemory.StoreRelease(ref s.X, 2);
                },
            ],
            s => $"x={s.X} y={s.Y}",
            Forbidden: s => s.X == 1 && s.Y == 1);

        LitmusResult result = LitmusRunner.Run(test, 2000, output);

        Assert.True(result.Count("x=2 y=2") > 0, $"the interleaved drain order never occurred: {result}");
    }

    /// <summary>
    /// n5 (Sewell et al., CACM 2010):
    /// <code>
    /// CPU 0: x = 1; r0 = x              CPU 1: x = 2; r1 = x
    /// </code>
    /// Forbidden: r0 == 2 &amp;&amp; r1 == 1. r0 == 2 means x = 1 had reached memory and x = 2 came after
    /// it; then CPU 1 can read neither memory nor its own buffer as 1. Each CPU reading the other's value
    /// would need the two stores in both orders.
    /// </summary>
    [Fact]
    public void N5_CpusDoNotReadEachOthersStoresInOppositeOrders()
    {
        var test = new LitmusTest(
            "n5",
            [
                s =>
                {
                    CoyoteTsoMemory.StoreRelease(ref s.X, 1);
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
                s =>
                {
                    CoyoteTsoMemory.StoreRelease(ref s.X, 2);
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"r0={s.R[0]} r1={s.R[1]}",
            Forbidden: s => s.R[0] == 2 && s.R[1] == 1);

        LitmusResult result = LitmusRunner.Run(test, 2000, output);

        Assert.True(
            result.Count("r0=2 r1=2") + result.Count("r0=1 r1=1") > 0,
            $"no CPU ever read the other's store: {result}");
    }

    /// <summary>
    /// CoRR with two writers (coherence: all CPUs agree on the order of stores to one location):
    /// <code>
    /// CPU 0: x = 1      CPU 1: x = 2      CPU 2: r0 = x; r1 = x      CPU 3: r2 = x; r3 = x
    /// </code>
    /// Forbidden: r0 == 1 &amp;&amp; r1 == 2 &amp;&amp; r2 == 2 &amp;&amp; r3 == 1 (the readers see the two stores in
    /// opposite orders). Both readers must see a change of value in some iterations.
    /// </summary>
    [Fact]
    public void StoresToOneLocationAreSeenInOneOrder()
    {
        var test = new LitmusTest(
            "CoRR, two writers",
            [
                s => CoyoteTsoMemory.StoreRelease(ref s.X, 1),
                s => CoyoteTsoMemory.StoreRelease(ref s.X, 2),
                s =>
                {
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
                s =>
                {
                    s.R[2] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                    s.R[3] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"r0={s.R[0]} r1={s.R[1]} r2={s.R[2]} r3={s.R[3]}",
            Forbidden: s => s.R[0] == 1 && s.R[1] == 2 && s.R[2] == 2 && s.R[3] == 1);

        LitmusResult result = LitmusRunner.Run(test, 1000, output);

        Assert.True(
            result.CountWhere(o => o.StartsWith("r0=1 r1=2", StringComparison.Ordinal) || o.StartsWith("r0=2 r1=1", StringComparison.Ordinal)) > 0,
            $"CPU 2 never saw x change between two stores: {result}");
    }
}
