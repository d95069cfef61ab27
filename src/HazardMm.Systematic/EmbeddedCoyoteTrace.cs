using System.Text.Json;
using System.Text.RegularExpressions;

namespace HazardMm.Systematic;

/// <summary>
/// Checks the Coyote trace a trace file embeds before Coyote sees it: Coyote 1.7.11 dereferences its
/// Settings and Steps without a check (a null, <c>{}</c> or partial trace is a NullReferenceException
/// deep inside the engine) and parses every step with string slicing. A trace accepted here has a
/// known strategy, the settings a replay reads, and at least one step, each in Coyote's step grammar.
/// </summary>
internal static partial class EmbeddedCoyoteTrace
{
    /// <summary>The strategies Coyote 1.7.11 can name in a trace (ExplorationStrategy's names).</summary>
    private static readonly string[] Strategies =
        ["random", "probabilistic", "prioritization", "fair-prioritization", "delay-bounding", "fair-delay-bounding", "q-learning"];

    /// <summary>Coyote 1.7.11's SchedulingPointType names (an internal enum it parses each step's point with).</summary>
    private static readonly string[] SchedulingPoints =
    [
        "Default", "Start", "Create", "ContinueWith", "Interleave", "Yield", "Pause", "Complete", "Acquire",
        "Read", "Write", "Send", "Receive", "InjectFailure", "Halt",
    ];

    /// <summary>The settings a replay copies into its configuration, with the JSON kind each must have.</summary>
    private static readonly (string Name, JsonValueKind Kind)[] Settings =
    [
        ("Strategy", JsonValueKind.String),
        ("StrategyBound", JsonValueKind.Number),
        ("MaxFairSchedulingSteps", JsonValueKind.Number),
        ("MaxUnfairSchedulingSteps", JsonValueKind.Number),
        ("TimeoutDelay", JsonValueKind.Number),
        ("DeadlockTimeout", JsonValueKind.Number),
        ("PortfolioMode", JsonValueKind.String),
        ("LivenessTemperatureThreshold", JsonValueKind.Number),
        ("UncontrolledConcurrencyResolutionAttempts", JsonValueKind.Number),
        ("UncontrolledConcurrencyResolutionDelay", JsonValueKind.Number),
    ];

    /// <summary>Returns what is wrong with <paramref name="json"/> as a replayable Coyote trace, or null.</summary>
    /// <param name="maxSteps">The trace file's step bound, which must be the one the schedule was recorded under.</param>
    public static string? Problem(string json, int maxSteps)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return $"its Coyote trace is not JSON ({OneLine(e.Message)})";
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"its Coyote trace is {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
            }

            return SettingsProblem(root, maxSteps) ?? StepsProblem(root);
        }
    }

    private static string? SettingsProblem(JsonElement root, int maxSteps)
    {
        if (!root.TryGetProperty("Settings", out JsonElement settings) || settings.ValueKind != JsonValueKind.Object)
        {
            return "its Coyote trace has no Settings";
        }

        foreach ((string name, JsonValueKind kind) in Settings)
        {
            if (!settings.TryGetProperty(name, out JsonElement value) || value.ValueKind != kind)
            {
                return $"its Coyote trace's Settings have no {name} ({kind.ToString().ToLowerInvariant()})";
            }
        }

        string strategy = settings.GetProperty("Strategy").GetString()!;
        if (!Strategies.Contains(strategy, StringComparer.Ordinal))
        {
            return $"its Coyote trace names unknown strategy '{strategy}' (known: {string.Join(", ", Strategies)})";
        }

        if (!settings.GetProperty("MaxUnfairSchedulingSteps").TryGetInt32(out int recorded) || recorded != maxSteps)
        {
            return $"maxSteps {maxSteps} disagrees with its Coyote trace's MaxUnfairSchedulingSteps {settings.GetProperty("MaxUnfairSchedulingSteps")}";
        }

        return null;
    }

    private static string? StepsProblem(JsonElement root)
    {
        if (!root.TryGetProperty("Steps", out JsonElement steps) || steps.ValueKind != JsonValueKind.Array)
        {
            return "its Coyote trace has no Steps";
        }

        if (steps.GetArrayLength() == 0)
        {
            return "its Coyote trace has no steps recorded";
        }

        int index = 0;
        foreach (JsonElement step in steps.EnumerateArray())
        {
            Match match = step.ValueKind == JsonValueKind.String ? Step().Match(step.GetString()!) : Match.Empty;
            if (!match.Success || (match.Groups["sp"].Success && !SchedulingPoints.Contains(match.Groups["sp"].Value, StringComparer.Ordinal)))
            {
                return $"its Coyote trace's step {index} is not a Coyote step: {OneLine(step.GetRawText())}";
            }

            index++;
        }

        return null;
    }

    private static string OneLine(string text) => text.Length > 80 ? text[..80].ReplaceLineEndings(" ") + "..." : text.ReplaceLineEndings(" ");

    /// <summary>
    /// A step as Coyote 1.7.11 writes it: the operation (id:sequence, each fitting a ulong), then a scheduling choice
    /// (point, next operation), a boolean or an integer choice.
    /// </summary>
    [GeneratedRegex(@"^op\(\d{1,19}:\d{1,19}\),(sp\((?<sp>[A-Za-z]+)\),next\(\d{1,19}:\d{1,19}\)|bool\((True|False)\)|int\(-?\d{1,9}\))$")]
    private static partial Regex Step();
}
