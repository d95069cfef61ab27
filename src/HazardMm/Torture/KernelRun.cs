using HazardMm.Cpus;
using HazardMm.Memory;
using HazardMm.Mm;
using HazardMm.Oracle;
using HazardMm.Sched;
using HazardMm.Workload;

namespace HazardMm.Torture;

/// <summary>
/// The build/run/verdict skeleton every technique shares (torture on pinned threads, Coyote under a
/// memory model): build the kernel and its CPU loop and populate it, start the CPUs on a host, and,
/// once they have quiesced, give the verdict: the oracle's first violation, else a leak of any mm
/// still live (design.md#inv-quiescent). What differs between techniques is only the host, how long
/// the CPUs run and what the caller does with the verdict.
/// </summary>
public sealed class KernelRun<TMem> : IDisposable
    where TMem : struct, IMemoryModel
{
    private readonly CpuLoop<TMem> _loop;

    /// <summary>Takes over <paramref name="kernel"/> (disposed with this run) and populates its run queues from <paramref name="workload"/>.</summary>
    public KernelRun(Kernel<TMem> kernel, IWorkload workload)
    {
        Kernel = kernel;
        try
        {
            _loop = new CpuLoop<TMem>(Kernel, workload);
            _loop.Populate();
        }
        catch
        {
            Kernel.Dispose();
            throw;
        }
    }

    public Kernel<TMem> Kernel { get; }

    /// <summary>Starts one CPU loop per simulated CPU on <paramref name="host"/>.</summary>
    public IRunningCpus Start(ICpuHost host)
    {
        Kernel.StartSmp();
        return host.Start(Kernel.NrCpus, _loop.Run);
    }

    /// <summary>
    /// After quiescence: the oracle's violation, else a leak if any mm was never freed, else a broken
    /// conservation law (design.md#inv-conservation), else null.
    /// Read it only once every CPU has returned (and, under a store-buffer model, its buffers drained).
    /// </summary>
    public InvariantViolation? Verdict() =>
        Kernel.Control.Violation
        ?? (Kernel.LiveMms == 0
            ? null
            : new InvariantViolation(ViolationKind.Leak, -1, MmPtr.Null, 0,
                $"{Kernel.LiveMms} mms never freed after quiescence (allocated {Kernel.Mms.Allocated}, freed {Kernel.Mms.Freed})"))
        ?? Kernel.Laws.Violation();

    public void Dispose() => Kernel.Dispose();
}
