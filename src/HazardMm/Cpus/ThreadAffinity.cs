using System.Runtime.InteropServices;

namespace HazardMm.Cpus;

/// <summary>
/// Pins the calling thread to one host core: sched_setaffinity(0, ...) on Linux (pid 0 is the
/// calling thread), SetThreadAffinityMask on Windows, nothing elsewhere. Called from inside each CPU
/// thread, never on the process's main thread, whose mask .NET copies into every new thread.
/// </summary>
public static unsafe partial class ThreadAffinity
{
    private const int LinuxMaskBytes = 128;

    /// <summary>Host cores this process may run on, in order (the process's own affinity mask on Linux).</summary>
    public static int[] AllowedCores()
    {
        if (OperatingSystem.IsLinux())
        {
            ulong* mask = stackalloc ulong[LinuxMaskBytes / sizeof(ulong)];
            if (sched_getaffinity(0, LinuxMaskBytes, mask) == 0)
            {
                var cores = new List<int>();
                for (int core = 0; core < LinuxMaskBytes * 8; core++)
                {
                    if ((mask[core / 64] & (1UL << (core % 64))) != 0)
                    {
                        cores.Add(core);
                    }
                }

                if (cores.Count > 0)
                {
                    return [.. cores];
                }
            }
        }

        return [.. Enumerable.Range(0, Environment.ProcessorCount)];
    }

    /// <summary>Pins the calling thread to <paramref name="core"/>; null on success, else why not.</summary>
    public static string? PinCurrentThread(int core)
    {
        if (OperatingSystem.IsLinux())
        {
            if (core >= LinuxMaskBytes * 8)
            {
                return $"core {core} beyond the {LinuxMaskBytes * 8}-core affinity mask";
            }

            ulong* mask = stackalloc ulong[LinuxMaskBytes / sizeof(ulong)];
            new Span<ulong>(mask, LinuxMaskBytes / sizeof(ulong)).Clear();
            mask[core / 64] = 1UL << (core % 64);
            return sched_setaffinity(0, LinuxMaskBytes, mask) == 0
                ? null
                : $"sched_setaffinity(core {core}) failed: errno {Marshal.GetLastPInvokeError()}";
        }

        if (OperatingSystem.IsWindows())
        {
            if (core >= 64)
            {
                return $"core {core} is beyond one processor group";
            }

            return SetThreadAffinityMask(GetCurrentThread(), (nuint)1 << core) != 0
                ? null
                : $"SetThreadAffinityMask(core {core}) failed: error {Marshal.GetLastPInvokeError()}";
        }

        return "pinning is not supported on this OS";
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint cpusetsize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_getaffinity(int pid, nint cpusetsize, ulong* mask);

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial nuint SetThreadAffinityMask(nint thread, nuint mask);

    [LibraryImport("kernel32")]
    private static partial nint GetCurrentThread();
}
