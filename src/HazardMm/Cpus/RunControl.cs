using System.Diagnostics;
using HazardMm.Oracle;

namespace HazardMm.Cpus;

/// <summary>
/// Run-wide flags the monitor and the CPUs share: the stop request that starts quiescence, and the
/// first violation, which aborts every CPU (each spin loop checks it, so no CPU waits forever on a
/// CPU that died). Mechanism bookkeeping, outside the memory seam.
/// </summary>
public sealed class RunControl
{
    private volatile bool _stopping;
    private volatile bool _aborted;
    private InvariantViolation? _violation;
    private long _failedAt;

    /// <summary>Quiescence requested: tasks exit, nothing new is created, every CPU ends unlazy.</summary>
    public bool Stopping => _stopping;

    /// <summary>Some CPU failed: everyone unwinds.</summary>
    public bool Aborted => _aborted;

    public InvariantViolation? Violation => Volatile.Read(ref _violation);

    /// <summary>
    /// <see cref="Stopwatch.GetTimestamp"/> when the first violation was recorded, 0 while there is
    /// none: a report gives the time of the violation, not of the monitor's next look.
    /// </summary>
    public long FailedAt => Volatile.Read(ref _failedAt);

    /// <summary>
    /// Told of the first violation, with its <see cref="FailedAt"/>, on the thread that recorded it (a
    /// torture case's alarm, design.md#torture); null under a systematic model.
    /// </summary>
    public Action<InvariantViolation, long>? Failed { get; set; }

    public void RequestStop() => _stopping = true;

    /// <summary>Records the first violation and aborts the run; later ones are consequences and dropped.</summary>
    public void Fail(InvariantViolation violation)
    {
        if (Interlocked.CompareExchange(ref _violation, violation, null) is null)
        {
            long at = Stopwatch.GetTimestamp();
            Volatile.Write(ref _failedAt, at);
            Failed?.Invoke(violation, at);
        }

        _aborted = true;
    }

    /// <summary>Throws <see cref="RunAbortedException"/> when another CPU failed.</summary>
    public void ThrowIfAborted()
    {
        if (_aborted)
        {
            throw new RunAbortedException();
        }
    }
}

/// <summary>Unwinds a CPU whose run was aborted by a violation on another CPU.</summary>
public sealed class RunAbortedException : Exception
{
    public RunAbortedException()
        : base("run aborted by a violation on another CPU")
    {
    }
}
