using HazardMm.Memory;
using Microsoft.Coyote.Runtime;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// Sequential consistency under Coyote's scheduler: a scheduling point before every shared
/// operation, then the operation on memory as <see cref="HardwareMemory"/> does it. Coyote runs one
/// controlled thread at a time, so every execution is an interleaving of whole operations: it finds
/// ordering bugs of the protocol, never the reorderings a fence prevents (that is the TSO model's job).
/// </summary>
public struct CoyoteScMemory : IMemoryModel
{
    public static long LoadAcquire(ref long location)
    {
        SchedulingPoint.Interleave();
        return Logged("load-acquire", ref location, Volatile.Read(ref location));
    }

    public static long LoadRelaxed(ref long location)
    {
        SchedulingPoint.Interleave();
        return Logged("load", ref location, Volatile.Read(ref location));
    }

    public static void StoreRelease(ref long location, long value)
    {
        SchedulingPoint.Interleave();
        Volatile.Write(ref location, value);
        Logged("store-release", ref location, value);
    }

    public static void StoreRelaxed(ref long location, long value)
    {
        SchedulingPoint.Interleave();
        Volatile.Write(ref location, value);
        Logged("store", ref location, value);
    }

    public static long CompareExchange(ref long location, long value, long comparand)
    {
        SchedulingPoint.Interleave();
        long found = Interlocked.CompareExchange(ref location, value, comparand);
        Logged(found == comparand ? "cmpxchg ok" : "cmpxchg failed", ref location, found == comparand ? value : found);
        return found;
    }

    public static long Exchange(ref long location, long value)
    {
        SchedulingPoint.Interleave();
        long old = Interlocked.Exchange(ref location, value);
        Logged("xchg", ref location, value);
        return old;
    }

    public static long Add(ref long location, long delta)
    {
        SchedulingPoint.Interleave();
        return Logged("add", ref location, Interlocked.Add(ref location, delta));
    }

    public static void FullFence()
    {
        SchedulingPoint.Interleave();
        Interlocked.MemoryBarrier();
    }

    /// <summary>A spinning CPU gives way: lowers its priority so the CPU it waits for can run.</summary>
    public static void CpuRelax() => SchedulingPoint.Yield();

    private static long Logged(string operation, ref long location, long value)
    {
        if (SimulatedCpu.CurrentOrNull is { Machine.Log: { } log } cpu)
        {
            log.Record(cpu.Id, operation, Arena.AddressOf(ref location), value);
        }

        return value;
    }
}
