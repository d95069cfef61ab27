using System.Globalization;
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

    /// <summary>The largest trace file read: ten times a 3,000-step schedule's trace.</summary>
    public const long MaxBytes = 8 << 20;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string Format { get; init; } = FormatName;

    /// <summary>The iteration of its exploration that found the failure.</summary>
    public int FoundAtIteration { get; init; }

    /// <summary>
    /// How many steps the recorded schedule has. The schedule ends at the failure, so a run that follows
    /// every step and goes on without failing did not reproduce it, unless the trace has lost steps since
    /// it was recorded: this count tells the two apart.
    /// </summary>
    public int ScheduleSteps { get; init; }

    [JsonIgnore]
    public string Label => $"{Scenario}/{Scheme}/{Model}" + (Mutant == "none" ? string.Empty : "/" + Mutant);

    public static TraceFile From(SystematicResult result)
    {
        SystematicCase c = result.Case;
        return new TraceFile(
            c.Scenario.Name,
            c.Scheme,
            c.Model.Name,
            c.Mutant == MutantId.None ? "none" : MutantCatalog.Get(c.Mutant).Name,
            c.Seed,
            c.MaxSteps,
            result.Bug ?? throw new ArgumentException("the run found no bug: nothing to replay", nameof(result)),
            result.ReproducibleTrace ?? throw new ArgumentException("the run kept no trace", nameof(result)))
        {
            FoundAtIteration = result.IterationsRun,
            ScheduleSteps = EmbeddedCoyoteTrace.StepCount(result.ReproducibleTrace),
        };
    }

    /// <summary>
    /// The trace files (<c>*.trace.json</c>) in <paramref name="directory"/>, in name order. A missing
    /// directory is a <see cref="DirectoryNotFoundException"/>: an empty answer would read as "no stored
    /// counter-examples". Each path is loaded by the caller, so one bad file does not hide the others.
    /// </summary>
    public static IReadOnlyList<string> PathsIn(string directory) =>
        Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.trace.json").Order(StringComparer.Ordinal)]
            : throw new DirectoryNotFoundException($"no such counter-example folder: {directory}");

    /// <summary>Writes the trace into <paramref name="directory"/> under a name made of the case; returns the path.</summary>
    public string Save(string directory)
    {
        Directory.CreateDirectory(directory);
        string name = string.Join("-", Scenario, Scheme, Model, Mutant, Seed.ToString(CultureInfo.InvariantCulture)) + ".trace.json";
        string path = Path.Combine(directory, name);
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        return path;
    }

    /// <summary>
    /// Reads and checks a trace: only a regular file of at most <see cref="MaxBytes"/> is read, and the
    /// trace must be one this build can replay (<see cref="ToCase"/>). Anything else is a
    /// <see cref="TraceFormatException"/> naming the file and the problem.
    /// </summary>
    public static TraceFile Load(string path)
    {
        string text = TraceText.Read(path, MaxBytes);
        TraceFile? file;
        try
        {
            file = JsonSerializer.Deserialize<TraceFile>(text, Json);
        }
        catch (JsonException e)
        {
            throw new TraceFormatException(path, $"not a {FormatName} file: {e.Message.ReplaceLineEndings(" ")}", e);
        }

        if (file is null || file.Format != FormatName)
        {
            throw new TraceFormatException(path, $"not a {FormatName} file");
        }

        file.Check(path);
        return file;
    }

    /// <summary>The case this trace came from, rebuilt from the registries; a trace that names something unknown, or is inconsistent, is a <see cref="TraceFormatException"/>.</summary>
    public SystematicCase ToCase() => Check(Label);

    private SystematicCase Check(string source)
    {
        foreach ((string field, string? value) in new[] { ("scenario", Scenario), ("scheme", Scheme), ("model", Model), ("mutant", Mutant), ("bug", Bug), ("coyoteTrace", CoyoteTrace) })
        {
            if (string.IsNullOrEmpty(value))
            {
                throw new TraceFormatException(source, $"{field} is missing");
            }
        }

        if (!ScenarioCatalog.TryFind(Scenario, out Scenario scenario))
        {
            throw new TraceFormatException(source, $"unknown scenario '{Scenario}'");
        }

        if (!Schemes.SchemeRegistry.TryFind(Scheme, out _))
        {
            throw new TraceFormatException(source, $"unknown scheme '{Scheme}'");
        }

        if (!MemoryModels.TryFind(Model, out MemoryModelDescriptor model))
        {
            throw new TraceFormatException(source, $"unknown memory model '{Model}' (known: {string.Join(", ", MemoryModels.Names)})");
        }

        MutantId mutant = MutantId.None;
        if (Mutant != "none")
        {
            if (!MutantCatalog.TryFind(Mutant, out Mutant m))
            {
                throw new TraceFormatException(source, $"unknown mutant '{Mutant}'");
            }

            if (m.Scheme != Scheme)
            {
                throw new TraceFormatException(source, $"mutant '{Mutant}' belongs to scheme {m.Scheme}, not {Scheme}");
            }

            mutant = m.Id;
        }

        if (MaxSteps <= 0)
        {
            throw new TraceFormatException(source, $"maxSteps is {MaxSteps}; it must be positive");
        }

        if (ScheduleSteps <= 0)
        {
            throw new TraceFormatException(source, $"scheduleSteps is {ScheduleSteps}; it must be the recorded schedule's step count");
        }

        if (EmbeddedCoyoteTrace.Problem(CoyoteTrace, MaxSteps) is { } problem)
        {
            throw new TraceFormatException(source, problem);
        }

        return new SystematicCase(scenario, Scheme, model, 1, Seed) { Mutant = mutant, MaxSteps = MaxSteps };
    }
}
