namespace HazardMm.Memory;

/// <summary>
/// The one seam through which every load, store, read-modify-write and fence on shared simulation
/// state goes. Each operation's memory order is in its name, as folly's <c>Atom</c> template and the
/// kernel's READ_ONCE / smp_load_acquire / smp_store_release / atomic_* vocabulary.
/// </summary>
/// <remarks>
/// <para>Implementations are <c>struct</c>s used as a generic type argument
/// (<c>where TMem : struct, IMemoryModel</c>): the JIT specialises every caller for the model, so
/// <see cref="HardwareMemory"/> compiles to exactly the <c>Volatile</c>/<c>Interlocked</c> instructions
/// (design.md#memory-models). A model with state (a store buffer, a Coyote scheduler) must reach it statically,
/// e.g. through a [ThreadStatic] binding of the current simulated CPU.</para>
/// <para>Locations are <c>ref long</c> into the native <see cref="Arena"/>, never into GC objects, so a
/// location's address is a stable identity a store-buffer model can key on.</para>
/// <para>Protocol code does not call these directly with an order of its own choosing: each shared word
/// has an accessor (LazyMmSlot, DropMmSlot, HazptrSlot, MmCounters, Cpumask, KworkerWakeFlag, the IPI
/// mailbox) whose roles take their order from the kernel's <see cref="AccessOrders"/> table through
/// <see cref="Seam{TMem}"/> (design.md#model).</para>
/// <para>Rule for callers: never spin on <see cref="LoadRelaxed"/>; the JIT may hoist a plain load out of
/// a loop. Spin with <see cref="LoadAcquire"/> and <see cref="CpuRelax"/>.</para>
/// </remarks>
public interface IMemoryModel
{
    /// <summary>smp_load_acquire: later loads and stores of this CPU are not reordered before it.</summary>
    static abstract long LoadAcquire(ref long location);

    /// <summary>READ_ONCE: single-copy atomic, no ordering.</summary>
    static abstract long LoadRelaxed(ref long location);

    /// <summary>smp_store_release: earlier loads and stores of this CPU are not reordered after it.</summary>
    static abstract void StoreRelease(ref long location, long value);

    /// <summary>WRITE_ONCE: single-copy atomic, no ordering.</summary>
    static abstract void StoreRelaxed(ref long location, long value);

    /// <summary>cmpxchg, fully ordered. Returns the value found (equal to <paramref name="comparand"/> on success).</summary>
    static abstract long CompareExchange(ref long location, long value, long comparand);

    /// <summary>xchg, fully ordered. Returns the previous value.</summary>
    static abstract long Exchange(ref long location, long value);

    /// <summary>atomic_add_return, fully ordered. Returns the <b>new</b> value (Interlocked semantics).</summary>
    static abstract long Add(ref long location, long delta);

    /// <summary>smp_mb: orders every earlier load and store before every later one (store→load included).</summary>
    static abstract void FullFence();

    /// <summary>cpu_relax: the hint in every spin-wait loop; a scheduling model may switch CPUs here.</summary>
    static abstract void CpuRelax();

    /// <summary>
    /// Instrumentation for happens-before oracles (design.md#ghost): no memory effect and no scheduling point. A mm use,
    /// free or slab hand-out keyed by the record's slot index, or a hand-off channel (<see cref="GhostChannel"/>)
    /// released or acquired. <paramref name="site"/> names the program point, for a report. Only the weak model
    /// listens; every other model inherits this empty body, which the JIT removes.
    /// </summary>
    static virtual void Ghost(GhostEvent kind, int key, string site = "")
    {
    }
}
