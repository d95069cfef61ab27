namespace HazardMm.Cpus;

/// <summary>
/// The hotplug machinery on real threads (design.md#hotplug): the torture monitor, as the cpuhp
/// control thread, asks for one operation at a time; the CPUs carry it out. Taking a CPU down is a
/// stop_machine: every online CPU checks in at the top of its scheduler loop (answering IPIs until
/// all have, since one still inside its step may be waiting for an answer), then the dying CPU hands
/// its tasks, jobs and lazy mm away and leaves the online mask while the others are held, then
/// releases them and stays offline, running nothing, until it is brought back. Bringing a CPU up is
/// the CPU itself rejoining the mask. Under a systematic model a scenario's scripted step asks for a
/// takedown instead of the monitor, and its bookkeeping (outside the seam, like the quiescence
/// counts) is sequentially consistent there; its spins are scheduling points (cpu_relax).
/// </summary>
public sealed class CpuHotplug
{
    private readonly CpuOnlineMask _online;
    private readonly Random _random;
    private readonly TimeSpan _interval;
    private readonly int _cpus;
    private readonly bool[] _upRequested;
    private volatile bool _stopPending;
    private volatile int _dying = -1;
    private int _generation;
    private int _arrived;
    private int _released;
    private TimeSpan _next;

    public CpuHotplug(Hotplug settings, CpuOnlineMask online, int cpus)
    {
        Settings = settings;
        _online = online;
        _cpus = cpus;
        _interval = settings.Interval;
        _random = new Random(unchecked((int)settings.Seed ^ (int)(settings.Seed >> 32) ^ 0x0ff0));
        _upRequested = new bool[cpus];
        _next = NextDelay();
    }

    public Hotplug Settings { get; }

    /// <summary>A stop_machine for a CPU's takedown is pending: every online CPU must check in (the CPUs' check).</summary>
    public bool StopPending => _stopPending;

    /// <summary>The CPU the pending stop takes down.</summary>
    public int Dying => _dying;

    /// <summary>Whether an operation is still being carried out.</summary>
    public bool Busy
    {
        get
        {
            if (_stopPending)
            {
                return true;
            }

            for (int cpu = 0; cpu < _cpus; cpu++)
            {
                if (Volatile.Read(ref _upRequested[cpu])) // pairs with the monitor's store-release in the step below
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The monitor's turn at <paramref name="now"/>: when the last operation is done and its time has
    /// come, toggle a CPU drawn from the seed (never the last online one).
    /// </summary>
    public void Step(TimeSpan now)
    {
        if (now < _next || Busy)
        {
            return;
        }

        _next = now + NextDelay();
        int cpu = _random.Next(_cpus);
        if (!_online.IsOnline(cpu))
        {
            Volatile.Write(ref _upRequested[cpu], true); // store-release; read by the offline CPU (UpRequested) and the pending check
        }
        else
        {
            RequestDown(cpu);
        }
    }

    /// <summary>
    /// Asks for <paramref name="cpu"/>'s takedown (the monitor's draw, or a scripted step of a
    /// systematic scenario); ignored while another operation is pending or when it is the last online CPU.
    /// </summary>
    public void RequestDown(int cpu)
    {
        if (_stopPending || _online.Count <= 1 || !_online.IsOnline(cpu))
        {
            return;
        }

        // The fields of the request before the flag the CPUs test (a volatile write: release).
        _dying = cpu;
        Volatile.Write(ref _arrived, 0);
        Interlocked.Increment(ref _generation);
        _stopPending = true;
    }

    /// <summary>A CPU checks in to the pending stop; returns the stop's generation.</summary>
    public int Arrive()
    {
        int generation = Volatile.Read(ref _generation);

        // Interlocked: a full barrier, so what this CPU did in its last step is visible to the dying
        // CPU once it counts this arrival; pairs with the dying CPU's read in AllArrived.
        Interlocked.Increment(ref _arrived);
        return generation;
    }

    /// <summary>Every online CPU has checked in: none is inside a step.</summary>
    public bool AllArrived => Volatile.Read(ref _arrived) >= _online.Count;

    /// <summary>
    /// The dying CPU is offline, or gave the takedown up because the run is stopping (a CPU that went
    /// on to quiescence never checks in): the held CPUs may go on, reading the mask as it now is.
    /// </summary>
    public void Release(int generation)
    {
        Volatile.Write(ref _arrived, 0);
        _stopPending = false;

        // Interlocked: the takedown's writes (the mask, the migrated tasks) before any held CPU goes on.
        Interlocked.Exchange(ref _released, generation);
    }

    /// <summary>Whether the stop of <paramref name="generation"/> has released the CPUs.</summary>
    /// <remarks>The load-acquire pairs with the xchg in <see cref="Release"/>: a CPU that sees its generation released sees the takedown's writes.</remarks>
    public bool Released(int generation) => Volatile.Read(ref _released) >= generation;

    /// <summary>Whether the monitor asks offline <paramref name="cpu"/> to come back.</summary>
    /// <remarks>The load-acquire pairs with the monitor's store-release of the request.</remarks>
    public bool UpRequested(int cpu) => Volatile.Read(ref _upRequested[cpu]);

    /// <summary><paramref name="cpu"/> is back online: the request is done.</summary>
    /// <remarks>A store-release after the CPU's return to the online mask (its own store-release): the
    /// monitor's load-acquire of the request that sees it cleared sees the CPU online.</remarks>
    public void CameUp(int cpu) => Volatile.Write(ref _upRequested[cpu], false);

    private TimeSpan NextDelay() => _interval * (0.5 + _random.NextDouble());
}
