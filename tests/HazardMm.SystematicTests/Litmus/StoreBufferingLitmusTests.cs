using HazardMm.Memory;
using HazardMm.Systematic;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// SB, store buffering (Intel SDM example 8-3, "loads may be reordered with older stores"; the
/// running example of Sewell et al., CACM 2010):
/// <code>
/// CPU 0: x = 1; [order]; r0 = y      CPU 1: y = 1; [order]; r1 = x
/// </code>
/// r0 == 0 &amp;&amp; r1 == 0 is the one outcome x86-TSO allows and SC forbids: each store waits in its
/// CPU's buffer while the load after it reads memory. Anything that drains the buffer between the store
/// and the load forbids it again: mfence, a locked RMW used as a fence (Linux's smp_mb() on x86 is
/// <c>lock addl $0</c>), or making the store itself a locked xchg (SDM example 8-9, "loads are not
/// reordered with locks"). Every registered model must forbid it with any of them in between.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class StoreBufferingLitmusTests(ITestOutputHelper output)
{
    private const string Relaxed = "r0=0 r1=0";

    /// <summary>What stands between each CPU's store and its load.</summary>
    public enum Ordering
    {
        /// <summary>mfence.</summary>
        FullFence,

        /// <summary><c>lock add $0</c> to a scratch word (smp_mb() on x86).</summary>
        LockedAdd,

        /// <summary><c>lock cmpxchg</c> on a scratch word.</summary>
        LockedCompareExchange,

        /// <summary>The store itself is an xchg (SDM example 8-9).</summary>
        ExchangeStore,
    }

    public static TheoryData<string, Ordering> Drains()
    {
        var data = new TheoryData<string, Ordering>();
        foreach (MemoryModelDescriptor model in MemoryModels.All)
        {
            foreach (Ordering ordering in Enum.GetValues<Ordering>())
            {
                data.Add(model.Name, ordering);
            }
        }

        return data;
    }

    /// <summary>Whether the relaxed outcome shows without anything in between is the registry's check (<see cref="ModelRegistryLitmusTests"/>).</summary>
    [Theory]
    [MemberData(nameof(Drains))]
    public void EveryModel_WithDrainBetweenStoreAndLoad_NeverShowsTheRelaxedOutcome(string model, Ordering ordering)
    {
        var body = new Body(ordering, output);

        MemoryModels.Get(model).Run(body);

        Assert.Equal(0, body.Result!.Count(Relaxed));
    }

    private static LitmusTest StoreBuffering<TMem>(Ordering ordering)
        where TMem : struct, IMemoryModel
    {
        static void StoreThenLoad(LitmusState s, ref long store, ref long load, int register, Ordering ordering)
        {
            if (ordering == Ordering.ExchangeStore)
            {
                TMem.Exchange(ref store, 1);
            }
            else
            {
                TMem.StoreRelease(ref store, 1);
            }

            switch (ordering)
            {
                case Ordering.FullFence:
                    TMem.FullFence();
                    break;
                case Ordering.LockedAdd:
                    TMem.Add(ref s.Scratch, 0);
                    break;
                case Ordering.LockedCompareExchange:
                    TMem.CompareExchange(ref s.Scratch, 0, 0);
                    break;
            }

            s.R[register] = TMem.LoadAcquire(ref load);
        }

        return new LitmusTest(
            $"SB+{ordering} on {typeof(TMem).Name}",
            [
                s => StoreThenLoad(s, ref s.X, ref s.Y, 0, ordering),
                s => StoreThenLoad(s, ref s.Y, ref s.X, 1, ordering),
            ],
            s => $"r0={s.R[0]} r1={s.R[1]}",
            s => s.R[0] == 0 && s.R[1] == 0);
    }

    /// <summary>Runs the test with the model's <c>TMem</c>.</summary>
    private sealed class Body(Ordering ordering, ITestOutputHelper output) : IModelBody
    {
        public LitmusResult? Result { get; private set; }

        public void Run<TMem>()
            where TMem : struct, IMemoryModel =>
            Result = LitmusRunner.Run(StoreBuffering<TMem>(ordering), 1000, output);
    }
}
