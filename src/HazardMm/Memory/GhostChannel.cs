namespace HazardMm.Memory;

/// <summary>
/// The hand-offs outside the seam, as ghost channel keys (design.md#ghost): C# queues and counters the kernel's locks
/// and barriers stand for. A CPU releases a channel before it hands something over and acquires it after it took
/// something out, so a model that tracks happens-before sees the order the lock gives.
/// </summary>
public static class GhostChannel
{
    /// <summary>The sleeping tasks (the wait queue's lock).</summary>
    public const int Sleepers = 0;

    /// <summary>The mm slab: a freed record handed out again (the slab lock).</summary>
    public const int Slab = 1;

    /// <summary>The count of CPUs that reached quiescence.</summary>
    public const int Quiesce = 2;

    /// <summary>The census of live user tasks and pending kworker jobs quiescence waits on.</summary>
    public const int LiveTasks = 3;

    /// <summary>How many keys <see cref="RunQueue"/> and <see cref="Works"/> start after.</summary>
    public const int Fixed = 4;

    /// <summary>CPU <paramref name="cpu"/>'s run queue (the rq lock).</summary>
    public static int RunQueue(int cpu) => Fixed + (2 * cpu);

    /// <summary>CPU <paramref name="cpu"/>'s kworker job queue.</summary>
    public static int Works(int cpu) => Fixed + (2 * cpu) + 1;

    /// <summary>The stop_machine of a CPU's takedown (design.md#hotplug): the check-ins, and the release after it.</summary>
    public static int StopMachine(int cpus) => Fixed + (2 * cpus);

    /// <summary>How many keys a machine of <paramref name="cpus"/> CPUs uses.</summary>
    public static int Count(int cpus) => Fixed + (2 * cpus) + 1;
}
