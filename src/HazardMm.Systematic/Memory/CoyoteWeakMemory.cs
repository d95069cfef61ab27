using HazardMm.Memory;
using Microsoft.Coyote.Runtime;

namespace HazardMm.Systematic.Memory;

/// <summary>
/// A memory model weaker than TSO, LKMM-flavoured, under Coyote's scheduler (design.md#weak-model): release/acquire
/// views over per-location store histories, SC fences through a global view, no promises. Each word keeps its last
/// stores in modification order (execution order: append-only), each with the view (vector clock) an acquire of it
/// joins; each CPU has a clock. A load may read any store no older than what happens before the CPU (coherence
/// through happens-before) or its progress floor; when two or more are readable, which one is the one controlled
/// choice (<see cref="ModelMachine.Choices"/>, so it replays). Release stores carry the CPU's clock and what it read
/// (A-cumulative), relaxed stores its last fence's view and its same-location release sequence; full fences and the
/// fully ordered RMWs (fence; RMW; fence) exchange views with one global SC view; a failed cmpxchg is a relaxed read.
/// It allows store→load, store→store and load→load reordering and non-multi-copy-atomic outcomes (IRIW, Z6.0), never
/// load→store (LB) or a store ordered before an earlier one (2+2W, S): the ghost happens-before free check
/// (<see cref="Ghost"/>, design.md#ghost) catches the LB-shaped use-after-free instead.
/// </summary>
/// <remarks>
/// Every store is also written through to the arena: memory always holds the newest store, so logs, final checks and
/// threads bound to no CPU (the test body, which acts on memory directly) see real memory. The first touch of a word
/// in an iteration makes a setup store of its current value that happens before every CPU.
/// </remarks>
public struct CoyoteWeakMemory : IMemoryModel
{
    private static readonly string[] s_staleLoad = [.. Enumerable.Range(0, WeakLocation.K).Select(k => $"load stale-{k}")];
    private static readonly string[] s_staleAcquire = [.. Enumerable.Range(0, WeakLocation.K).Select(k => $"load-acquire stale-{k}")];

    public static long LoadAcquire(ref long location) => Load(ref location, acquire: true);

    public static long LoadRelaxed(ref long location) => Load(ref location, acquire: false);

    public static void StoreRelease(ref long location, long value) => Store(ref location, value, release: true);

    public static void StoreRelaxed(ref long location, long value) => Store(ref location, value, release: false);

    public static long CompareExchange(ref long location, long value, long comparand)
    {
        SchedulingPoint.Interleave();
        if (SimulatedCpu.CurrentOrNull is not { } cpu)
        {
            return Interlocked.CompareExchange(ref location, value, comparand);
        }

        WeakState weak = cpu.Machine.Weak;
        WeakLocation l = weak.Location(ref location, out int index);
        long found = weak.CompareExchange(cpu.Id, index, l, ref location, value, comparand, out int stale);
        if (cpu.Machine.Log is { } log)
        {
            string operation = found == comparand ? "cmpxchg ok" : stale > 0 ? "cmpxchg failed (stale)" : "cmpxchg failed";
            log.Record(cpu.Id, operation, Arena.AddressOf(ref location), found == comparand ? value : found);
        }

        return found;
    }

    public static long Exchange(ref long location, long value) => ReadModifyWrite(ref location, value, add: false, "xchg");

    public static long Add(ref long location, long delta) => ReadModifyWrite(ref location, delta, add: true, "add") + delta;

    /// <summary>
    /// xchg or atomic_add_return, fully ordered: fence, read the newest store, append the new one, fence
    /// (design.md#weak-model). Returns the old value; logs the value stored.
    /// </summary>
    private static long ReadModifyWrite(ref long location, long operand, bool add, string operation)
    {
        SchedulingPoint.Interleave();
        if (SimulatedCpu.CurrentOrNull is not { } cpu)
        {
            return add ? Interlocked.Add(ref location, operand) - operand : Interlocked.Exchange(ref location, operand);
        }

        WeakState weak = cpu.Machine.Weak;
        WeakLocation l = weak.Location(ref location, out int index);
        long old = weak.ReadModifyWrite(cpu.Id, index, l, ref location, operand, add);
        cpu.Machine.Log?.Record(cpu.Id, operation, Arena.AddressOf(ref location), add ? old + operand : operand);
        return old;
    }

    public static void FullFence()
    {
        SchedulingPoint.Interleave();
        if (SimulatedCpu.CurrentOrNull is { } cpu)
        {
            cpu.Machine.Weak.FullFence(cpu.Id);
        }
        else
        {
            Interlocked.MemoryBarrier();
        }
    }

    /// <summary>A spinning CPU gives way, then may no longer read stores older than the newest of what it read (progress).</summary>
    public static void CpuRelax()
    {
        SchedulingPoint.Yield();
        if (SimulatedCpu.CurrentOrNull is { } cpu)
        {
            cpu.Machine.Weak.Relax(cpu.Id);
        }
    }

    /// <summary>design.md#ghost: mm uses and frees checked for happens-before, hand-off channels; no scheduling point.</summary>
    public static void Ghost(GhostEvent kind, int key, string site = "")
    {
        if (SimulatedCpu.CurrentOrNull is { } cpu)
        {
            cpu.Machine.Weak.Ghost(cpu.Id, kind, key, site, cpu.Machine.Log);
        }
    }

    private static long Load(ref long location, bool acquire)
    {
        SchedulingPoint.Interleave();
        if (SimulatedCpu.CurrentOrNull is not { } cpu)
        {
            return Volatile.Read(ref location);
        }

        WeakState weak = cpu.Machine.Weak;
        WeakLocation l = weak.Location(ref location, out int index);
        long value = weak.Load(cpu.Id, index, l, acquire, out int stale);
        if (cpu.Machine.Log is { } log)
        {
            string operation = stale == 0 ? (acquire ? "load-acquire" : "load") : (acquire ? s_staleAcquire : s_staleLoad)[stale];
            log.Record(cpu.Id, operation, Arena.AddressOf(ref location), value);
        }

        return value;
    }

    private static void Store(ref long location, long value, bool release)
    {
        SchedulingPoint.Interleave();
        if (SimulatedCpu.CurrentOrNull is not { } cpu)
        {
            Volatile.Write(ref location, value);
            return;
        }

        WeakState weak = cpu.Machine.Weak;
        WeakLocation l = weak.Location(ref location, out int index);
        weak.Store(cpu.Id, index, l, ref location, value, release);
        cpu.Machine.Log?.Record(cpu.Id, release ? "store-release" : "store", Arena.AddressOf(ref location), value);
    }
}
