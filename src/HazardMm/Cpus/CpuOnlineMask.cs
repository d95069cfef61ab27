namespace HazardMm.Cpus;

/// <summary>
/// <c>cpu_online_mask</c> (design.md#hotplug): which CPUs are online. Every CPU is online at boot and,
/// without <c>--hotplug</c>, for the whole run. A CPU leaves the mask only inside a stop_machine
/// (<see cref="CpuHotplug"/>), while every other online CPU is held at the top of its scheduler loop,
/// so no sender, scanner or waker reads it mid-change; the holds' interlocked arrival and release are
/// the full barriers that order the change against every later read. That is why it lives outside
/// the memory seam: under a systematic model it never changes, and no seam operation is added.
/// </summary>
public sealed class CpuOnlineMask
{
    private readonly bool[] _online;
    private int _count;

    public CpuOnlineMask(int cpus)
    {
        _online = new bool[cpus];
        Array.Fill(_online, true);
        _count = cpus;
    }

    /// <summary><c>num_online_cpus()</c>.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary><c>cpu_online(cpu)</c>.</summary>
    public bool IsOnline(int cpu) => Volatile.Read(ref _online[cpu]);

    /// <summary>
    /// select_fallback_rq: <paramref name="cpu"/> when it is online, else the next online CPU after it
    /// (there is always one: the last online CPU never goes down).
    /// </summary>
    public int Fallback(int cpu)
    {
        if (IsOnline(cpu))
        {
            return cpu;
        }

        return NextOnlineAfter(cpu, excluding: -1);
    }

    /// <summary>The next online CPU after <paramref name="cpu"/>, cyclically (<paramref name="cpu"/> itself last), never <paramref name="excluding"/>.</summary>
    public int NextOnlineAfter(int cpu, int excluding)
    {
        for (int i = 1; i <= _online.Length; i++)
        {
            int next = (cpu + i) % _online.Length;
            if (next != excluding && IsOnline(next))
            {
                return next;
            }
        }

        throw new InvalidOperationException("no CPU is online");
    }

    /// <summary>set_cpu_online(cpu, online).</summary>
    internal void Set(int cpu, bool online)
    {
        if (IsOnline(cpu) == online)
        {
            throw new InvalidOperationException($"CPU {cpu} is already {(online ? "online" : "offline")}");
        }

        // Store-release of the bit, paired with IsOnline's load-acquire: a CPU that sees the dying CPU
        // offline sees what the takedown did before (its tasks, jobs and lazy mm handed away). The
        // count is a fully ordered add after it; Count's load-acquire pairs with it.
        Volatile.Write(ref _online[cpu], online);
        Interlocked.Add(ref _count, online ? 1 : -1);
    }
}
