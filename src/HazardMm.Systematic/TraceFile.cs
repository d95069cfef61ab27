using System.Text.Json;
using System.Text.Json.Serialization;
using HazardMm.Mutants;
using HazardMm.Systematic.Scenarios;

namespace HazardMm.Systematic;

/// <summary>
/// A failure, saved so it can be replayed: which case ran (scenario, scheme, model, mutant, seed,
/// step bound), what it found, and Coyote's reproducible trace of the schedule that found it.
/// </summary>
public sealed record TraceFile(
    string Scenario,
    string Scheme,
    string Model,
    string Mutant,
    uint Seed,
    int MaxSteps,
    string Bug,
    string CoyoteTrace)
{
    public const string FormatName = "hazardmm-trace/1";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Format { get; init; } = FormatName;

    /// <summary>The iteration of its exploration that found the failure.</summary>
    public int FoundAtIteration { get; init; }

    public static TraceFile From(SystematicResult result)
    {
        SystematicCase c = result.Case;
        return new TraceFile(
            c.Scenario.Name,
            c.Scheme,
            c.Model.ToString().ToLowerInvariant(),
            c.Mutant == MutantId.None ? "none" : MutantCatalog.Get(c.Mutant).Name,
            c.Seed,
            c.MaxSteps,
            result.Bug ?? throw new ArgumentException("the run found no bug: nothing to replay", nameof(result)),
            result.ReproducibleTrace ?? throw new ArgumentException("the run kept no trace", nameof(result)))
        {
            FoundAtIteration = result.IterationsRun,
        };
    }

    /// <summary>Every trace in <paramref name="directory"/> (none if it does not exist).</summary>
    public static IEnumerable<TraceFile> LoadAll(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.trace.json").Order(StringComparer.Ordinal).Select(Load)
            : [];

    /// <summary>Writes the trace into <paramref name="directory"/> under a name made of the case; returns the path.</summary>
    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string name = string.Join("-", Scenario, Scheme, Model, Mutant, Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)) + ".trace.json";
        string path = Path.Combine(directory, name);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }

    /// <summary>Reads a trace; a file that is not one is a <see cref="FormatException"/> saying why.</summary>
    public static TraceFile Load(string path)
    {
        TraceFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TraceFile>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path} is not a HazardMm trace: {e.Message}", e);
        }

        if (file is null || file.Format != FormatName || string.IsNullOrEmpty(file.CoyoteTrace) || string.IsNullOrEmpty(file.Scenario)
            || string.IsNullOrEmpty(file.Scheme) || string.IsNullOrEmpty(file.Model) || string.IsNullOrEmpty(file.Mutant))
        {
            throw new FormatException($"{path} is not a {FormatName} file");
        }

        return file;
    }

    /// <summary>The case this trace came from, rebuilt from the catalogues.</summary>
    public SystematicCase ToCase()
    {
        if (!ScenarioCatalog.TryFind(Scenario, out Scenario scenario))
        {
            throw new FormatException($"unknown scenario '{Scenario}' in trace");
        }

        if (!Schemes.SchemeRegistry.TryFind(Scheme, out _))
        {
            throw new FormatException($"unknown scheme '{Scheme}' in trace");
        }

        if (!Enum.TryParse(Model, ignoreCase: true, out MemoryModelKind model))
        {
            throw new FormatException($"unknown memory model '{Model}' in trace");
        }

        MutantId mutant = MutantId.None;
        if (Mutant != "none")
        {
            mutant = MutantCatalog.TryFind(Mutant, out Mutant m) ? m.Id : throw new FormatException($"unknown mutant '{Mutant}' in trace");
        }

        return new SystematicCase(scenario, Scheme, model, 1, Seed) { Mutant = mutant, MaxSteps = MaxSteps };
    }

    [JsonIgnore]
    public string Label => $"{Scenario}/{Scheme}/{Model}" + (Mutant == "none" ? string.Empty : "/" + Mutant);
}
