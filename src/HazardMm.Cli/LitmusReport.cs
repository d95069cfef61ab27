using HazardMm.Systematic.Litmus;

namespace HazardMm.Cli;

/// <summary>Whether a litmus file ran, or why not.</summary>
public enum LitmusFileStatus
{
    Run,

    /// <summary>Well formed, with a construct outside the subset the memory seam can express.</summary>
    Unsupported,

    /// <summary>Not a litmus file the reader can read (or not readable at all).</summary>
    Malformed,
}

/// <summary>One model's row of a test: its outcome and verdict.</summary>
public sealed record LitmusRow(string Model, LitmusOutcome Outcome, LitmusJudgement Judgement);

/// <summary>One file: its rows, or the one line saying why it did not run.</summary>
public sealed record LitmusReport(string Path, LitmusFileStatus Status, string? Problem, LitmusProgram? Program, IReadOnlyList<LitmusRow> Rows)
{
    public static LitmusReport NotRun(string path, LitmusFileStatus status, string problem) => new(path, status, problem, null, []);

    /// <summary>
    /// What the run prints for the file: for a test, its name, path and expected result, a line per model (outcome,
    /// verdict) and the orders the seam strengthened; otherwise one line.
    /// </summary>
    public IEnumerable<string> Lines()
    {
        if (Program is null)
        {
            // The reader's message is "PATH:LINE: unsupported: CONSTRUCT" or "PATH:LINE: problem".
            yield return Status == LitmusFileStatus.Malformed ? $"malformed: {Problem}" : Problem!;
            yield break;
        }

        yield return $"{Program.File.Name} ({Path}): expected {Program.File.Expected}";
        foreach (LitmusRow row in Rows)
        {
            yield return $"  {row.Model,-5} {row.Outcome.Describe(),-40} {row.Judgement}  [{row.Outcome.IterationsPerSecond:F0} it/s]";
        }

        if (Program.Strengthened.Count > 0)
        {
            yield return $"  notes: {string.Join("; ", Program.Strengthened)}";
        }
    }
}
