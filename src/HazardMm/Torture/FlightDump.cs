using System.Diagnostics;
using System.Globalization;
using HazardMm.Cpus;
using HazardMm.Oracle;

namespace HazardMm.Torture;

/// <summary>
/// The flight recorder's part of a failure report (design.md#flight-recorder): the last events of the
/// CPU that saw the violation, and those of the CPU that freed the mm up to the free, each line with
/// its time since the case started. Read only once the CPUs stopped.
/// </summary>
public static class FlightDump
{
    /// <summary>Events shown per CPU.</summary>
    public const int EventsShown = 16;

    /// <summary>The lines for <paramref name="violation"/> in the case <paramref name="label"/>, each starting with <see cref="TortureProgress.Prefix"/> and the label.</summary>
    /// <param name="started">The <see cref="Stopwatch"/> timestamp the case started at.</param>
    public static IReadOnlyList<string> Of(FlightRecorder recorder, InvariantViolation violation, long started, string label)
    {
        string tag = $"{TortureProgress.Prefix} flight [{label}]:";
        var lines = new List<string>();
        int cpu = violation.Cpu;
        bool known = cpu >= 0 && cpu < recorder.Cpus;
        if (known)
        {
            long recorded = recorder.Recorded(cpu);
            Add(lines, tag, recorder, cpu, recorder.Last(cpu, EventsShown), started, $"CPU {cpu} (saw the violation), last events of {recorded}:");
        }

        if (violation.Mm.IsNull || violation.Mm.IsInitMm)
        {
            return lines;
        }

        string lifetime = $"{violation.Mm} gen {violation.Generation.ToString(CultureInfo.InvariantCulture)}";
        if (recorder.FindFree(violation.Mm, violation.Generation) is not (int freer, long number))
        {
            lines.Add($"{tag} no CPU's recorder still holds the free of {lifetime}");
            return lines;
        }

        if (freer == cpu && number >= recorder.Recorded(cpu) - EventsShown)
        {
            lines.Add($"{tag} CPU {cpu} freed {lifetime} itself: the __mmdrop above");
            return lines;
        }

        string whose = freer == cpu ? $"CPU {freer} (saw the violation)" : $"CPU {freer}";
        Add(lines, tag, recorder, freer, recorder.Last(freer, EventsShown, number + 1), started,
            $"{whose} freed {lifetime}, its events up to the free ({recorder.Recorded(freer) - number - 1} after it):");
        return lines;
    }

    private static void Add(List<string> lines, string tag, FlightRecorder recorder, int cpu, IReadOnlyList<FlightEvent> events, long started, string title)
    {
        lines.Add($"{tag} {title}");
        foreach (FlightEvent e in events)
        {
            double seconds = Stopwatch.GetElapsedTime(started, e.Timestamp).TotalSeconds;
            // An event without its own clock read happened at or after the time it carries: "~".
            lines.Add($"{tag}  {(e.Exact ? " " : "~")}{seconds.ToString("+0.000000", CultureInfo.InvariantCulture)}s CPU {cpu}: {e.Describe(cpu)}");
        }

        if (events.Count == 0)
        {
            lines.Add($"{tag}   (no events; {recorder.EventsPerCpu} kept per CPU)");
        }
    }
}
