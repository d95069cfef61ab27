using System.Diagnostics;
using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Metrics;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Schemes;
using HazardMm.Workload;

namespace HazardMm.Torture;

/// <summary>
/// Runs one <see cref="TortureCase"/> on real hardware threads: populate, start the CPUs, sample the
/// counters every second, stop, wait for quiescence, then check that every mm was freed. A violation
/// on any CPU ends the case at once, timed when it happened; a stall (a CPU making no progress) or a
/// quiescence that never completes ends it as a hang (design.md#torture).
/// </summary>
public static class TortureRunner
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often the monitor looks for a violation or a stall between samples.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <param name="stop">Cancelled (Ctrl-C) ends the case early, with its checks.</param>
    public static TortureResult Run(TortureCase c, ICpuHost host, Action<TortureProgress>? progress, CancellationToken stop) =>
        Run(c, host, progress, null, stop);

    /// <param name="alarm">Told of the case's failure the moment it is known, on the thread that found it (a CPU's, for a violation).</param>
    public static TortureResult Run(TortureCase c, ICpuHost host, Action<TortureProgress>? progress, Action<TortureAlarm>? alarm, CancellationToken stop)
    {
        var metrics = new RunMetricsRecorder(c.Cpus, c.MmCapacity);
        return Run(c, host, progress, alarm, stop, metrics, new Kernel<HardwareMemory>(c.Cpus, c.MmCapacity, c.Arch, SchemeRegistry.Get(c.Scheme), OptionsFor(c, metrics)));
    }

    /// <summary>The same with a scheme built by the caller: how tests run a planted bug.</summary>
    internal static TortureResult Run(
        TortureCase c, ICpuHost host, Action<TortureProgress>? progress, CancellationToken stop, Func<LazyTlbContext<HardwareMemory>, ILazyTlbScheme> scheme)
    {
        var metrics = new RunMetricsRecorder(c.Cpus, c.MmCapacity);
        return Run(c, host, progress, null, stop, metrics, new Kernel<HardwareMemory>(c.Cpus, c.MmCapacity, c.Arch, scheme, OptionsFor(c, metrics)));
    }

    private static TortureResult Run(
        TortureCase c, ICpuHost host, Action<TortureProgress>? progress, Action<TortureAlarm>? alarm, CancellationToken stop,
        RunMetricsRecorder metrics, Kernel<HardwareMemory> built)
    {
        var run = new KernelRun<HardwareMemory>(built, new RandomWorkload(c.Workload, c.Cpus, c.Seed));
        Kernel<HardwareMemory> kernel = run.Kernel;
        long started = Stopwatch.GetTimestamp();
        if (alarm is not null)
        {
            kernel.Control.Failed = (violation, at) => alarm(new TortureAlarm(c, Stopwatch.GetElapsedTime(started, at), violation));
        }

        var clock = Stopwatch.StartNew();
        IRunningCpus cpus = run.Start(host);

        bool interrupted = Monitor(c, kernel, progress, stop, clock);

        // The time of the violation itself, not of the monitor's look at it.
        long failedAt = kernel.Control.FailedAt;
        TimeSpan elapsed = failedAt != 0 ? Stopwatch.GetElapsedTime(started, failedAt) : clock.Elapsed;
        kernel.Control.RequestStop();
        bool quiesced = cpus.Join(c.QuiesceTimeout);
        if (!quiesced)
        {
            kernel.Control.Fail(new InvariantViolation(ViolationKind.Hang, -1, MmPtr.Null, 0,
                $"CPUs did not quiesce within {c.QuiesceTimeout.TotalSeconds:F0} s of the stop ({Describe(kernel)})"));
            cpus.Join(TimeSpan.FromSeconds(5));
        }

        InvariantViolation? verdict = run.Verdict();
        var result = new TortureResult(c, verdict, Totals(kernel), elapsed, kernel.Mms.Allocated, kernel.Mms.Freed,
            cpus.Placement, interrupted, metrics.Collect(kernel.Cpus))
        {
            Ages = kernel.Shadow.Ages(),
            FlightRecord = verdict is null || kernel.Recorder is not { } recorder ? []
                : quiesced ? FlightDump.Of(recorder, verdict, started, c.Label)
                : [$"{TortureProgress.Prefix} flight [{c.Label}]: not read, the CPUs did not quiesce"],
        };

        // A verdict only quiescence gives (a leak, a broken law) was never raised by a Fail.
        if (verdict is not null && !ReferenceEquals(verdict, kernel.Control.Violation))
        {
            alarm?.Invoke(new TortureAlarm(c, elapsed, verdict));
        }

        // A CPU thread that never returned still uses the arena: leave it to the finalizer-free process exit.
        if (quiesced)
        {
            run.Dispose();
        }

        return result;
    }

    /// <summary>
    /// Watches the run until the duration ends, a violation, a stall, or a stop; true if stopped early.
    /// It looks every <see cref="PollInterval"/> (a violation ends the run at once, not at the next
    /// sample) and reports a sample every <see cref="SampleInterval"/>.
    /// </summary>
    private static bool Monitor(TortureCase c, Kernel<HardwareMemory> kernel, Action<TortureProgress>? progress, CancellationToken stop, Stopwatch clock)
    {
        StatsSnapshot last = Totals(kernel);
        var stalls = new StallWatch(kernel.Cpus, kernel.Online, c.StallTimeout);
        var stutter = c.Stutter is { } interval ? new StutterSchedule(interval, c.Seed) : null;
        TimeSpan nextSample = SampleInterval;
        try
        {
            while (clock.Elapsed < c.Duration && !kernel.Control.Aborted)
            {
                TimeSpan wait = Min(Min(nextSample, c.Duration) - clock.Elapsed, PollInterval);
                if (wait > TimeSpan.Zero && stop.WaitHandle.WaitOne(wait))
                {
                    return true;
                }

                if (kernel.Control.Aborted)
                {
                    break; // no sample after a violation: the report's counts are those at the violation
                }

                TimeSpan now = clock.Elapsed;
                kernel.Hotplug?.Step(now);
                if (stutter?.Step(now) is { } hold)
                {
                    kernel.Delays.Stutter(hold);
                    if (!hold)
                    {
                        stalls.Restart(now); // a held CPU makes no progress on purpose
                    }
                }

                // A finite workload may stop the run itself; its CPUs then quiesce and return.
                if (!kernel.Control.Stopping && stutter is not { Holding: true } && stalls.Stuck(now) is { } stuck)
                {
                    kernel.Control.Fail(new InvariantViolation(ViolationKind.Hang, stuck.Id, MmPtr.Null, 0,
                        $"no progress for {c.StallTimeout.TotalSeconds:0.###} s{(stuck.IpiTargets.Count > 0 ? ", waiting in smp_call_function for its targets to answer" : string.Empty)} ({Describe(kernel)})"));
                    break;
                }

                if (now < nextSample)
                {
                    continue;
                }

                StatsSnapshot totals = Totals(kernel);
                progress?.Invoke(new TortureProgress(c, now, totals - last, kernel.LiveMms, kernel.Tasks.LiveUserTasks, kernel.Shadow.Ages()));
                last = totals;
                nextSample += SampleInterval;
            }

            return false;
        }
        finally
        {
            kernel.Delays.Stutter(false); // quiescence needs every CPU
        }
    }

    private static KernelOptions OptionsFor(TortureCase c, RunMetricsRecorder metrics) =>
        new() { Mutant = c.Mutant, IpiCost = c.IpiCost, VcpuPreemption = c.VcpuPreemption, IpiDelay = c.IpiDelay, MmputAsync = c.MmputAsync, Hotplug = c.Hotplug, Observer = metrics,
            FlightRecorderEvents = c.FlightRecorderEvents };

    private static StatsSnapshot Totals(Kernel<HardwareMemory> kernel)
    {
        StatsSnapshot sum = default;
        foreach (Cpu cpu in kernel.Cpus)
        {
            sum += cpu.Stats.Read();
        }

        return sum;
    }

    private static string Describe(Kernel<HardwareMemory> kernel) =>
        string.Join(", ", kernel.Cpus.Select(cpu => $"CPU {cpu.Id}: {(kernel.Online.IsOnline(cpu.Id) ? cpu.Curr.Name : "offline")}{(cpu.IrqsDisabled ? " irqs-off" : string.Empty)}"));

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
