using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using HazardMm.Memory;

namespace HazardMm.Sched;

/// <summary>
/// A wait queue of sleepers (a <c>wait_queue_head</c>: a spinlock and a FIFO list, design.md#run-queue;
/// one per CPU, see <see cref="Sleepers"/>): any CPU may put a blocked task at the tail and any CPU may
/// wake the one at the head. The list is intrusive
/// (through <see cref="TaskStruct.WakeEntry"/>, free while a task sleeps: a sleeping task is on no run
/// queue), so a wake-up touches the queue's one line and the task it takes, where a
/// <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> touched its head or tail line and a
/// slot line besides. The emptiness check takes no lock.
/// </summary>
/// <remarks>
/// Harness structure outside the memory seam, as the run queues are: callers declare its ordering to
/// a happens-before model with <see cref="Memory.GhostChannel.Sleepers"/> of the queue's CPU. Under Coyote one CPU runs
/// at a time and no scheduling point falls inside the lock, so the lock never spins there and the
/// queue gives exactly the FIFO order the concurrent queue gave. On real threads a waiter spins with
/// <see cref="SpinWait"/>, which yields the core when the holder may be descheduled.
/// </remarks>
/// <remarks>
/// Padded on both sides (design.md#run-queue: padded objects): every CPU writes this line at each
/// block and wake-up, and the heap puts the queue right after the <see cref="CpuLoop{TMem}"/> that
/// allocates it, whose references every CPU reads at every step.
/// </remarks>
[StructLayout(LayoutKind.Explicit)]
public sealed class WaitQueue
{
    private const int First = Arena.LineBytes;

    [FieldOffset(First)]
    private TaskStruct? _head;

    [FieldOffset(First + 8)]
    private TaskStruct? _tail;

    [FieldOffset(First + 16)]
    private int _lock;

#pragma warning disable CS0169, IDE0051 // padding, never read
    [FieldOffset(First + 16 + Arena.LineBytes)]
    private long _end;
#pragma warning restore CS0169, IDE0051

    /// <summary>No sleeper, at the instant of the read (a lock-free peek).</summary>
    /// <remarks>The load-acquire pairs with the store-releases of <c>_head</c> in <see cref="Enqueue"/> and
    /// <see cref="TryDequeue"/>, made under the lock; a stale answer is re-checked under the lock.</remarks>
    public bool IsEmpty => Volatile.Read(ref _head) is null;

    /// <summary>Appends a blocked task.</summary>
    public void Enqueue(TaskStruct task)
    {
        task.WakeEntry = null;
        Lock();
        if (_tail is null)
        {
            Volatile.Write(ref _head, task); // store-release: the lock-free peeks (IsEmpty, TryDequeue) see the linked task
        }
        else
        {
            _tail.WakeEntry = task;
        }

        _tail = task;
        Unlock();
    }

    /// <summary>Takes the oldest sleeper, if any.</summary>
    public bool TryDequeue([NotNullWhen(true)] out TaskStruct? task)
    {
        if (Volatile.Read(ref _head) is null) // the lock-free peek of IsEmpty; the lock decides below
        {
            task = null;
            return false;
        }

        Lock();
        task = _head;
        if (task is not null)
        {
            Volatile.Write(ref _head, task.WakeEntry); // store-release for the lock-free peeks, as in Enqueue
            if (task.WakeEntry is null)
            {
                _tail = null;
            }

            task.WakeEntry = null;
        }

        Unlock();
        return task is not null;
    }

    /// <summary>spin_lock: an acquiring cmpxchg; pairs with <see cref="Unlock"/>'s release of the previous holder.</summary>
    private void Lock()
    {
        if (Interlocked.CompareExchange(ref _lock, 1, 0) == 0)
        {
            return;
        }

        var spin = default(SpinWait);
        do
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
        while (Volatile.Read(ref _lock) != 0 || Interlocked.CompareExchange(ref _lock, 1, 0) != 0);
    }

    /// <summary>spin_unlock: a release store; the list's writes inside are visible to the next holder.</summary>
    private void Unlock() => Volatile.Write(ref _lock, 0);
}
