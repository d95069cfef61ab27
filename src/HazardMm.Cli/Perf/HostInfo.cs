using System.Runtime.InteropServices;

namespace HazardMm.Cli.Perf;

/// <summary>The host a number was measured on, for plot titles and result headers.</summary>
public static class HostInfo
{
    /// <summary>"2 cores, AMD EPYC 9R14, Linux 6.8": the core count, the CPU model where the OS says it, the OS.</summary>
    public static string Describe(int cores) => $"{cores} cores{(CpuModel() is { Length: > 0 } model ? ", " + model : string.Empty)}, {RuntimeInformation.OSDescription}";

    /// <summary>The 1-, 5- and 15-minute load averages where the OS has them (Linux), else empty.</summary>
    public static string Load()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load average {parts[0]}, {parts[1]}, {parts[2]}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>The CPU model where the OS says it (Linux's /proc/cpuinfo), else empty.</summary>
    public static string CpuModel()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? string.Empty : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
