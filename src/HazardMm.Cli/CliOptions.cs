using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using HazardMm.Cpus;
using HazardMm.Ipi;

namespace HazardMm.Cli;

/// <summary>
/// The option kinds the commands share, each with its own parser: a bad value is a parse error of
/// one line naming the option and what it accepts, reported before any work starts.
/// </summary>
public static class CliOptions
{
    /// <summary>
    /// A comma list of names from <paramref name="known"/>; "all" stands for <paramref name="all"/>.
    /// Duplicates are dropped. <paramref name="allowed"/> replaces the list of names in the help.
    /// </summary>
    public static CliOption<IReadOnlyList<T>> NameList<T>(
        string name, string what, string description, IReadOnlyList<T> known, Func<T, string> nameOf, IReadOnlyList<T> all,
        string defaultText, Func<ParseResult, IReadOnlyList<T>> fallback, string? allowed = null)
    {
        var option = new Option<IReadOnlyList<T>>(name)
        {
            Description = $"{description}; {allowed ?? "one of " + string.Join(", ", known.Select(nameOf))}, or all",
            HelpName = "NAME,...|all",
            CustomParser = r => ParseNames(r, r.Tokens[0].Value, what, known, nameOf, all),
        };
        return new CliOption<IReadOnlyList<T>>(option, defaultText, fallback);
    }

    /// <summary>One name from <paramref name="known"/>, or none when the option is absent.</summary>
    public static CliOption<T?> OneName<T>(string name, string what, string description, IReadOnlyList<T> known, Func<T, string> nameOf, string allowed)
        where T : class
    {
        var option = new Option<T?>(name)
        {
            Description = $"{description}; {allowed}",
            HelpName = "NAME",
            CustomParser = r =>
            {
                string text = r.Tokens[0].Value;
                T? found = known.FirstOrDefault(k => nameOf(k) == text);
                if (found is null)
                {
                    r.AddError($"unknown {what} '{text}'; {allowed}");
                }

                return found;
            },
        };
        return new CliOption<T?>(option, "none", _ => null);
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static CliOption<int> Count(string name, string description, int min, int max, string defaultText, Func<ParseResult, int> fallback)
    {
        var option = new Option<int>(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = r =>
            {
                string text = r.Tokens[0].Value;
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                {
                    r.AddError($"{name} must be a whole number from {min} to {max}, got '{text}'");
                }

                return n;
            },
        };
        return new CliOption<int>(option, defaultText, fallback);
    }

    public static CliOption<int> Count(string name, string description, int min, int max, int fallback) =>
        Count(name, description, min, max, fallback.ToString(CultureInfo.InvariantCulture), _ => fallback);

    /// <summary>A duration as <see cref="DurationParser"/> reads it.</summary>
    public static CliOption<TimeSpan> Duration(string name, string description, TimeSpan fallback) =>
        Duration(name, description, DurationParser.Format(fallback), _ => fallback);

    /// <summary>A duration whose default depends on other arguments, described by <paramref name="defaultText"/>.</summary>
    public static CliOption<TimeSpan> Duration(string name, string description, string defaultText, Func<ParseResult, TimeSpan> fallback)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = description,
            HelpName = "DURATION",
            CustomParser = r =>
            {
                if (!DurationParser.TryParse(r.Tokens[0].Value, name, out TimeSpan duration, out string error))
                {
                    r.AddError(error);
                }

                return duration;
            },
        };
        return new CliOption<TimeSpan>(option, defaultText, fallback);
    }

    /// <summary>
    /// <c>--ipi-cost</c>: one IPI's round trip, half paid by the sender and half by the target (design.md#ipi-cost). Absent, it
    /// is measured when read: the real IPI round trip where the OS offers one, else the mailbox's.
    /// </summary>
    public static CliOption<IpiCostCalibration> IpiCost()
    {
        const string Name = "--ipi-cost";
        var option = new Option<IpiCostCalibration>(Name)
        {
            Description = $"what one IPI costs, sent and answered: the sender busy-waits half of it to deliver the IPI, the target the other half to take it, so the sender waits the whole round trip; {ShortDurationParser.Accepted} (0 turns the cost model off)",
            HelpName = "DURATION",
            CustomParser = r =>
            {
                if (!ShortDurationParser.TryParse(r.Tokens[0].Value, Name, out TimeSpan cost, out string error))
                {
                    r.AddError(error);
                }

                return IpiCostCalibration.Given(cost);
            },
        };
        return new CliOption<IpiCostCalibration>(
            option, "this host's real IPI round trip (membarrier), else the simulated mailbox round trip, measured at start",
            _ => IpiCostCalibration.Measure());
    }

    /// <summary><c>--vcpu-preempt P:DURATION</c>: descheduled vCPUs (design.md#vcpu-preemption), seeded later with the run's seed.</summary>
    public static CliOption<VcpuPreemption?> VcpuPreempt()
    {
        const string Name = "--vcpu-preempt";
        var option = new Option<VcpuPreemption?>(Name)
        {
            Description = $"stop a CPU (IPIs to it wait) with chance P at each preemption point, IRQs-off windows included, for DURATION; {VcpuPreemptionParser.Format}",
            HelpName = "P:DURATION",
            CustomParser = r =>
            {
                if (!VcpuPreemptionParser.TryParse(r.Tokens[0].Value, Name, out double p, out TimeSpan duration, out string error))
                {
                    r.AddError(error);
                    return null;
                }

                return new VcpuPreemption(p, duration);
            },
        };
        return new CliOption<VcpuPreemption?>(option, "off", _ => null);
    }

    /// <summary><c>--ipi-delay BOUND</c>: each IPI taken late by a seeded delay up to BOUND (design.md#torture), seeded later with the run's seed.</summary>
    public static CliOption<IpiDelay?> IpiDelay()
    {
        const string Name = "--ipi-delay";
        var option = new Option<IpiDelay?>(Name)
        {
            Description = $"take each IPI late, by a random delay up to BOUND, the target running on meanwhile; {ShortDurationParser.Accepted.Replace(", or 0", string.Empty, StringComparison.Ordinal)}",
            HelpName = "BOUND",
            CustomParser = r =>
            {
                string text = r.Tokens[0].Value;
                if (!ShortDurationParser.TryParse(text, Name, out TimeSpan bound, out string error))
                {
                    r.AddError(error);
                    return null;
                }

                if (bound == TimeSpan.Zero)
                {
                    r.AddError($"{Name} '{text}': the bound must be positive");
                    return null;
                }

                return new IpiDelay(bound);
            },
        };
        return new CliOption<IpiDelay?>(option, "off", _ => null);
    }

    /// <summary><c>--mmput-async P</c>: an exit's mmput is mmput_async with chance P (design.md#torture), seeded later with the run's seed.</summary>
    public static CliOption<MmputAsync?> MmputAsync()
    {
        const string Name = "--mmput-async";
        var option = new Option<MmputAsync?>(Name)
        {
            Description = "with chance P an exit's mmput is mmput_async: the last put's __mmput runs on another CPU's kworker; P in (0, 1]",
            HelpName = "P",
            CustomParser = r =>
            {
                string text = r.Tokens[0].Value;
                if (!double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out double p) || !(p > 0 && p <= 1))
                {
                    r.AddError($"{Name} '{text}' is not a probability in (0, 1]");
                    return null;
                }

                return new MmputAsync(p);
            },
        };
        return new CliOption<MmputAsync?>(option, "off", _ => null);
    }

    /// <summary>
    /// <c>--hotplug [INTERVAL]</c>: CPUs go offline and come back, one operation about once per
    /// INTERVAL (design.md#hotplug), seeded later with the run's seed.
    /// </summary>
    public static CliOption<Hotplug?> Hotplug()
    {
        const string Name = "--hotplug";
        var option = new Option<Hotplug?>(Name)
        {
            Description = $"CPUs go offline and come back: about once per INTERVAL (default {DurationParser.Format(Cpus.Hotplug.DefaultInterval)}) a CPU drawn from the seed is taken down (never the last online one) or brought back",
            HelpName = "INTERVAL",
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0)
                {
                    return new Hotplug(Cpus.Hotplug.DefaultInterval);
                }

                string text = r.Tokens[0].Value;
                if (!DurationParser.TryParse(text, Name, out TimeSpan interval, out string error))
                {
                    r.AddError(error);
                    return null;
                }

                if (interval <= TimeSpan.Zero)
                {
                    r.AddError($"{Name} '{text}': the interval must be positive");
                    return null;
                }

                return new Hotplug(interval);
            },
        };
        return new CliOption<Hotplug?>(option, "off", _ => null);
    }

    /// <summary>A 32-bit seed (Coyote's).</summary>
    public static CliOption<uint> Seed32(string description, string defaultText, Func<ParseResult, uint> fallback)
    {
        var option = new Option<uint>("--seed")
        {
            Description = description,
            HelpName = "N",
            CustomParser = r =>
            {
                string text = r.Tokens[0].Value;
                if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out uint seed))
                {
                    r.AddError($"--seed must be a whole number from 0 to {uint.MaxValue}, got '{text}'");
                }

                return seed;
            },
        };
        return new CliOption<uint>(option, defaultText, fallback);
    }

    /// <summary>A 64-bit seed (torture's workload).</summary>
    public static CliOption<long> Seed64(string description, string defaultText, Func<ParseResult, long> fallback)
    {
        var option = new Option<long>("--seed")
        {
            Description = description,
            HelpName = "N",
            CustomParser = r =>
            {
                string text = r.Tokens[0].Value;
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long seed))
                {
                    r.AddError($"--seed must be a 64-bit integer, got '{text}'");
                }

                return seed;
            },
        };
        return new CliOption<long>(option, defaultText, fallback);
    }

    /// <summary>A path, checked by the command before its work starts (see <see cref="OutputPaths"/>).</summary>
    public static CliOption<string> Path(string name, string helpName, string description, string fallback) =>
        new(new Option<string>(name) { Description = description, HelpName = helpName }, fallback, _ => fallback);

    /// <summary>An on/off switch, off unless given.</summary>
    public static CliOption<bool> Flag(string name, string description) =>
        new(new Option<bool>(name) { Description = description, Arity = ArgumentArity.Zero }, "off", _ => false);

    private static IReadOnlyList<T> ParseNames<T>(ArgumentResult r, string value, string what, IReadOnlyList<T> known, Func<T, string> nameOf, IReadOnlyList<T> all)
    {
        var chosen = new List<T>();
        foreach (string name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name == "all")
            {
                chosen.AddRange(all);
                continue;
            }

            // By index, not FirstOrDefault: for a value type the default is a valid choice.
            int index = known.Select(nameOf).ToList().IndexOf(name);
            if (index < 0)
            {
                r.AddError($"unknown {what} '{name}'; allowed: {string.Join(", ", known.Select(nameOf))}, all");
                return [];
            }

            chosen.Add(known[index]);
        }

        return [.. chosen.Distinct()];
    }
}
