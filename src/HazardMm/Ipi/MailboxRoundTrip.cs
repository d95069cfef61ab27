using System.Diagnostics;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Ipi;

/// <summary>
/// The simulated IPI's round trip on this host: a sender posts a request through the real
/// <see cref="IpiMailbox{TMem}"/> and waits while a target on a second core polls, runs an empty
/// handler and answers (design.md#ipi-cost). The fallback of the IPI cost model where the OS offers
/// no real IPI to time.
/// </summary>
public static class MailboxRoundTrip
{
    /// <summary>The median of <paramref name="samples"/> round trips, each a post then a wait.</summary>
    public static TimeSpan Measure(int samples = 2001)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        using var arena = new Arena(PerCpuArea.LinesFor(2));
        Cpu[] cpus = [new Cpu(0), new Cpu(1)];
        var mailbox = new IpiMailbox<HardwareMemory>(new PerCpuArea(arena, 0, 2), cpus, new RunControl(), (_, _, _) => { });
        long median = PairedThreads.Run(
            () =>
            {
                var times = new long[samples];
                for (int i = 0; i < samples; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    mailbox.Post(cpus[0], 1, IpiFunction.CheckLazyTlb, MmPtr.InitMm);
                    mailbox.Wait(cpus[0]);
                    times[i] = Stopwatch.GetTimestamp() - start;
                }

                return PairedThreads.Median(times);
            },
            stop =>
            {
                while (!stop())
                {
                    mailbox.PollIpis(cpus[1]);
                    HardwareMemory.CpuRelax();
                }
            });
        return HostDelays.FromStopwatchTicks(median);
    }
}
