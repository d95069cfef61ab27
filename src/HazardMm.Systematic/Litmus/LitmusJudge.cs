namespace HazardMm.Systematic.Litmus;

/// <summary>
/// A model's outcome against the file's <c>Result:</c> (design.md#litmus-verdicts). Unsound: the file says Never and
/// an execution satisfied the proposition, or Always and one did not. Stronger: the file says Sometimes and the model
/// never (or always) satisfied it, with the reason when it is one the design names:
/// <list type="bullet">
/// <item>sc: it allows no reordering;</item>
/// <item>tso: it lets a store pass only a later load, and the test has no store followed by a load without a full
/// barrier between (so TSO runs it as SC), or its outcome needs a po ∪ rf ∪ co cycle;</item>
/// <item>weak: the outcome needs a po ∪ rf ∪ co cycle (<see cref="LitmusShape.RequiredCycle"/>): load buffering (no
/// promises) or S / 2+2W (coherence order is execution order), the shapes its design note names;</item>
/// <item>any model, when none of those applies: the run strengthened an RMW's order (the notes say which).</item>
/// </list>
/// Any other stronger row has no known reason, and says so.
/// </summary>
public static class LitmusJudge
{
    public const string Sc = "SC allows no reordering";

    public const string Tso = "TSO only lets a store pass a later load";

    public const string LoadBuffering = "load buffering: the weak model has no promises";

    public const string Coherence = "S/2+2W: the weak model appends each store to its location's coherence order";

    public const string Strengthened = "RMW orders strengthened: the seam's RMWs are fully ordered";

    public static LitmusJudgement Judge(LitmusProgram program, string model, LitmusOutcome outcome)
    {
        if (outcome.Bug is not null)
        {
            return new(LitmusVerdict.Failed, null);
        }

        return program.File.Expected switch
        {
            LitmusExpectation.Never => new(outcome.Never ? LitmusVerdict.Agrees : LitmusVerdict.Unsound, null),
            LitmusExpectation.Always => new(outcome.Satisfied == outcome.Counted ? LitmusVerdict.Agrees : LitmusVerdict.Unsound, null),
            _ => outcome.Never || outcome.Always ? new(LitmusVerdict.Stronger, Reason(program, model, outcome.Never)) : new(LitmusVerdict.Agrees, null),
        };
    }

    private static string? Reason(LitmusProgram program, string model, bool never)
    {
        LitmusCycle cycle = never ? LitmusShape.RequiredCycle(program.File) : LitmusCycle.None;
        string? reason = model switch
        {
            "sc" => Sc,
            "tso" when never && (cycle != LitmusCycle.None || !LitmusShape.HasUnfencedStoreLoad(program.File)) => Tso,
            "weak" when cycle == LitmusCycle.LoadBuffering => LoadBuffering,
            "weak" when cycle == LitmusCycle.Coherence => Coherence,
            _ => null,
        };
        return reason ?? (program.Strengthened.Count > 0 ? Strengthened : null);
    }
}
