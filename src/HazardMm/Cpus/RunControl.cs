using System.Diagnostics;
using System.Runtime.InteropServices;
using HazardMm.Memory;
using HazardMm.Oracle;

namespace HazardMm.Cpus;

/// <summary>
/// Run-wide flags the monitor and the CPUs share: the stop request that starts quiescence, and the
/// first violation, which aborts every CPU (each spin loop checks it, so no CPU waits forever on a
/// CPU that died). Mechanism bookkeeping, outside the memory seam.
/// </summary>
/// <remarks>
/// Padded on both sides (design.md#run-queue: padded objects): every CPU reads the flags at every
/// scheduler step and they are written once a run, so no object the heap puts beside this one may
/// share their line (one did: 1 % of a 2-CPU torture profile sat on the read of <see cref="Stopping"/>).
/// </remarks>
[StructLayout(LayoutKind.Explicit)]
public sealed class RunControl
{
    private const int First = Arena.LineBytes;

    [FieldOffset(First)]
    private InvariantViolation? _violation;

    [FieldOffset(First + 8)]
    private long _failedAt;

    [FieldOffset(First + 16)]
    private volatile bool _stopping;

    [FieldOffset(First + 17)]
    private volatile bool _aborted;

#pragma warning disable CS0169, IDE0051 // padding, never read
    [FieldOffset(First + 24 + Arena.LineBytes)]
    private long _end;
#pragma warning restore CS0169, IDE0051

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
    [field: FieldOffset(First + 24)]
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
