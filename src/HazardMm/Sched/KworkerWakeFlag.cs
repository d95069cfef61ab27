using HazardMm.Cpus;
using HazardMm.Memory;

namespace HazardMm.Sched;

/// <summary>
/// Each CPU's kworker wake flag (design.md#kworker): 1 while the kworker is queued or running. A
/// queuer's cmpxchg 0→1 after its enqueue wakes it once; the kworker clears the flag before it
/// re-checks its queue and sleeps: the set_current_state pattern.
/// </summary>
public sealed class KworkerWakeFlag<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly PerCpuArea _perCpu;
    private readonly AccessOrders _orders;

    public KworkerWakeFlag(PerCpuArea perCpu, AccessOrders orders)
    {
        _perCpu = perCpu;
        _orders = orders;
    }

    /// <summary>
    /// try_to_wake_up's test-and-set (fully ordered cmpxchg): true when this call woke the kworker.
    /// After a queuer's enqueue it pairs with <see cref="ClearBeforeSleep"/>: one of the two sees the
    /// other, so a queued job always has a kworker.
    /// </summary>
    public bool TryWake(int cpu) =>
        Seam<TMem>.CompareExchange(ref _perCpu.KworkerWoken(cpu), 1, 0, _orders[AccessSite.KworkerWake]) == 0;

    /// <summary>
    /// set_current_state(TASK_INTERRUPTIBLE): the clear is a fully ordered store (xchg), so it is
    /// ordered before the kworker's re-check of its queue; pairs with the queuer's <see cref="TryWake"/>.
    /// A plain store here is the store-buffering bug: the clear waits in the store buffer while the
    /// queuer's cmpxchg still reads 1, and nobody wakes the kworker.
    /// </summary>
    public void ClearBeforeSleep(int cpu) => Seam<TMem>.Store(ref _perCpu.KworkerWoken(cpu), 0, _orders[AccessSite.KworkerSleepClear]);
}
