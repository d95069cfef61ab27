using System.Runtime.CompilerServices;

namespace HazardMm.Memory;

/// <summary>
/// The seam's operations with the order as a value: what accessors call with the order their
/// <see cref="AccessOrders"/> entry holds. Each maps to exactly the <typeparamref name="TMem"/>
/// operations the order names, so the sequence of seam operations is the one the order implies.
/// </summary>
public static class Seam<TMem>
    where TMem : struct, IMemoryModel
{
    /// <summary>A load: acquire, else relaxed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Load(ref long location, MemoryOrder order) =>
        order == MemoryOrder.Acquire ? TMem.LoadAcquire(ref location) : TMem.LoadRelaxed(ref location);

    /// <summary>A store: release, fully ordered (xchg, the old value dropped), else relaxed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ref long location, long value, MemoryOrder order)
    {
        switch (order)
        {
            case MemoryOrder.Release:
                TMem.StoreRelease(ref location, value);
                break;
            case MemoryOrder.Full:
                TMem.Exchange(ref location, value);
                break;
            default:
                TMem.StoreRelaxed(ref location, value);
                break;
        }
    }

    /// <summary>atomic_add_return (fully ordered); torn: a load then a store. Returns the new value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Add(ref long location, long delta, MemoryOrder order)
    {
        if (order != MemoryOrder.Torn)
        {
            return TMem.Add(ref location, delta);
        }

        long value = TMem.LoadRelaxed(ref location) + delta;
        TMem.StoreRelaxed(ref location, value);
        return value;
    }

    /// <summary>
    /// cmpxchg (fully ordered), returning the value found; torn: a plain store of
    /// <paramref name="value"/> that trusts the caller's earlier load, reported as a success.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CompareExchange(ref long location, long value, long comparand, MemoryOrder order)
    {
        if (order != MemoryOrder.Torn)
        {
            return TMem.CompareExchange(ref location, value, comparand);
        }

        TMem.StoreRelaxed(ref location, value);
        return comparand;
    }

    /// <summary>smp_mb(), unless the order is <see cref="MemoryOrder.None"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Fence(MemoryOrder order)
    {
        if (order != MemoryOrder.None)
        {
            TMem.FullFence();
        }
    }
}
