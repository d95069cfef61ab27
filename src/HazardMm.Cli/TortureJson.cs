using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using HazardMm.Cli.Perf;
using HazardMm.Cpus;
using HazardMm.Oracle;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm torture --json FILE</c> (design.md#torture): the resolved configuration, the host, and
/// per case the verdict, every counter the stats lines and the verdict line show (per-second samples
/// included), and the "mm age at use" histogram. Written once, after the last case.
/// </summary>
public static class TortureJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The document for <paramref name="cases"/>, each with the samples taken while it ran.</summary>
    public static string Build(TortureOptions options, IReadOnlyList<(TortureResult Result, IReadOnlyList<TortureProgress> Samples)> cases, int exitCode, int hostCores)
    {
        var document = new JsonObject
        {
            ["config"] = new JsonObject
            {
                ["schemes"] = new JsonArray([.. options.Schemes.Select(s => JsonValue.Create(s))]),
                ["arches"] = new JsonArray([.. options.Arches.Select(a => JsonValue.Create(a.Name))]),
                ["cpus"] = options.Cpus,
                ["duration_s"] = options.Duration.TotalSeconds,
                ["seed"] = options.Seed,
                ["pin"] = options.Pin,
                ["ipi_cost_ns"] = Nanoseconds(options.IpiCost.Cost),
                ["vcpu_preempt"] = options.VcpuPreemption is { } p ? new JsonObject { ["p"] = p.Probability, ["duration_ns"] = Nanoseconds(p.Duration) } : null,
                ["ipi_delay_ns"] = options.IpiDelay is { } d ? Nanoseconds(d.Bound) : null,
                ["stutter_s"] = options.Stutter?.TotalSeconds,
                ["overcommit"] = options.Overcommit,
                ["mmput_async"] = options.MmputAsync?.Probability,
                ["hotplug_interval_s"] = options.Hotplug?.Interval.TotalSeconds,
                ["stall_timeout_s"] = options.StallTimeout.TotalSeconds,
            },
            ["host"] = new JsonObject
            {
                ["cpu_model"] = HostInfo.CpuModel(),
                ["cores"] = hostCores,
                ["os"] = RuntimeInformation.OSDescription,
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["commit"] = Commit(),
            },
            ["cases"] = new JsonArray([.. cases.Select(c => Case(c.Result, c.Samples))]),
            ["exit_code"] = exitCode,
        };
        return document.ToJsonString(Indented);
    }

    private static JsonObject Case(TortureResult result, IReadOnlyList<TortureProgress> samples) => new()
    {
        ["scheme"] = result.Case.Scheme,
        ["arch"] = result.Case.Arch.Name,
        ["cpus"] = result.Case.Cpus,
        ["faults"] = result.Case.Faults,
        ["seed"] = result.Case.Seed,
        ["verdict"] = result.Success ? "SUCCESS" : "FAILURE",
        ["stalled"] = result.Stalled,
        ["interrupted"] = result.Interrupted,
        ["violation"] = result.Violation is { } v ? Violation(v) : null,
        ["elapsed_s"] = result.Elapsed.TotalSeconds,
        ["switches_per_s"] = result.SwitchesPerSecond,
        ["placement"] = result.Placement,
        ["mms_allocated"] = result.MmsAllocated,
        ["mms_freed"] = result.MmsFreed,
        ["counters"] = Counters(result.Totals),
        ["mm_age_at_use"] = Ages(result.Ages),
        ["samples"] = new JsonArray([.. samples.Select(Sample)]),
        ["summary"] = result.Summary,
    };

    private static JsonObject Violation(InvariantViolation v) => new()
    {
        ["kind"] = InvariantViolation.KindName(v.Kind),
        ["cpu"] = v.Cpu,
        ["mm"] = v.Mm.ToString(),
        ["generation"] = v.Generation,
        ["message"] = v.Message,
    };

    private static JsonObject Sample(TortureProgress p) => new()
    {
        ["elapsed_s"] = p.Elapsed.TotalSeconds,
        ["per_second"] = Counters(p.PerSecond),
        ["live_mms"] = p.LiveMms,
        ["live_tasks"] = p.LiveTasks,
        ["mm_age_at_use"] = Ages(p.Ages),
    };

    private static JsonObject Counters(StatsSnapshot s) => new()
    {
        ["switches"] = s.Switches,
        ["lazy_entries"] = s.LazyEntries,
        ["exits"] = s.Exits,
        ["scans"] = s.Scans,
        ["ipis"] = s.IpisSent,
        ["unlazies"] = s.Unlazies,
        ["slots_scanned"] = s.SlotsScanned,
        ["ipi_cost_paid_ns"] = Nanoseconds(s.IpiCostPaid),
        ["vcpu_preemptions"] = s.Preemptions,
        ["vcpu_preemptions_irqs_off"] = s.PreemptionsIrqsOff,
        ["vcpu_preempted_ns"] = Nanoseconds(s.Preempted),
        ["ipis_delayed"] = s.IpisDelayed,
        ["ipi_delay_ns"] = Nanoseconds(s.IpiDelayed),
        ["stutter_holds"] = s.Stutters,
        ["stuttered_ns"] = Nanoseconds(s.Stuttered),
        ["mmputs_async"] = s.MmputsAsync,
        ["hotplug_offlines"] = s.Offlines,
        ["hotplug_onlines"] = s.Onlines,
        ["hotplug_tasks_migrated"] = s.TasksMigrated,
        ["hotplug_lazy_handed_back"] = s.LazyHandedBack,
    };

    private static JsonObject Ages(MmAgeHistogram a) => new() { ["0"] = a.Live, ["1"] = a.Dead, ["2+"] = a.Freed };

    private static long Nanoseconds(TimeSpan t) => (long)(t.Ticks * (1e9 / TimeSpan.TicksPerSecond));

    /// <summary>The commit the build came from: the part of the informational version after '+'.</summary>
    private static string Commit()
    {
        string? version = typeof(TortureJson).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return plus < 0 ? "unknown" : version![(plus + 1)..];
    }
}
