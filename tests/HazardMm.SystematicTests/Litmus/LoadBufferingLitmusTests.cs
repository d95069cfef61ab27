using HazardMm.Systematic.Memory;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// LB, load buffering (SDM example 8-2, iwp2.2/amd2, "stores are not reordered with older loads"):
/// <code>
/// CPU 0: r0 = x; y = 1              CPU 1: r1 = y; x = 1
/// </code>
/// Forbidden on x86-TSO: r0 == 1 &amp;&amp; r1 == 1. A load reads memory (or its own buffer) when it
/// executes and is never delayed, while the store after it only enters the buffer then; so each load
/// happens before the other CPU's store can be seen. The two one-sided outcomes must be observed.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class LoadBufferingLitmusTests(ITestOutputHelper output)
{
    [Fact]
    public void LoadsAreNotDelayedPastLaterStores()
    {
        var test = new LitmusTest(
            "LB (SDM 8-2)",
            [
                s =>
                {
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                    CoyoteTsoMemory.StoreRelease(ref s.Y, 1);
                },
                s =>
                {
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.Y);
                    CoyoteTsoMemory.StoreRelease(ref s.X, 1);
                },
            ],
            s => $"r0={s.R[0]} r1={s.R[1]}",
            Forbidden: s => s.R[0] == 1 && s.R[1] == 1);

        LitmusResult result = LitmusRunner.Run(test, 2000, output);

        Assert.True(result.Count("r0=1 r1=0") > 0, $"CPU 0 never read CPU 1's store: {result}");
        Assert.True(result.Count("r0=0 r1=1") > 0, $"CPU 1 never read CPU 0's store: {result}");
    }
}
