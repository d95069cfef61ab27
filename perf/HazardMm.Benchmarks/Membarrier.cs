using System.Runtime.InteropServices;

namespace HazardMm.Benchmarks;

/// <summary>
/// A real IPI round trip: membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) interrupts every other core
/// running a thread of this process and returns once each has run its handler (design.md#ipi models
/// the same smp_call_function with wait=1). Linux x64 and arm64 only, after
/// MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED.
/// </summary>
public static partial class Membarrier
{
    private const int CmdQuery = 0;
    private const int CmdPrivateExpedited = 1 << 3;
    private const int CmdRegisterPrivateExpedited = 1 << 4;

    private static readonly Lazy<string?> Registration = new(Register);

    /// <summary>Null once registered; else why this host has no membarrier IPI.</summary>
    public static string? Unavailable => Registration.Value;

    /// <summary>One expedited membarrier: an IPI to each core running this process, and the wait for all.</summary>
    public static void PrivateExpedited()
    {
        if (syscall(SyscallNumber(), CmdPrivateExpedited, 0, 0) != 0)
        {
            throw new InvalidOperationException($"membarrier(PRIVATE_EXPEDITED) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    private static long SyscallNumber() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 324,
        Architecture.Arm64 => 283,
        _ => -1,
    };

    private static string? Register()
    {
        if (!OperatingSystem.IsLinux() || SyscallNumber() < 0)
        {
            return $"membarrier is a Linux x64/arm64 syscall; this is {RuntimeInformation.OSDescription} on {RuntimeInformation.ProcessArchitecture}";
        }

        long commands = syscall(SyscallNumber(), CmdQuery, 0, 0);
        if (commands < 0)
        {
            return $"membarrier(QUERY) failed: errno {Marshal.GetLastPInvokeError()}";
        }

        if ((commands & CmdPrivateExpedited) == 0 || (commands & CmdRegisterPrivateExpedited) == 0)
        {
            return $"the kernel offers no private expedited membarrier (commands 0x{commands:x})";
        }

        return syscall(SyscallNumber(), CmdRegisterPrivateExpedited, 0, 0) == 0
            ? null
            : $"membarrier(REGISTER_PRIVATE_EXPEDITED) failed: errno {Marshal.GetLastPInvokeError()}";
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial long syscall(long number, long cmd, long flags, long cpuId);
}
