using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using HazardMm.Memory;

namespace HazardMm.Sched;

/// <summary>
/// One CPU's runnable list (the <c>rq</c>'s queue, design.md#run-queue): a FIFO the owner CPU keeps
/// without any atomic instruction, and a lock-free wake list (<c>rq-&gt;wake_list</c>, an llist) other
/// CPUs push onto, which the owner splices into its FIFO (<c>ttwu_queue_wakelist</c> /
/// <c>sched_ttwu_pending</c>). A CPU putting a task back on its own queue, the common case, costs two
/// plain stores and one load of the wake list's head; a remote wake-up costs one cmpxchg when the list
/// is empty, as it mostly is.
/// </summary>
/// <remarks>
/// <para>Who may call what:</para>
/// <list type="bullet">
/// <item><see cref="Enqueue"/>: any CPU, any time (it only pushes onto the wake list).</item>
/// <item><see cref="EnqueueLocal"/>, <see cref="TryDequeue"/>, <see cref="IsEmpty"/>: the owner CPU;
/// or, during CPU hotplug, one other CPU while the owner is stopped, provided the stop hand-off orders
/// the owner's last queue operation before that CPU's first (as any stop handshake through an
/// interlocked flag does).</item>
/// </list>
/// <para>Order: one FIFO over every enqueue, local or remote, in the order they took effect. The
/// owner splices the wake list before each local enqueue and whenever its own FIFO is empty, so a
/// remote entry never overtakes a local one it came before, nor the reverse. Under Coyote, where one
/// CPU runs at a time, a CPU's tasks are therefore taken in exactly the order a single FIFO gives, and
/// stored counter-examples replay unchanged. None of this goes through the memory seam: it is harness
/// structure, ordered by the CLR's interlocked operations, declared to a happens-before model by the
/// callers' ghost channel <see cref="GhostChannel.RunQueue"/> as before.</para>
/// </remarks>
public sealed class RunQueue
{
    /// <summary>Slots before and after the wake list's head, so that no other data shares its line.</summary>
    private const int HeadPadding = Arena.LineBytes / 8;

    /// <summary>
    /// The wake list's head in a slot of its own: remote CPUs cmpxchg it, the owner reads and swaps it.
    /// An array, so the padding around it is laid out as written.
    /// </summary>
    private readonly TaskStruct?[] _wakeList = new TaskStruct?[(2 * HeadPadding) + 1];

    /// <summary>
    /// The owner's FIFO, in an object of its own: this one holds only references set at construction,
    /// which remote pushers read, so the owner's stores to its ring indices never invalidate their line.
    /// </summary>
    private readonly Fifo _fifo = new();

    /// <summary>
    /// No task on this queue: the owner's FIFO is empty and so is the wake list. Owner only (see the
    /// class remarks); a remote push that lands right after the check is seen by the next one.
    /// </summary>
    /// <remarks>The head's load-acquire pairs with a pusher's cmpxchg in <see cref="Enqueue"/>; it only peeks:
    /// the splice's xchg is what takes the list and orders the pushers' writes.</remarks>
    public bool IsEmpty => _fifo.Count == 0 && Volatile.Read(ref WakeListHead) is null;

    /// <summary>
    /// llist_add onto the wake list, from any CPU: the task's <see cref="TaskStruct.WakeEntry"/> links
    /// it. The cmpxchg is fully ordered: what the caller wrote before it (the task's state) is visible
    /// to the owner once the owner's splice sees the task.
    /// </summary>
    /// <remarks>
    /// The first cmpxchg guesses an empty list instead of reading the head (design.md#run-queue): the
    /// owner splices the list before every local append and whenever its FIFO runs dry, so it is mostly
    /// empty, and the head's line is the owner's. A read first would fetch that line for reading and
    /// the cmpxchg then claim it again for writing, two transfers between the cores; a cmpxchg that
    /// guessed wrong has the line already, and returns the head for the retry.
    /// </remarks>
    public void Enqueue(TaskStruct task)
    {
        ref TaskStruct? head = ref WakeListHead;
        TaskStruct? first = null;
        while (true)
        {
            task.WakeEntry = first;
            TaskStruct? seen = Interlocked.CompareExchange(ref head, task, first);
            if (ReferenceEquals(seen, first))
            {
                return;
            }

            first = seen;
        }
    }

    /// <summary>
    /// The owner puts a task on its own queue: the wake list is spliced first, so that tasks other CPUs
    /// queued before this call stay ahead of it; then a plain append.
    /// </summary>
    public void EnqueueLocal(TaskStruct task)
    {
        SpliceWakeList();
        Append(task);
    }

    /// <summary>Takes the oldest task; the owner (see the class remarks).</summary>
    public bool TryDequeue([NotNullWhen(true)] out TaskStruct? task)
    {
        Fifo fifo = _fifo;
        if (fifo.Count == 0 && !SpliceWakeList())
        {
            task = null;
            return false;
        }

        TaskStruct?[] ring = fifo.Ring;
        int head = fifo.Head;
        task = ring[head]!;
        ring[head] = null;
        fifo.Head = (head + 1) & (ring.Length - 1);
        fifo.Count--;
        return true;
    }

    private ref TaskStruct? WakeListHead => ref _wakeList[HeadPadding];

    /// <summary>
    /// sched_ttwu_pending: llist_del_all (one xchg, only when the list is non-empty), then the entries,
    /// newest first on the list, are appended oldest first. Returns whether anything was spliced.
    /// </summary>
    private bool SpliceWakeList()
    {
        ref TaskStruct? head = ref WakeListHead;
        if (Volatile.Read(ref head) is null)
        {
            return false;
        }

        // The xchg is fully ordered: each pusher's writes before its cmpxchg are visible from here on.
        TaskStruct? list = Interlocked.Exchange(ref head, null);
        int n = 0;
        for (TaskStruct? t = list; t is not null; t = t.WakeEntry)
        {
            n++;
        }

        Fifo fifo = _fifo;
        fifo.EnsureRoom(n);
        TaskStruct?[] ring = fifo.Ring;
        int mask = ring.Length - 1;
        int slot = fifo.Head + fifo.Count + n - 1;
        for (TaskStruct? t = list; t is not null; slot--)
        {
            TaskStruct next = t;
            t = next.WakeEntry;
            next.WakeEntry = null;
            ring[slot & mask] = next;
        }

        fifo.Count += n;
        return n > 0;
    }

    private void Append(TaskStruct task)
    {
        Fifo fifo = _fifo;
        fifo.EnsureRoom(1);
        TaskStruct?[] ring = fifo.Ring;
        ring[(fifo.Head + fifo.Count) & (ring.Length - 1)] = task;
        fifo.Count++;
    }

    /// <summary>A ring of <see cref="Ring"/>.Length slots (a power of 2), <see cref="Count"/> entries from <see cref="Head"/>. Owner-only.</summary>
    private sealed class Fifo
    {
        public TaskStruct?[] Ring = new TaskStruct?[16];
        public int Head;
        public int Count;

        /// <summary>Doubles the ring until <paramref name="more"/> entries fit; oldest first at slot 0 after.</summary>
        public void EnsureRoom(int more)
        {
            TaskStruct?[] ring = Ring;
            if (Count + more <= ring.Length)
            {
                return;
            }

            int size = ring.Length;
            while (size < Count + more)
            {
                size *= 2;
            }

            var grown = new TaskStruct?[size];
            for (int i = 0; i < Count; i++)
            {
                grown[i] = ring[(Head + i) & (ring.Length - 1)];
            }

            Debug.Assert((size & (size - 1)) == 0);
            Ring = grown;
            Head = 0;
        }
    }
}
