using System.Diagnostics;
using HazardMm.Arch;
using HazardMm.Ipi;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Schemes;

namespace HazardMm.Cli.Perf.Experiments;

/// <summary>
/// The simulated IPI's round trip (design.md#ipi): one CPU posts do_shoot_lazy_tlb to another that
/// polls its mailbox, and waits for the answer; two threads, the real mailbox code.
/// </summary>
public static class IpiRoundTrip
{
    /// <summary>
    /// Nanoseconds per round trip: the median over batches of 64 within about <paramref name="budget"/>,
    /// so that a batch where the host descheduled either thread does not set the price.
    /// </summary>
    public static double MeasureNs(TimeSpan budget)
    {
        using var kernel = new Kernel<HardwareMemory>(2, 4, ArchModel.Arm64, ShootdownScheme.Descriptor);
        int running = 1;
        var target = new Thread(() =>
        {
            while (Volatile.Read(ref running) != 0)
            {
                kernel.Ipi.PollIpis(kernel.Cpus[1]);
                Thread.SpinWait(1);
            }
        })
        { IsBackground = true, Name = "ipi target" };
        target.Start();
        try
        {
            // The target is idle: its active_mm is init_mm, so the shootdown of another mm finds nothing to do.
            MmPtr mm = MmPtr.FromIndex(1);
            const int Batch = 64;
            var batches = new List<double>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < budget || batches.Count < 3)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < Batch; i++)
                {
                    kernel.Ipi.Post(kernel.Cpus[0], 1, IpiFunction.ShootLazyTlb, mm);
                    kernel.Ipi.Wait(kernel.Cpus[0]);
                }

                batches.Add(Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch);
            }

            batches.Sort();
            return batches[batches.Count / 2];
        }
        finally
        {
            Volatile.Write(ref running, 0);
            target.Join();
        }
    }
}
