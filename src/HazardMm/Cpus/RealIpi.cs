using System.Diagnostics;
using System.Runtime.InteropServices;

namespace HazardMm.Cpus;

/// <summary>
/// The host's own IPI round trip, where the OS offers one to user space: on Linux,
/// <c>membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)</c> interrupts every other core running a thread of
/// this process and returns once each has run the barrier (design.md#ipi-cost). Registered once with
/// <c>MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED</c>. Timed while a partner thread spins on a second
/// core, so that there is a core to interrupt. Null wherever it cannot be measured.
/// </summary>
public static partial class RealIpi
{
    private const int MembarrierCmdPrivateExpedited = 1 << 3;
    private const int MembarrierCmdRegisterPrivateExpedited = 1 << 4;

    private static readonly Lazy<bool> Registered = new(() =>
        SyscallNumber is long nr && syscall(nr, MembarrierCmdRegisterPrivateExpedited, 0, 0) == 0);

    /// <summary>membarrier's system call number on this architecture (x64 324, arm64 283), else null.</summary>
    public static long? SyscallNumber =>
        !OperatingSystem.IsLinux() ? null
        : RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 324,
            Architecture.Arm64 => 283,
            _ => null,
        };

    /// <summary>Whether this host offers an IPI to time: membarrier registered, and a second core to interrupt.</summary>
    public static bool Available => Register() && ThreadAffinity.AllowedCores().Length >= 2;

    /// <summary>Registers the process for private expedited membarrier (once); false where unsupported.</summary>
    public static bool Register() => Registered.Value;

    /// <summary>
    /// One expedited membarrier, the IPIs it sends and the wait for every target: false if the call
    /// failed (or membarrier is unavailable).
    /// </summary>
    public static bool Barrier() => Register() && syscall(SyscallNumber!.Value, MembarrierCmdPrivateExpedited, 0, 0) == 0;

    /// <summary>
    /// The median of up to <paramref name="samples"/> timed barriers that did interrupt a partner
    /// thread spinning on a second core; null where membarrier is unavailable, the process may use only
    /// one core, or the partner was never seen running within the time budget.
    /// </summary>
    /// <remarks>
    /// membarrier interrupts only cores running a thread of this process at the instant of the call: on
    /// a loaded host the partner is often descheduled, and such a barrier sends no IPI and costs only
    /// the system call. A sample counts only if the partner's heartbeat (a timestamp it keeps
    /// rewriting) is younger than <see cref="PartnerFreshness"/> when the barrier starts.
    /// </remarks>
    public static TimeSpan? RoundTrip(int samples = 201, int minimumSamples = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        if (!Available)
        {
            return null;
        }

        long heartbeat = 0;
        long? median = PairedThreads.Run<long?>(
            () =>
            {
                long fresh = HostDelays.ToStopwatchTicks(PartnerFreshness);
                long deadline = Stopwatch.GetTimestamp() + HostDelays.ToStopwatchTicks(Budget);
                var times = new long[samples];
                int taken = 0;
                while (taken < samples && Stopwatch.GetTimestamp() < deadline)
                {
                    long start = Stopwatch.GetTimestamp();
                    bool partnerRunning = start - Volatile.Read(ref heartbeat) < fresh;
                    if (!Barrier())
                    {
                        return null;
                    }

                    long end = Stopwatch.GetTimestamp();
                    if (partnerRunning)
                    {
                        times[taken++] = end - start;
                    }
                }

                return taken < minimumSamples ? null : PairedThreads.Median(times[..taken]);
            },
            stop =>
            {
                while (!stop())
                {
                    Volatile.Write(ref heartbeat, Stopwatch.GetTimestamp());
                }
            });
        return median is long ticks ? HostDelays.FromStopwatchTicks(ticks) : null;
    }

    /// <summary>How recent the partner's heartbeat must be for a barrier to count as having interrupted it.</summary>
    public static TimeSpan PartnerFreshness { get; } = TimeSpan.FromMicroseconds(3);

    /// <summary>The most time <see cref="RoundTrip"/> spends looking for samples.</summary>
    public static TimeSpan Budget { get; } = TimeSpan.FromMilliseconds(300);

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, int cmd, uint flags, int cpuId);
}
