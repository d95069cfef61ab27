namespace HazardMm.Memory;

/// <summary>
/// The hand-offs outside the seam, as ghost channel keys (design.md#ghost): C# queues and counters the kernel's locks
/// and barriers stand for. A CPU releases a channel before it hands something over and acquires it after it took
/// something out, so a model that tracks happens-before sees the order the lock gives.
/// </summary>
public static class GhostChannel
{
    /// <summary>The mm slab: a freed record handed out again (the slab lock).</summary>
    public const int Slab = 0;

    /// <summary>The count of CPUs that reached quiescence.</summary>
    public const int Quiesce = 1;

    /// <summary>The census of live user tasks and pending kworker jobs quiescence waits on.</summary>
    public const int LiveTasks = 2;

    /// <summary>How many keys the per-CPU ones start after.</summary>
    public const int Fixed = 3;

    /// <summary>Keys per CPU: its run queue, its kworker job queue, its sleepers.</summary>
    private const int PerCpu = 3;

    /// <summary>CPU <paramref name="cpu"/>'s run queue (the rq lock).</summary>
    public static int RunQueue(int cpu) => Fixed + (PerCpu * cpu);

    /// <summary>CPU <paramref name="cpu"/>'s kworker job queue.</summary>
    public static int Works(int cpu) => Fixed + (PerCpu * cpu) + 1;

    /// <summary>The tasks that blocked on CPU <paramref name="cpu"/> (its sleepers' wait queue lock, design.md#run-queue).</summary>
    public static int Sleepers(int cpu) => Fixed + (PerCpu * cpu) + 2;

    /// <summary>The stop_machine of a CPU's takedown (design.md#hotplug): the check-ins, and the release after it.</summary>
    public static int StopMachine(int cpus) => Fixed + (PerCpu * cpus);

    /// <summary>How many keys a machine of <paramref name="cpus"/> CPUs uses.</summary>
    public static int Count(int cpus) => Fixed + (PerCpu * cpus) + 1;
}
