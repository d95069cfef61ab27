using System.Globalization;

namespace HazardMm.Cli;

/// <summary><c>--vcpu-preempt P:DURATION</c>: the chance per preemption point and how long a CPU stays descheduled.</summary>
public static class VcpuPreemptionParser
{
    public const string Format = "P:DURATION, P in (0, 1] per preemption point, e.g. 0.001:50us";

    /// <summary>Reads <paramref name="text"/> into a probability and a duration; on failure <paramref name="error"/> is one line.</summary>
    public static bool TryParse(string text, string option, out double probability, out TimeSpan duration, out string error)
    {
        probability = 0;
        duration = TimeSpan.Zero;
        string[] parts = text.Split(':');
        if (parts.Length != 2
            || !double.TryParse(parts[0], NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out probability)
            || !(probability > 0 && probability <= 1))
        {
            error = $"{option} '{text}' is not {Format}";
            return false;
        }

        if (!ShortDurationParser.TryParse(parts[1], option, out duration, out error))
        {
            return false;
        }

        if (duration == TimeSpan.Zero)
        {
            error = $"{option} '{text}': the duration must be positive";
            return false;
        }

        return true;
    }
}
