using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>Every statement of the subset, one at a time, in a process with an int, an intptr_t and an atomic_t parameter.</summary>
public sealed class LitmusStatementTests
{
    private const int Line = 6;

    public static TheoryData<string, LitmusStatement[]> Statements => new()
    {
        { "int r0;", [new LitmusLocal(Line, "r0", 0)] },
        { "int r0 = 5;", [new LitmusLocal(Line, "r0", 5)] },
        { "int r0 = -5, r1;", [new LitmusLocal(Line, "r0", -5), new LitmusLocal(Line, "r1", 0)] },
        { "long r0 = 0x10;", [new LitmusLocal(Line, "r0", 16)] },
        { "unsigned int r0;", [new LitmusLocal(Line, "r0", 0)] },
        { "intptr_t r1 = READ_ONCE(*x);", [new LitmusLoad(Line, "r1", "x", LitmusOrder.Relaxed)] },
        { "r2 = READ_ONCE(*y);", [new LitmusLoad(Line, "r2", "y", LitmusOrder.Relaxed)] },
        { "r2 = 7;", [new LitmusLocal(Line, "r2", 7)] },
        { "r0 = smp_load_acquire(x);", [new LitmusLoad(Line, "r0", "x", LitmusOrder.Acquire)] },
        { "r0 = atomic_read(v);", [new LitmusLoad(Line, "r0", "v", LitmusOrder.Relaxed)] },
        { "r0 = atomic_read_acquire(v);", [new LitmusLoad(Line, "r0", "v", LitmusOrder.Acquire)] },
        { "WRITE_ONCE(*x, 1);", [new LitmusStore(Line, "x", 1, LitmusOrder.Relaxed)] },
        { "WRITE_ONCE(*x, -1);", [new LitmusStore(Line, "x", -1, LitmusOrder.Relaxed)] },
        { "WRITE_ONCE(*x, 0x7fffffffffffffff);", [new LitmusStore(Line, "x", long.MaxValue, LitmusOrder.Relaxed)] },
        { "WRITE_ONCE(*x, -9223372036854775808);", [new LitmusStore(Line, "x", long.MinValue, LitmusOrder.Relaxed)] },
        { "smp_store_release(y, 2);", [new LitmusStore(Line, "y", 2, LitmusOrder.Release)] },
        { "atomic_set(v, 3);", [new LitmusStore(Line, "v", 3, LitmusOrder.Relaxed)] },
        { "atomic_set_release(v, 3);", [new LitmusStore(Line, "v", 3, LitmusOrder.Release)] },
        { "smp_mb();", [new LitmusFence(Line)] },
        { "r0 = xchg(x, 1);", [Rmw("r0", LitmusRmwKind.Exchange, "x", 1, 0, false, LitmusOrder.Full, "xchg")] },
        { "xchg_relaxed(x, 1);", [Rmw(null, LitmusRmwKind.Exchange, "x", 1, 0, false, LitmusOrder.Relaxed, "xchg_relaxed")] },
        { "r0 = cmpxchg_acquire(x, 1, 2);", [Rmw("r0", LitmusRmwKind.CompareExchange, "x", 2, 1, false, LitmusOrder.Acquire, "cmpxchg_acquire")] },
        { "r0 = atomic_cmpxchg_release(v, 0, 1);", [Rmw("r0", LitmusRmwKind.CompareExchange, "v", 1, 0, false, LitmusOrder.Release, "atomic_cmpxchg_release")] },
        { "r0 = atomic_xchg(v, 4);", [Rmw("r0", LitmusRmwKind.Exchange, "v", 4, 0, false, LitmusOrder.Full, "atomic_xchg")] },
        { "atomic_add(2, v);", [Rmw(null, LitmusRmwKind.Add, "v", 2, 0, false, LitmusOrder.Relaxed, "atomic_add")] },
        { "atomic_sub(2, v);", [Rmw(null, LitmusRmwKind.Add, "v", -2, 0, false, LitmusOrder.Relaxed, "atomic_sub")] },
        { "atomic_inc(v);", [Rmw(null, LitmusRmwKind.Add, "v", 1, 0, false, LitmusOrder.Relaxed, "atomic_inc")] },
        { "atomic_dec(v);", [Rmw(null, LitmusRmwKind.Add, "v", -1, 0, false, LitmusOrder.Relaxed, "atomic_dec")] },
        { "r0 = atomic_add_return(3, v);", [Rmw("r0", LitmusRmwKind.Add, "v", 3, 0, true, LitmusOrder.Full, "atomic_add_return")] },
        { "r0 = atomic_sub_return_release(3, v);", [Rmw("r0", LitmusRmwKind.Add, "v", -3, 0, true, LitmusOrder.Release, "atomic_sub_return_release")] },
        { "r0 = atomic_inc_return_acquire(v);", [Rmw("r0", LitmusRmwKind.Add, "v", 1, 0, true, LitmusOrder.Acquire, "atomic_inc_return_acquire")] },
        { "r0 = atomic_dec_return_relaxed(v);", [Rmw("r0", LitmusRmwKind.Add, "v", -1, 0, true, LitmusOrder.Relaxed, "atomic_dec_return_relaxed")] },
        { "r0 = atomic_fetch_add(5, v);", [Rmw("r0", LitmusRmwKind.Add, "v", 5, 0, false, LitmusOrder.Full, "atomic_fetch_add")] },
        { "r0 = atomic_fetch_sub_relaxed(5, v);", [Rmw("r0", LitmusRmwKind.Add, "v", -5, 0, false, LitmusOrder.Relaxed, "atomic_fetch_sub_relaxed")] },
        { "atomic_fetch_inc_release(v);", [Rmw(null, LitmusRmwKind.Add, "v", 1, 0, false, LitmusOrder.Release, "atomic_fetch_inc_release")] },
        { "r0 = atomic_fetch_dec_acquire(v);", [Rmw("r0", LitmusRmwKind.Add, "v", -1, 0, false, LitmusOrder.Acquire, "atomic_fetch_dec_acquire")] },
        { "WRITE_ONCE(*x, /* a C comment */ 1); // and another", [new LitmusStore(Line, "x", 1, LitmusOrder.Relaxed)] },
        { ";", [] },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public void StatementReadsAsWritten(string statement, LitmusStatement[] expected)
    {
        LitmusFile file = LitmusReader.Parse(InProcess(statement), "statement.litmus");

        Assert.Equal(expected, file.Processes[0].Body);
    }

    /// <summary>Every RMW spelling in every ordering: the order the suffix names (none: fully ordered), and the spelling kept.</summary>
    [Theory]
    [InlineData("", LitmusOrder.Full)]
    [InlineData("_relaxed", LitmusOrder.Relaxed)]
    [InlineData("_acquire", LitmusOrder.Acquire)]
    [InlineData("_release", LitmusOrder.Release)]
    public void EveryRmwSpellingTakesItsSuffixsOrder(string suffix, LitmusOrder order)
    {
        string[] calls =
        [
            $"xchg{suffix}(x, 1)", $"cmpxchg{suffix}(x, 0, 1)", $"atomic_xchg{suffix}(v, 1)", $"atomic_cmpxchg{suffix}(v, 0, 1)",
            $"atomic_add_return{suffix}(1, v)", $"atomic_sub_return{suffix}(1, v)", $"atomic_inc_return{suffix}(v)", $"atomic_dec_return{suffix}(v)",
            $"atomic_fetch_add{suffix}(1, v)", $"atomic_fetch_sub{suffix}(1, v)", $"atomic_fetch_inc{suffix}(v)", $"atomic_fetch_dec{suffix}(v)",
        ];

        foreach (string call in calls)
        {
            var rmw = Assert.IsType<LitmusRmw>(Assert.Single(LitmusReader.Parse(InProcess($"r0 = {call};"), "rmw.litmus").Processes[0].Body));
            Assert.Equal(call[..call.IndexOf('(', StringComparison.Ordinal)], rmw.Spelling);
            Assert.Equal(order, rmw.Order);
            Assert.Equal(call.Contains("_return", StringComparison.Ordinal), rmw.ReturnsNew);
        }
    }

    [Fact]
    public void DeclarationsAndAssignmentsMakeRegistersTheConditionMayName()
    {
        LitmusFile file = LitmusReader.Parse(
            InProcess("int r0; intptr_t r1 = READ_ONCE(*x); r2 = xchg(y, 1); r3 = 4;", "exists (0:r0=0 /\\ 0:r1=0 /\\ 0:r2=0 /\\ 0:r3=4)"),
            "registers.litmus");

        Assert.Equal(4, file.Processes[0].Body.Count);
    }

    /// <summary>A file whose P0 (int *x, intptr_t *y, atomic_t *v) runs <paramref name="statement"/> on line 6.</summary>
    internal static string InProcess(string statement, string condition = "exists (x=0)") => $"""
        C statement
        (* Result: Sometimes *)
        {"{}"}
        P0(int *x, intptr_t *y, atomic_t *v)
        {"{"}
        {statement}
        {"}"}
        {condition}
        """;

    private static LitmusRmw Rmw(string? register, LitmusRmwKind kind, string location, long operand, long comparand, bool returnsNew, LitmusOrder order, string spelling) =>
        new(Line, register, kind, location, operand, comparand, returnsNew, order, spelling);
}
