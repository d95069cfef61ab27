using System.Diagnostics.CodeAnalysis;

namespace HazardMm.Sched;

/// <summary>
/// Where blocked tasks wait (design.md#run-queue): one wait queue per CPU, holding the tasks that
/// blocked there, as a task waits on the queue of whatever it sleeps on. A wake-up on a CPU takes the
/// oldest sleeper of its own queue, else of the next CPU's that has one, so every sleeper can be
/// woken by every CPU; where the woken task runs is the waker's choice (the target CPU), as before.
/// </summary>
/// <remarks>
/// One global queue made every block and every wake-up a transfer of the queue's line between the
/// CPUs; per CPU, a CPU mostly sleeps and wakes its own tasks and the line stays in its cache. Each
/// queue is a lock of its own, declared to a happens-before model as the ghost channel
/// <see cref="Memory.GhostChannel.Sleepers"/> of its CPU.
/// </remarks>
public sealed class Sleepers
{
    private readonly WaitQueue[] _queues;

    public Sleepers(int cpus)
    {
        _queues = new WaitQueue[cpus];
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            _queues[cpu] = new WaitQueue();
        }
    }

    /// <summary>A task that blocked on <paramref name="cpu"/> goes to that CPU's queue.</summary>
    public void Block(int cpu, TaskStruct task) => _queues[cpu].Enqueue(task);

    /// <summary>
    /// Takes a sleeper for a wake-up on <paramref name="cpu"/>: the oldest of its own queue, else of the
    /// first non-empty queue after it. <paramref name="queue"/> is the CPU whose queue it came from.
    /// </summary>
    public bool TryWake(int cpu, [NotNullWhen(true)] out TaskStruct? task, out int queue)
    {
        int cpus = _queues.Length;
        for (int i = 0; i < cpus; i++)
        {
            queue = cpu + i < cpus ? cpu + i : cpu + i - cpus;
            if (_queues[queue].TryDequeue(out task))
            {
                return true;
            }
        }

        task = null;
        queue = -1;
        return false;
    }
}
