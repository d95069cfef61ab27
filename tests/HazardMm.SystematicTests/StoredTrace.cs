using System.Text.Json.Nodes;
using HazardMm.Systematic;

namespace HazardMm.SystematicTests;

/// <summary>
/// A stored counter-example (hazard-steal-drop-on-fail under TSO, found by a long exploration) and
/// damaged copies of it, written into a temporary folder that is deleted on dispose.
/// </summary>
internal sealed class StoredTrace : IDisposable
{
    public const string MutantName = "hazard-steal-drop-on-fail";

    public StoredTrace()
    {
        OriginalPath = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "CounterExamples"), "*.trace.json")
            .Single(p => p.Contains(MutantName, StringComparison.Ordinal));
        Original = TraceFile.Load(OriginalPath);
        Folder = Directory.CreateTempSubdirectory("hazardmm-damaged-").FullName;
    }

    public string OriginalPath { get; }

    public TraceFile Original { get; }

    public string Folder { get; }

    /// <summary>The embedded Coyote trace's steps.</summary>
    public JsonArray Steps => JsonNode.Parse(Original.CoyoteTrace)!["Steps"]!.AsArray();

    /// <summary>The original with its embedded Coyote trace changed by <paramref name="damage"/>.</summary>
    public TraceFile WithCoyoteTrace(Action<JsonObject> damage)
    {
        JsonObject trace = JsonNode.Parse(Original.CoyoteTrace)!.AsObject();
        damage(trace);
        return Original with { CoyoteTrace = trace.ToJsonString() };
    }

    /// <summary>The original's file text with its top-level JSON changed by <paramref name="damage"/>, written under <paramref name="name"/>.</summary>
    public string WriteJson(string name, Action<JsonObject> damage)
    {
        JsonObject file = JsonNode.Parse(File.ReadAllText(OriginalPath))!.AsObject();
        damage(file);
        return Write(name, file.ToJsonString());
    }

    public string Write(string name, string text)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
