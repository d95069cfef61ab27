using System.Runtime.InteropServices;
using Perfolizer.Horology;

namespace HazardMm.Benchmarks;

/// <summary>
/// The benchmark thread's own CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), for BenchmarkDotNet's
/// <c>--thread-cpu-clock</c> runs on a loaded host: time the thread spent descheduled is not counted,
/// so rows measured one after the other under changing load stay comparable. Only for single-threaded
/// benchmarks (a wait for another thread is counted while it spins) and only in process
/// (<c>--inProcess</c>: the clock reads the thread that runs the workload).
/// </summary>
public sealed partial class ThreadCpuClock : IClock
{
    private const int ClockThreadCpuTimeId = 3;

    public static ThreadCpuClock Instance { get; } = new();

    public string Title => "thread CPU time (CLOCK_THREAD_CPUTIME_ID)";

    public bool IsAvailable => OperatingSystem.IsLinux();

    public Frequency Frequency => Frequency.GHz;

    public long GetTimestamp()
    {
        if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec now) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return (now.Seconds * 1_000_000_000) + now.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
