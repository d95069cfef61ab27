using HazardMm.Memory;
using HazardMm.Systematic;
using Xunit.Abstractions;
using static HazardMm.SystematicTests.Litmus.WeakLitmusTests.Verdict;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>
/// The weak-model litmus table (design.md#weak-model) run on every registered model: each shape's outcome of interest
/// (<see cref="WeakLitmusShapes"/>) must be observed where the model allows it, and never where it forbids it (a run
/// that shows it fails as a Coyote bug with the operation log). The ARMv8 and LKMM columns are the references the
/// model is compared with; where the weak model differs from either, the row says so (README, "Memory models").
/// </summary>
[Collection(LitmusCollection.Name)]
public sealed class WeakLitmusTests(ITestOutputHelper output)
{
    /// <summary>Under weak: enough for every allowed outcome to show under the fixed seed, few enough for CI.</summary>
    private const int Iterations = 150;

    /// <summary>Under SC and TSO, whose allowed outcomes (SB, SB+rel+acq, R under TSO) show in over a tenth of the iterations.</summary>
    private const int StrongerModelIterations = 100;

    /// <summary>The non-multi-copy-atomic outcomes need a rarer schedule (under 2% of iterations): they get more.</summary>
    private static readonly HashSet<string> s_rare = ["IRIW", "IRIW+acqs", "Z6.0+rel+acq-rel+mb"];

    public enum Verdict
    {
        Forbidden,
        Allowed,
    }

    /// <summary>shape → (sc, tso, weak, ARMv8, LKMM); null where the reference has no verdict for the shape.</summary>
    internal static IReadOnlyDictionary<string, (Verdict Sc, Verdict Tso, Verdict Weak, Verdict? Armv8, Verdict? Lkmm)> Table { get; } =
        new Dictionary<string, (Verdict, Verdict, Verdict, Verdict?, Verdict?)>
        {
            ["MP"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["MP+rel+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["MP+po+acq"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["MP+rel+po"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["MP+mb+po"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["MP+mbs"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["MP+rel+po-mb"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["MP+rel+xchg"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["MP+rel+rlx-same-flag"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["SB"] = (Forbidden, Allowed, Allowed, Allowed, Allowed),
            ["SB+mbs"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["SB+rel+acq"] = (Forbidden, Allowed, Allowed, Forbidden, Allowed),
            ["SB+xchgs"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["LB"] = (Forbidden, Forbidden, Forbidden, Allowed, Allowed),
            ["LB+acq+rel"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["LB+mbs"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["IRIW"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["IRIW+acqs"] = (Forbidden, Forbidden, Allowed, Forbidden, Allowed),
            ["IRIW+mbs"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["WRC"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["WRC+rel+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["WRC+po+acq"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["2+2W"] = (Forbidden, Forbidden, Forbidden, Allowed, Allowed),
            ["2+2W+rels"] = (Forbidden, Forbidden, Forbidden, Forbidden, null),
            ["S"] = (Forbidden, Forbidden, Forbidden, Allowed, Allowed),
            ["S+rel+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["R"] = (Forbidden, Allowed, Allowed, Allowed, Allowed),
            ["R+mbs"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["CoRR"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["CoWR"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["CoRW"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["CoWW"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["Z6.0+rel+acq-rel+mb"] = (Forbidden, Forbidden, Allowed, Forbidden, Allowed),
            ["ISA2+rel+rlx-rel+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["ISA2+mb+acq-rlx+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["R-then-acq-coherence"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["RMW-adds"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["RMW-cmpxchg-loops"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),

            // Causality: "Allowed" = the race exists (ARMv8, LKMM) and the weak model reports it; SC and TSO have no
            // happens-before check (on them the use is never reordered after the "done" store anyway).
            ["causality:rlx+acq"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["causality:rel+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["causality:rel+rlx"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["causality:rel+rlx-add"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["causality:mb-rlx+acq"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
            ["causality:rlx+mb-acq"] = (Forbidden, Forbidden, Allowed, Allowed, Allowed),
            ["spin-acq-relax"] = (Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),
        };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string shape in WeakLitmusShapes.Names)
        {
            foreach (MemoryModelDescriptor model in MemoryModels.All)
            {
                data.Add(shape, model.Name);
            }
        }

        return data;
    }

    [Fact]
    public void EveryShape_HasAVerdictPerModel()
    {
        Assert.Equal(WeakLitmusShapes.Names.Order(), Table.Keys.Order());
        Assert.Equal(["sc", "tso", "weak"], MemoryModels.Names);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Shape_ShowsItsOutcome_ExactlyWhereTheModelAllowsIt(string shape, string model)
    {
        var row = Table[shape];
        Verdict expected = model switch
        {
            "sc" => row.Sc,
            "tso" => row.Tso,
            _ => row.Weak,
        };
        int iterations = model == "weak" ? Iterations : StrongerModelIterations;
        var body = new Body(shape, expected, s_rare.Contains(shape) ? 3 * iterations : iterations, output);

        MemoryModels.Get(model).Run(body);

        int seen = body.Result!.CountWhere(o => o.StartsWith(Relaxed, StringComparison.Ordinal));
        if (expected == Allowed)
        {
            Assert.True(seen > 0, $"{shape} on {model}: the allowed outcome never showed: {body.Result}");
        }
        else
        {
            Assert.Equal(0, seen);
        }
    }

    /// <summary>The weak model differs from ARMv8 or LKMM on exactly the rows README lists.</summary>
    [Fact]
    public void TheDifferencesFromArmv8AndLkmm_AreTheDocumentedOnes()
    {
        string[] weakerThanArmv8 = [.. Table.Where(r => r.Value.Armv8 == Forbidden && r.Value.Weak == Allowed).Select(r => r.Key).Order()];
        string[] strongerThanArmv8 = [.. Table.Where(r => r.Value.Armv8 == Allowed && r.Value.Weak == Forbidden).Select(r => r.Key).Order()];
        string[] differsFromLkmm = [.. Table.Where(r => r.Value.Lkmm is { } l && l != r.Value.Weak).Select(r => r.Key).Order()];

        Assert.Equal(["IRIW+acqs", "SB+rel+acq", "Z6.0+rel+acq-rel+mb"], weakerThanArmv8);
        Assert.Equal(["2+2W", "LB", "S"], strongerThanArmv8);
        Assert.Equal(["2+2W", "LB", "S"], differsFromLkmm);
    }

    internal const string Relaxed = "RELAXED";

    /// <summary>A shape as a litmus test: the outcome of interest is recorded as <see cref="Relaxed"/>, and fails the run where forbidden.</summary>
    internal static LitmusTest Test(string name, WeakLitmusShapes.Shape shape, bool forbid) =>
        new(
            name,
            shape.Cpus,
            s => $"{(shape.Relaxed(s) ? Relaxed + " " : string.Empty)}r={s.R[0]},{s.R[1]},{s.R[2]},{s.R[3]} x={s.X} y={s.Y} z={s.Z}",
            forbid ? shape.Relaxed : null);

    /// <summary>Builds the shape with the model's <c>TMem</c> and runs it.</summary>
    private sealed class Body(string shape, Verdict expected, int iterations, ITestOutputHelper output) : IModelBody
    {
        public LitmusResult? Result { get; private set; }

        public void Run<TMem>()
            where TMem : struct, IMemoryModel =>
            Result = LitmusRunner.Run(Test($"{shape} on {typeof(TMem).Name}", WeakLitmusShapes.Get<TMem>(shape), expected == Forbidden), iterations, output);
    }
}
