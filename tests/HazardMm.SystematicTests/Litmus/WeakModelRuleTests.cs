using HazardMm.Systematic.Memory;
using Xunit.Abstractions;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// Each rule of the weak model is needed (design.md#weak-model): with it switched off (<see cref="WeakModelFlaws"/>), a
/// litmus shape that <see cref="WeakLitmusTests"/> requires to be forbidden shows its forbidden outcome. The three
/// addendum rules R1–R3 (each fixing an outcome LKMM forbids that the first design allowed) and the model's three
/// planted bugs: no release-sequence rule, an acquire that does not join, a fence that does not sync.
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class WeakModelRuleTests(ITestOutputHelper output)
{
    private const int Iterations = 300;

    /// <summary>R3's shape needs three CPUs in one order and a stale read (under 1% of iterations): it gets more.</summary>
    private const int RareIterations = 1500;

    public static TheoryData<string, string> Flaws => new()
    {
        { nameof(WeakModelFlaws.NoCumulativeRelease), "ISA2+rel+rlx-rel+acq" },
        { nameof(WeakModelFlaws.NoFenceKnowledgeThroughHb), "ISA2+mb+acq-rlx+acq" },
        { nameof(WeakModelFlaws.NoCoherenceBeforeAcquire), "R-then-acq-coherence" },
        { nameof(WeakModelFlaws.NoReleaseSequence), "MP+rel+rlx-same-flag" },
        { nameof(WeakModelFlaws.AcquireDoesNotJoin), "MP+rel+acq" },
        { nameof(WeakModelFlaws.FenceDoesNotSync), "SB+mbs" },
    };

    [Theory]
    [MemberData(nameof(Flaws))]
    public void WithTheRuleOff_AForbiddenOutcomeShows(string flawName, string shape)
    {
        WeakModelFlaws flaw = Enum.Parse<WeakModelFlaws>(flawName);
        Assert.Equal(WeakLitmusTests.Verdict.Forbidden, WeakLitmusTests.Table[shape].Weak);
        LitmusTest test = WeakLitmusTests.Test($"{shape} with {flaw}", WeakLitmusShapes.Get<CoyoteWeakMemory>(shape), forbid: false);

        LitmusResult result = LitmusRunner.Run(test, flaw == WeakModelFlaws.NoCoherenceBeforeAcquire ? RareIterations : Iterations, output, flaws: flaw);

        Assert.True(
            result.CountWhere(o => o.StartsWith(WeakLitmusTests.Relaxed, StringComparison.Ordinal)) > 0,
            $"{flaw} did not show {shape}'s forbidden outcome: the litmus table cannot tell the rule is there: {result}");
    }
}
