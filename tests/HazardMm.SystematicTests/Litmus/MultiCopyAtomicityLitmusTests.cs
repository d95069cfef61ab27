using HazardMm.Systematic.Memory;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// Multi-copy atomicity: on x86-TSO a store leaves its CPU's buffer straight into the one shared
/// memory, so it becomes visible to every other CPU at the same moment. Observers therefore agree on
/// the order of stores from different CPUs, and visibility is transitive.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class MultiCopyAtomicityLitmusTests(ITestOutputHelper output)
{
    /// <summary>
    /// WRC, write-to-read causality (SDM example 8-6, iwp2.5/amd8, "stores are transitively visible"):
    /// <code>
    /// CPU 0: x = 1      CPU 1: r0 = x; y = 1      CPU 2: r1 = y; r2 = x
    /// </code>
    /// Forbidden: r0 == 1 &amp;&amp; r1 == 1 &amp;&amp; r2 == 0. CPU 1 read x = 1 from memory, so x = 1 was in
    /// memory before CPU 1's y = 1 was even buffered, and CPU 2 reads y then x in order.
    /// </summary>
    [Fact]
    public void StoresAreTransitivelyVisible()
    {
        var test = new LitmusTest(
            "WRC (SDM 8-6)",
            [
                s => CoyoteTsoMemory.StoreRelease(ref s.X, 1),
                s =>
                {
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                    CoyoteTsoMemory.StoreRelease(ref s.Y, 1);
                },
                s =>
                {
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.Y);
                    s.R[2] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"r0={s.R[0]} r1={s.R[1]} r2={s.R[2]}",
            Forbidden: s => s.R[0] == 1 && s.R[1] == 1 && s.R[2] == 0);

        LitmusResult result = LitmusRunner.Run(test, 2000, output);

        Assert.True(result.Count("r0=1 r1=1 r2=1") > 0, $"the causal chain never formed: {result}");
    }

    /// <summary>
    /// IRIW, independent reads of independent writes (SDM example 8-7, iwp2.7/amd7, "stores are seen in
    /// a consistent order by other processors"):
    /// <code>
    /// CPU 0: x = 1      CPU 1: y = 1      CPU 2: r0 = x; r1 = y      CPU 3: r2 = y; r3 = x
    /// </code>
    /// Forbidden: r0 == 1 &amp;&amp; r1 == 0 &amp;&amp; r2 == 1 &amp;&amp; r3 == 0 (CPU 2 saw x first, CPU 3 saw y first).
    /// Allowed on non-multi-copy-atomic machines (POWER), never on x86. Both one-sided orders must be seen.
    /// </summary>
    [Fact]
    public void IndependentWritesAreSeenInOneOrder()
    {
        var test = new LitmusTest(
            "IRIW (SDM 8-7)",
            [
                s => CoyoteTsoMemory.StoreRelease(ref s.X, 1),
                s => CoyoteTsoMemory.StoreRelease(ref s.Y, 1),
                s =>
                {
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.Y);
                },
                s =>
                {
                    s.R[2] = CoyoteTsoMemory.LoadAcquire(ref s.Y);
                    s.R[3] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"r0={s.R[0]} r1={s.R[1]} r2={s.R[2]} r3={s.R[3]}",
            Forbidden: s => s.R[0] == 1 && s.R[1] == 0 && s.R[2] == 1 && s.R[3] == 0);

        LitmusResult result = LitmusRunner.Run(test, 2000, output);

        Assert.True(result.CountWhere(o => o.StartsWith("r0=1 r1=0", StringComparison.Ordinal)) > 0, $"CPU 2 never saw x alone: {result}");
        Assert.True(result.CountWhere(o => o.EndsWith("r2=1 r3=0", StringComparison.Ordinal)) > 0, $"CPU 3 never saw y alone: {result}");
    }
}
