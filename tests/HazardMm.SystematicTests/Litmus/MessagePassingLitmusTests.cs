using HazardMm.Systematic.Memory;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// MP, message passing: a writer publishes data, then a flag; a reader that sees the flag must see the
/// data. x86-TSO keeps this without fences: the writer's buffer is FIFO, so its stores reach memory in
/// program order, and the reader's loads are not reordered with each other.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class MessagePassingLitmusTests(ITestOutputHelper output)
{
    /// <summary>
    /// SDM example 8-1 (iwp2.1/amd1), "stores are not reordered with other stores":
    /// <code>
    /// CPU 0: x = 1; y = 1               CPU 1: r0 = y; r1 = x
    /// </code>
    /// Forbidden: r0 == 1 &amp;&amp; r1 == 0 (flag seen, data not). Not vacuous: the reader must see the
    /// flag in at least 5% of iterations, or "never forbidden" would say nothing.
    /// </summary>
    [Fact]
    public void FlagSeen_ImpliesDataSeen()
    {
        var test = new LitmusTest(
            "MP (SDM 8-1)",
            [
                s =>
                {
                    CoyoteTsoMemory.StoreRelease(ref s.X, 1);
                    CoyoteTsoMemory.StoreRelease(ref s.Y, 1);
                },
                s =>
                {
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.Y);
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"flag={s.R[0]} data={s.R[1]}",
            Forbidden: s => s.R[0] == 1 && s.R[1] == 0);

        LitmusResult result = LitmusRunner.Run(test, 2000, output);

        Assert.True(result.Count("flag=1 data=1") >= result.Iterations / 20, $"flag seen in under 5% of iterations: {result}");
    }

    /// <summary>
    /// MP with a spinning reader:
    /// <code>
    /// CPU 0: x = 1; y = 1; (ends)       CPU 1: while (y == 0) cpu_relax(); r0 = x
    /// </code>
    /// Forbidden: r0 == 0. Also checks the model's liveness: a CPU's last store is still in its buffer
    /// when it ends (a store enters the buffer after the drains of its own step), so the flag becomes
    /// visible only through drains made at the spinner's own steps. Every iteration must end (the runner
    /// checks none hit the step bound), and the spinner must really have spun in some (counted).
    /// </summary>
    [Fact]
    public void Spinner_SeesTheFlagEventually_ThenTheData()
    {
        var test = new LitmusTest(
            "MP+spin",
            [
                s =>
                {
                    CoyoteTsoMemory.StoreRelease(ref s.X, 1);
                    CoyoteTsoMemory.StoreRelease(ref s.Y, 1);
                },
                s =>
                {
                    while (CoyoteTsoMemory.LoadAcquire(ref s.Y) == 0)
                    {
                        CoyoteTsoMemory.CpuRelax();
                        s.R[1]++;
                    }

                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"data={s.R[0]} spun={s.R[1] > 0}",
            Forbidden: s => s.R[0] != 1);

        LitmusResult result = LitmusRunner.Run(test, 1000, output);

        Assert.True(result.Count("data=1 spun=True") > 0, $"the reader never had to spin: {result}");
    }

    /// <summary>
    /// SDM example 8-10, "stores are not reordered with locks", in both directions:
    /// <code>
    /// locked first:  CPU 0: xchg(x, 1); y = 1      CPU 1: r0 = y; r1 = x
    /// locked second: CPU 0: x = 1; xchg(y, 1)      CPU 1: r0 = y; r1 = x
    /// </code>
    /// Forbidden: r0 == 1 &amp;&amp; r1 == 0. The second form fails if a locked RMW wrote memory without first
    /// draining the stores buffered before it.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StoresAreNotReorderedWithLockedInstructions(bool lockedFirst)
    {
        var test = new LitmusTest(
            lockedFirst ? "MP, xchg then store (SDM 8-10)" : "MP, store then xchg (SDM 8-10)",
            [
                s =>
                {
                    if (lockedFirst)
                    {
                        CoyoteTsoMemory.Exchange(ref s.X, 1);
                        CoyoteTsoMemory.StoreRelease(ref s.Y, 1);
                    }
                    else
                    {
                        CoyoteTsoMemory.StoreRelease(ref s.X, 1);
                        CoyoteTsoMemory.Exchange(ref s.Y, 1);
                    }
                },
                s =>
                {
                    s.R[0] = CoyoteTsoMemory.LoadAcquire(ref s.Y);
                    s.R[1] = CoyoteTsoMemory.LoadAcquire(ref s.X);
                },
            ],
            s => $"r0={s.R[0]} r1={s.R[1]}",
            Forbidden: s => s.R[0] == 1 && s.R[1] == 0);

        LitmusResult result = LitmusRunner.Run(test, 1000, output);

        Assert.True(result.Count("r0=1 r1=1") >= result.Iterations / 20, $"second store seen in under 5% of iterations: {result}");
    }
}
