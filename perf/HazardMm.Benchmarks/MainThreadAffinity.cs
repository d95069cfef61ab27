using System.Runtime.InteropServices;
using HazardMm.Cpus;

namespace HazardMm.Benchmarks;

/// <summary>
/// Saves the main thread's set of allowed cores before a benchmark pins it, and puts it back after:
/// BenchmarkDotNet runs every benchmark of a process on that thread. <see cref="ThreadAffinity"/>
/// pins to one core; putting back a set of cores is this class's part (Linux; Windows up to 64 cores).
/// </summary>
public static unsafe partial class MainThreadAffinity
{
    private const int LinuxMaskBytes = 128;

    /// <summary>Pins the calling thread to <paramref name="core"/>; returns the cores it could run on before.</summary>
    public static int[] Pin(int core)
    {
        int[] saved = ThreadAffinity.AllowedCores();
        ThreadAffinity.PinCurrentThread(core);
        return saved;
    }

    /// <summary>Lets the calling thread run on <paramref name="cores"/> again; null on success, else why not.</summary>
    public static string? Restore(int[] cores)
    {
        if (OperatingSystem.IsLinux())
        {
            ulong* mask = stackalloc ulong[LinuxMaskBytes / sizeof(ulong)];
            new Span<ulong>(mask, LinuxMaskBytes / sizeof(ulong)).Clear();
            foreach (int core in cores.Where(c => c < LinuxMaskBytes * 8))
            {
                mask[core / 64] |= 1UL << (core % 64);
            }

            return sched_setaffinity(0, LinuxMaskBytes, mask) == 0 ? null : $"sched_setaffinity failed: errno {Marshal.GetLastPInvokeError()}";
        }

        if (OperatingSystem.IsWindows())
        {
            nuint mask = 0;
            foreach (int core in cores.Where(c => c < 64))
            {
                mask |= (nuint)1 << core;
            }

            return SetThreadAffinityMask(GetCurrentThread(), mask) != 0 ? null : $"SetThreadAffinityMask failed: error {Marshal.GetLastPInvokeError()}";
        }

        return null;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setaffinity(int pid, nint cpusetsize, ulong* mask);

    [LibraryImport("kernel32", SetLastError = true)]
    private static partial nuint SetThreadAffinityMask(nint thread, nuint mask);

    [LibraryImport("kernel32")]
    private static partial nint GetCurrentThread();
}
