using System.Globalization;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// The reproduce line of a failed torture case (design.md#torture): the exact command that runs the
/// same workload again, scheme, arch, CPU count, seed, duration and every fault with its resolved value
/// (a measured IPI cost as measured, <c>--overcommit</c> as the CPU count it gave), after a fixed tag
/// a log can be grepped for.
/// </summary>
public static class TortureReproduce
{
    public const string Tag = TortureProgress.Prefix + " reproduce:";

    /// <summary>The tagged line for <paramref name="c"/>, one case of a run with <paramref name="options"/>.</summary>
    public static string Line(TortureOptions options, TortureCase c) => $"{Tag} hazardmm torture {string.Join(" ", Arguments(options, c))}";

    /// <summary>The arguments after <c>hazardmm</c>, that the CLI parses back into <paramref name="c"/>.</summary>
    public static IReadOnlyList<string> Arguments(TortureOptions options, TortureCase c)
    {
        var args = new List<string>
        {
            "--scheme", c.Scheme, "--arch", c.Arch.Name, "--cpus", Text(c.Cpus), "--duration", Duration(c.Duration), "--seed", Text(c.Seed),
            "--ipi-cost", Short(c.IpiCost),
        };
        if (c.VcpuPreemption is { } p)
        {
            args.AddRange(["--vcpu-preempt", $"{Text(p.Probability)}:{Short(p.Duration)}"]);
        }

        if (c.IpiDelay is { } d)
        {
            args.AddRange(["--ipi-delay", Short(d.Bound)]);
        }

        if (c.Stutter is { } s)
        {
            args.AddRange(["--stutter", Duration(s)]);
        }

        if (c.MmputAsync is { } m)
        {
            args.AddRange(["--mmput-async", Text(m.Probability)]);
        }

        if (c.Hotplug is { } h)
        {
            args.AddRange(["--hotplug", Duration(h.Interval)]);
        }

        if (c.StallTimeout != TortureCase.DefaultStallTimeout)
        {
            args.AddRange(["--stall-timeout", Duration(c.StallTimeout)]);
        }

        if (!options.Pin)
        {
            args.Add("--no-pin");
        }

        if (c.FlightRecorderEvents == 0)
        {
            args.Add("--no-flight-recorder");
        }

        return args;
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Text(double p) => p.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>As <see cref="ShortDurationParser"/> reads it back to the tick: whole nanoseconds, or 0.</summary>
    private static string Short(TimeSpan t) => t == TimeSpan.Zero ? "0" : Text(t.Ticks * 100) + "ns";

    /// <summary>As <see cref="DurationParser"/> reads it back: whole seconds, else milliseconds to the tick.</summary>
    private static string Duration(TimeSpan t) =>
        t.Ticks % TimeSpan.TicksPerSecond == 0 ? Text(t.Ticks / TimeSpan.TicksPerSecond) + "s"
        : ((decimal)t.Ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "ms";
}
