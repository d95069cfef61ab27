using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>Whole files of the two classic shapes, message passing and store buffering, read into the full tree.</summary>
public sealed class LitmusReaderShapeTests
{
    internal const string MessagePassing = """
        C MP+release+acquire

        (*
         * Result: Never
         *
         * The writer publishes data, then the flag with release; a reader that sees the
         * flag with acquire must see the data.
         *)

        {}

        P0(int *data, int *flag)
        {
        	WRITE_ONCE(*data, 1);
        	smp_store_release(flag, 1);
        }

        P1(int *data, int *flag)
        {
        	int r0;
        	int r1;

        	r0 = smp_load_acquire(flag);
        	r1 = READ_ONCE(*data);
        }

        exists (1:r0=1 /\ 1:r1=0) (* the stale read *)
        """;

    internal const string StoreBuffering = """
        C SB+mbs
        (* Result: Never *)
        { x=0; y=0; }
        P0(int *x, int *y) {
        	intptr_t r0;
        	WRITE_ONCE(*x, 1);
        	smp_mb(); // orders the store to x before the load of y
        	r0 = READ_ONCE(*y);
        }
        P1(int *x, int *y) {
        	WRITE_ONCE(*y, 1);
        	smp_mb(); /* pairs with P0's */
        	r1 = READ_ONCE(*x);
        }
        exists (0:r0=0 /\ 1:r1=0 \/ x=2)
        """;

    [Fact]
    public void MessagePassingReadsIntoTheFullTree()
    {
        LitmusFile file = LitmusReader.Parse(MessagePassing, "mp.litmus");

        Assert.Equal("mp.litmus", file.Path);
        Assert.Equal("MP+release+acquire", file.Name);
        Assert.Equal(LitmusExpectation.Never, file.Expected);
        Assert.Equal(["data", "flag"], file.Locations);
        Assert.Empty(file.Initial);
        Assert.Equal(2, file.Processes.Count);
        Assert.Equal(0, file.Processes[0].Id);
        Assert.Equal(["data", "flag"], file.Processes[0].Parameters);
        Assert.Equal<LitmusStatement>(
            [new LitmusStore(14, "data", 1, LitmusOrder.Relaxed), new LitmusStore(15, "flag", 1, LitmusOrder.Release)],
            file.Processes[0].Body);
        Assert.Equal<LitmusStatement>(
            [
                new LitmusLocal(20, "r0", 0),
                new LitmusLocal(21, "r1", 0),
                new LitmusLoad(23, "r0", "flag", LitmusOrder.Acquire),
                new LitmusLoad(24, "r1", "data", LitmusOrder.Relaxed),
            ],
            file.Processes[1].Body);
        Assert.Equal(
            new LitmusCondition(LitmusQuantifier.Exists, new LitmusAnd(new LitmusRegisterEquals(1, "r0", 1), new LitmusRegisterEquals(1, "r1", 0))),
            file.Condition);
        Assert.Null(file.Filter);
        Assert.Empty(file.ShownLocations);
    }

    [Fact]
    public void StoreBufferingReadsUndeclaredRegistersCCommentsAndAnOr()
    {
        LitmusFile file = LitmusReader.Parse(StoreBuffering, "sb.litmus");

        Assert.Equal("SB+mbs", file.Name);
        Assert.Equal(new Dictionary<string, long> { ["x"] = 0, ["y"] = 0 }, file.Initial);
        Assert.Equal<LitmusStatement>(
            [
                new LitmusLocal(5, "r0", 0),
                new LitmusStore(6, "x", 1, LitmusOrder.Relaxed),
                new LitmusFence(7),
                new LitmusLoad(8, "r0", "y", LitmusOrder.Relaxed),
            ],
            file.Processes[0].Body);
        Assert.Equal<LitmusStatement>(
            [new LitmusStore(11, "y", 1, LitmusOrder.Relaxed), new LitmusFence(12), new LitmusLoad(13, "r1", "x", LitmusOrder.Relaxed)],
            file.Processes[1].Body);

        // /\ binds tighter than \/: (0:r0=0 /\ 1:r1=0) \/ x=2.
        Assert.Equal(
            new LitmusOr(
                new LitmusAnd(new LitmusRegisterEquals(0, "r0", 0), new LitmusRegisterEquals(1, "r1", 0)),
                new LitmusLocationEquals("x", 2)),
            file.Condition.Proposition);
    }

    [Fact]
    public void ResultCommentOnTheNameLineAndADocStringAreRead()
    {
        LitmusFile file = LitmusReader.Parse(
            "C LB+ctrl (* Result: Sometimes *)\n\"PodRW Rfe PodRW Rfe\"\n{}\nP0(int *x) { r0 = READ_ONCE(*x); }\nexists (0:r0=0)",
            "lb.litmus");

        Assert.Equal("LB+ctrl", file.Name);
        Assert.Equal(LitmusExpectation.Sometimes, file.Expected);
    }
}
