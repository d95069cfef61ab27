namespace HazardMm.Systematic.Litmus;

/// <summary>A model's outcome on a litmus test against the file's <c>Result:</c> (design.md#litmus).</summary>
public enum LitmusVerdict
{
    /// <summary>The model and the file say the same.</summary>
    Agrees,

    /// <summary>The file says Sometimes; the model never (or always) produced it: stronger than LKMM here.</summary>
    Stronger,

    /// <summary>The file says Never and the model produced it, or Always and the model produced an execution where it fails: a bug in the model or the reader.</summary>
    Unsound,

    /// <summary>The run itself failed (an exception in an operation): nothing was decided.</summary>
    Failed,
}

/// <summary>A verdict, and for <see cref="LitmusVerdict.Stronger"/> the known reason (null: none known).</summary>
public sealed record LitmusJudgement(LitmusVerdict Verdict, string? Reason)
{
    public override string ToString() => Verdict switch
    {
        LitmusVerdict.Stronger => Reason is null ? "stronger (no known reason)" : $"stronger ({Reason})",
        _ => Verdict.ToString().ToLowerInvariant(),
    };
}
