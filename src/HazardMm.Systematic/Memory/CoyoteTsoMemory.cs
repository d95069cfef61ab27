using HazardMm.Memory;
using Microsoft.Coyote.Runtime;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// x86-TSO under Coyote's scheduler: the operational store-buffer model of Sewell et al. ("x86-TSO: a
/// rigorous and usable programmer's model for x86 multiprocessors", CACM 2010). Each simulated CPU has a
/// FIFO of stores not yet visible to the other CPUs (<see cref="ModelMachine.Buffers"/>):
/// <list type="bullet">
/// <item>a store (release or relaxed: on x86 every store is a release) enters the CPU's own buffer;</item>
/// <item>a load (acquire or relaxed: on x86 every load is an acquire) reads the newest buffered store to
/// its location in the CPU's own buffer (store forwarding), else memory;</item>
/// <item>a locked read-modify-write (cmpxchg, xchg, lock xadd) and mfence drain the CPU's own buffer,
/// then act on memory atomically;</item>
/// <item>at every operation, before it runs, each CPU's oldest buffered stores may reach memory
/// (<see cref="ModelMachine.DrainSome"/>, decided by the controlled generator, so it replays).</item>
/// </list>
/// The one reordering this allows is a store followed by a load of another location (SB); the buffers
/// are FIFO and memory is single, so stores become visible in program order and to every other CPU at
/// once (multi-copy atomic). Coyote adds a scheduling point before every operation, so the interleavings
/// are explored as well as the drain timings.
/// </summary>
/// <remarks>
/// <para>An operation on a thread bound to no <see cref="SimulatedCpu"/> (the test body doing setup or
/// final checks) acts directly on memory, as <see cref="CoyoteScMemory"/> does; call
/// <see cref="ModelMachine.DrainAll"/> before the body reads what the CPUs wrote (design.md#memory-models).</para>
/// <para>In the log, a store is recorded when it enters the buffer and again as "drain" when it reaches
/// memory; a load satisfied from the CPU's own buffer is marked "fwd".</para>
/// </remarks>
public struct CoyoteTsoMemory : IMemoryModel
{
    public static long LoadAcquire(ref long location) => Load("load-acquire", "load-acq fwd", ref location);

    public static long LoadRelaxed(ref long location) => Load("load", "load fwd", ref location);

    public static void StoreRelease(ref long location, long value) => Store("store-release", ref location, value);

    public static void StoreRelaxed(ref long location, long value) => Store("store", ref location, value);

    public static long CompareExchange(ref long location, long value, long comparand)
    {
        SimulatedCpu? cpu = StepAndDrainOwn();
        long found = Interlocked.CompareExchange(ref location, value, comparand);
        Logged(cpu, found == comparand ? "cmpxchg ok" : "cmpxchg failed", ref location, found == comparand ? value : found);
        return found;
    }

    public static long Exchange(ref long location, long value)
    {
        SimulatedCpu? cpu = StepAndDrainOwn();
        long old = Interlocked.Exchange(ref location, value);
        Logged(cpu, "xchg", ref location, value);
        return old;
    }

    public static long Add(ref long location, long delta)
    {
        SimulatedCpu? cpu = StepAndDrainOwn();
        return Logged(cpu, "add", ref location, Interlocked.Add(ref location, delta));
    }

    /// <summary>mfence: the CPU's buffer drains before any later operation of this CPU.</summary>
    public static void FullFence()
    {
        StepAndDrainOwn();
        Interlocked.MemoryBarrier();
    }

    /// <summary>
    /// A spinning CPU gives way (lowers its priority so the CPU it waits for can run), and, as at every
    /// operation, buffered stores may drain: a spinner's loads cannot see another CPU's store until it
    /// drains, and the drain is a controlled choice made at each step, so every spin ends with probability 1.
    /// </summary>
    public static void CpuRelax()
    {
        SchedulingPoint.Yield();
        SimulatedCpu.CurrentOrNull?.Machine.DrainSome();
    }

    private static long Load(string operation, string forwardedOperation, ref long location)
    {
        SimulatedCpu? cpu = Step();
        if (cpu is not null)
        {
            nint address = Arena.AddressOf(ref location);
            List<BufferedStore> buffer = cpu.Machine.Buffers[cpu.Id];
            for (int i = buffer.Count - 1; i >= 0; i--)
            {
                if (buffer[i].Address == address)
                {
                    return Logged(cpu, forwardedOperation, ref location, buffer[i].Value);
                }
            }
        }

        return Logged(cpu, operation, ref location, Volatile.Read(ref location));
    }

    private static void Store(string operation, ref long location, long value)
    {
        SimulatedCpu? cpu = Step();
        if (cpu is null)
        {
            Volatile.Write(ref location, value);
            return;
        }

        cpu.Machine.Buffers[cpu.Id].Add(new BufferedStore(Arena.AddressOf(ref location), value));
        Logged(cpu, operation, ref location, value);
    }

    /// <summary>A scheduling point, then (on a simulated CPU) some buffered stores of every CPU drain.</summary>
    private static SimulatedCpu? Step()
    {
        SchedulingPoint.Interleave();
        SimulatedCpu? cpu = SimulatedCpu.CurrentOrNull;
        cpu?.Machine.DrainSome();
        return cpu;
    }

    /// <summary><see cref="Step"/>, then the CPU's own buffer drains completely (locked RMW, mfence).</summary>
    private static SimulatedCpu? StepAndDrainOwn()
    {
        SimulatedCpu? cpu = Step();
        cpu?.Machine.DrainCpu(cpu.Id);
        return cpu;
    }

    private static long Logged(SimulatedCpu? cpu, string operation, ref long location, long value)
    {
        cpu?.Machine.Log?.Record(cpu.Id, operation, Arena.AddressOf(ref location), value);
        return value;
    }
}
