using HazardMm.Systematic;
using HazardMm.Systematic.Litmus;

namespace HazardMm.Cli;

/// <summary>The end of <c>hazardmm litmus</c>: per model, how many tests agreed, were stronger, unsound or failed; the files not run.</summary>
public sealed class LitmusSummary(IReadOnlyList<MemoryModelDescriptor> models, IReadOnlyList<LitmusReport> reports)
{
    public int Unsupported { get; } = reports.Count(r => r.Status == LitmusFileStatus.Unsupported);

    public int Malformed { get; } = reports.Count(r => r.Status == LitmusFileStatus.Malformed);

    /// <summary>Some row is unsound, or some run failed.</summary>
    public bool AnyFailure => reports.SelectMany(r => r.Rows).Any(r => r.Judgement.Verdict is LitmusVerdict.Unsound or LitmusVerdict.Failed);

    public int Count(string model, LitmusVerdict verdict) =>
        reports.SelectMany(r => r.Rows).Count(r => r.Model == model && r.Judgement.Verdict == verdict);

    /// <summary>Stronger rows with no known reason: the ones a reader should look at.</summary>
    public int Unexplained(string model) =>
        reports.SelectMany(r => r.Rows).Count(r => r.Model == model && r.Judgement is { Verdict: LitmusVerdict.Stronger, Reason: null });

    public IEnumerable<string> Lines(uint seed)
    {
        foreach (MemoryModelDescriptor model in models)
        {
            int failed = Count(model.Name, LitmusVerdict.Failed);
            int unexplained = Unexplained(model.Name);
            yield return $"{model.Name}: {Count(model.Name, LitmusVerdict.Agrees)} agrees, {Count(model.Name, LitmusVerdict.Stronger)} stronger" +
                (unexplained > 0 ? $" ({unexplained} with no known reason)" : string.Empty) +
                $", {Count(model.Name, LitmusVerdict.Unsound)} unsound" + (failed > 0 ? $", {failed} failed" : string.Empty) +
                $"; {Unsupported} unsupported, {Malformed} malformed; seed {seed}";
        }
    }
}
