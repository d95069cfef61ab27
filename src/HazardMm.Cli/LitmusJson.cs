using System.Text.Json;
using System.Text.Json.Nodes;

namespace HazardMm.Cli;

/// <summary><c>hazardmm litmus --json FILE</c> (design.md#litmus): the run's settings, every file and every row, the summary and the exit code.</summary>
internal static class LitmusJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Build(LitmusPlan plan, IReadOnlyList<LitmusReport> reports, LitmusSummary summary, int exitCode)
    {
        var document = new JsonObject
        {
            ["seed"] = plan.Seed,
            ["iterations"] = plan.Iterations,
            ["models"] = new JsonArray([.. plan.Models.Select(m => JsonValue.Create(m.Name))]),
            ["tests"] = new JsonArray([.. reports.Select(Test)]),
            ["summary"] = new JsonObject(plan.Models.Select(m => KeyValuePair.Create<string, JsonNode?>(m.Name, new JsonObject
            {
                ["agrees"] = summary.Count(m.Name, Systematic.Litmus.LitmusVerdict.Agrees),
                ["stronger"] = summary.Count(m.Name, Systematic.Litmus.LitmusVerdict.Stronger),
                ["stronger_no_known_reason"] = summary.Unexplained(m.Name),
                ["unsound"] = summary.Count(m.Name, Systematic.Litmus.LitmusVerdict.Unsound),
                ["failed"] = summary.Count(m.Name, Systematic.Litmus.LitmusVerdict.Failed),
                ["unsupported"] = summary.Unsupported,
                ["malformed"] = summary.Malformed,
            }))),
            ["exit_code"] = exitCode,
        };
        return document.ToJsonString(Indented);
    }

    private static JsonObject Test(LitmusReport report) => new()
    {
        ["path"] = report.Path,
        ["status"] = report.Status.ToString().ToLowerInvariant(),
        ["problem"] = report.Problem,
        ["name"] = report.Program?.File.Name,
        ["expected"] = report.Program?.File.Expected.ToString(),
        ["notes"] = report.Program is { } p ? new JsonArray([.. p.Strengthened.Select(n => JsonValue.Create(n))]) : null,
        ["rows"] = new JsonArray([.. report.Rows.Select(r => (JsonNode)new JsonObject
        {
            ["model"] = r.Model,
            ["iterations"] = r.Outcome.Iterations,
            ["counted"] = r.Outcome.Counted,
            ["satisfied"] = r.Outcome.Satisfied,
            ["outcome"] = r.Outcome.Describe(),
            ["verdict"] = r.Judgement.Verdict.ToString().ToLowerInvariant(),
            ["reason"] = r.Judgement.Reason,
            ["iterations_per_second"] = Math.Round(r.Outcome.IterationsPerSecond),
        })]),
    };
}
