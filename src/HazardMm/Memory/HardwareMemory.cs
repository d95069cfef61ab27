using System.Runtime.CompilerServices;

namespace HazardMm.Memory;

/// <summary>
/// The production model: the CLR's own atomics on real hardware. Every member inlines to the single
/// instruction (or plain access) the direct <c>Volatile</c>/<c>Interlocked</c> call would give.
/// </summary>
public struct HardwareMemory : IMemoryModel
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadAcquire(ref long location) => Volatile.Read(ref location);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long LoadRelaxed(ref long location) => location;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRelease(ref long location, long value) => Volatile.Write(ref location, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreRelaxed(ref long location, long value) => location = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long CompareExchange(ref long location, long value, long comparand) =>
        Interlocked.CompareExchange(ref location, value, comparand);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Exchange(ref long location, long value) => Interlocked.Exchange(ref location, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Add(ref long location, long delta) => Interlocked.Add(ref location, delta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void FullFence() => Interlocked.MemoryBarrier();

    /// <summary>
    /// PAUSE, as the kernel's cpu_relax; the host core is given away only after a bounded spin, or at
    /// every step when simulated CPUs outnumber host cores (design.md#cpu-relax, <see cref="Cpus.CpuRelaxPolicy"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CpuRelax() => Cpus.CpuRelaxPolicy.Relax();
}
