using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>Every form of the final condition, <c>locations</c> and <c>filter</c>, and the operators' precedence.</summary>
public sealed class LitmusConditionTests
{
    private static readonly LitmusProposition A = new LitmusRegisterEquals(0, "r0", 1);
    private static readonly LitmusProposition B = new LitmusRegisterEquals(1, "r1", 0);
    private static readonly LitmusProposition C = new LitmusLocationEquals("x", 2);

    public static TheoryData<string, LitmusQuantifier, LitmusProposition> Conditions => new()
    {
        { "exists (0:r0=1)", LitmusQuantifier.Exists, A },
        { "~exists (0:r0=1)", LitmusQuantifier.NotExists, A },
        { "~ exists 0:r0=1", LitmusQuantifier.NotExists, A },
        { "forall (x=2)", LitmusQuantifier.Forall, C },
        { "exists 0:r0=1", LitmusQuantifier.Exists, A },
        { "exists (0:r0 = 1 /\\ 1:r1 = 0)", LitmusQuantifier.Exists, new LitmusAnd(A, B) },
        { "exists (0:r0=1 \\/ 1:r1=0)", LitmusQuantifier.Exists, new LitmusOr(A, B) },
        { "exists (0:r0=1 /\\ 1:r1=0 \\/ x=2)", LitmusQuantifier.Exists, new LitmusOr(new LitmusAnd(A, B), C) },
        { "exists (0:r0=1 \\/ 1:r1=0 /\\ x=2)", LitmusQuantifier.Exists, new LitmusOr(A, new LitmusAnd(B, C)) },
        { "exists ((0:r0=1 \\/ 1:r1=0) /\\ x=2)", LitmusQuantifier.Exists, new LitmusAnd(new LitmusOr(A, B), C) },
        { "exists (0:r0=1 /\\ 1:r1=0 /\\ x=2)", LitmusQuantifier.Exists, new LitmusAnd(new LitmusAnd(A, B), C) },
        { "exists (0:r0=1 \\/ 1:r1=0 \\/ x=2)", LitmusQuantifier.Exists, new LitmusOr(new LitmusOr(A, B), C) },
        { "exists (~0:r0=1 /\\ 1:r1=0)", LitmusQuantifier.Exists, new LitmusAnd(new LitmusNot(A), B) },
        { "exists (~(0:r0=1 /\\ 1:r1=0))", LitmusQuantifier.Exists, new LitmusNot(new LitmusAnd(A, B)) },
        { "exists (~~x=2)", LitmusQuantifier.Exists, new LitmusNot(new LitmusNot(C)) },
        { "exists (true)", LitmusQuantifier.Exists, new LitmusConstant(true) },
        { "forall (false \\/ x=2)", LitmusQuantifier.Forall, new LitmusOr(new LitmusConstant(false), C) },
        { "exists (0:r0=-1 /\\ x=0x10)", LitmusQuantifier.Exists, new LitmusAnd(new LitmusRegisterEquals(0, "r0", -1), new LitmusLocationEquals("x", 16)) },
        { "exists (0:r0=1/\\1:r1=0)", LitmusQuantifier.Exists, new LitmusAnd(A, B) },
        { "exists (0:r0=1) (* a comment after the condition *)", LitmusQuantifier.Exists, A },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void ConditionReadsWithItsPrecedence(string condition, LitmusQuantifier quantifier, LitmusProposition proposition)
    {
        LitmusFile file = LitmusReader.Parse(TwoProcesses(condition), "condition.litmus");

        Assert.Equal(new LitmusCondition(quantifier, proposition), file.Condition);
    }

    [Theory]
    [InlineData("locations [x; 0:r0;]\nexists (x=2)", new[] { "x", "0:r0" })]
    [InlineData("locations [1:r1; y]\nexists (x=2)", new[] { "1:r1", "y" })]
    [InlineData("locations []\nexists (x=2)", new string[0])]
    public void LocationsListWhatToShow(string tail, string[] shown)
    {
        Assert.Equal(shown, LitmusReader.Parse(TwoProcesses(tail), "locations.litmus").ShownLocations);
    }

    [Theory]
    [InlineData("filter (0:r0=1)\nexists (x=2)")]
    [InlineData("locations [x;]\nfilter 0:r0=1\nexists (x=2)")]
    [InlineData("filter (0:r0=1)\nlocations [x;]\nexists (x=2)")]
    public void FilterComesBeforeTheCondition(string tail)
    {
        LitmusFile file = LitmusReader.Parse(TwoProcesses(tail), "filter.litmus");

        Assert.Equal(A, file.Filter);
        Assert.Equal(new LitmusCondition(LitmusQuantifier.Exists, C), file.Condition);
    }

    /// <summary>P0 writes x and reads y into r0; P1 writes y and reads x into r1; then <paramref name="tail"/>.</summary>
    internal static string TwoProcesses(string tail) => $$"""
        C condition
        (* Result: Sometimes *)
        {}
        P0(int *x, int *y) { WRITE_ONCE(*x, 2); r0 = READ_ONCE(*y); }
        P1(int *x, int *y) { WRITE_ONCE(*y, 1); r1 = READ_ONCE(*x); }
        {{tail}}
        """;
}
