namespace HazardMm.Systematic.Memory;

/// <summary>
/// One arena word under <see cref="CoyoteWeakMemory"/> (design.md#weak-model): its last <see cref="K"/> stores in
/// modification order (a ring), each with the value, writer, the writer's epoch, the view a reader acquires, the
/// strong-fence view that happens before the store, and each CPU's epoch at its first read of it; plus the per-CPU
/// state that belongs to the location (progress floor, release-sequence views, what the CPU read here). Pooled
/// across iterations: <see cref="Reset"/> re-arms it at the first touch of an iteration.
/// </summary>
internal sealed class WeakLocation
{
    /// <summary>Stores kept per location; an older store can no longer be read (a sound strengthening).</summary>
    public const int K = 8;

    /// <summary>A <see cref="FirstSeen"/> entry of a CPU that never read the store.</summary>
    public const int Unseen = int.MaxValue;

    private readonly int _cpus;
    private readonly int _width;

    public WeakLocation(int cpus)
    {
        _cpus = cpus;
        _width = cpus + 1;
        Values = new long[K];
        Writer = new int[K];
        Epoch = new int[K];
        Views = new int[K * _width];
        StrongViews = new int[K * _width];
        FirstSeen = new int[K * cpus];
        Floor = new int[cpus];
        OwnViews = new int[cpus * _width];
        OwnStrongViews = new int[cpus * _width];
        ReadStrongViews = new int[cpus * _width];
    }

    /// <summary>The iteration stamp of the last <see cref="Reset"/>: another stamp means "not touched yet".</summary>
    public int Stamp { get; private set; } = -1;

    /// <summary>Stores ever appended this iteration; the newest has modification-order index <c>Count - 1</c>.</summary>
    public int Count { get; private set; }

    public long[] Values { get; }

    /// <summary>The CPU that stored each message; the setup pseudo-CPU is the last clock slot.</summary>
    public int[] Writer { get; }

    public int[] Epoch { get; }

    /// <summary>Per-CPU progress floor (the oldest index a CPU may still read), raised at cpu_relax.</summary>
    public int[] Floor { get; }

    public int[] FirstSeen { get; }

    private int[] Views { get; }

    private int[] StrongViews { get; }

    private int[] OwnViews { get; }

    private int[] OwnStrongViews { get; }

    private int[] ReadStrongViews { get; }

    public int Newest => Count - 1;

    public static int Slot(int index) => index % K;

    /// <summary>The view an acquire of message <paramref name="index"/> joins.</summary>
    public Span<int> View(int index) => Views.AsSpan(Slot(index) * _width, _width);

    /// <summary>The strong-fence knowledge that happens before message <paramref name="index"/> (addendum R2).</summary>
    public Span<int> StrongView(int index) => StrongViews.AsSpan(Slot(index) * _width, _width);

    /// <summary>The view CPU <paramref name="cpu"/>'s latest store here carried: its same-location release sequence.</summary>
    public Span<int> OwnView(int cpu) => OwnViews.AsSpan(cpu * _width, _width);

    /// <summary>The strong-fence view of CPU <paramref name="cpu"/>'s latest store here (write→write to one location is ordered).</summary>
    public Span<int> OwnStrongView(int cpu) => OwnStrongViews.AsSpan(cpu * _width, _width);

    /// <summary>The strong-fence views of what CPU <paramref name="cpu"/> read here (read→write to one location is ordered).</summary>
    public Span<int> ReadStrongView(int cpu) => ReadStrongViews.AsSpan(cpu * _width, _width);

    /// <summary>First touch in iteration <paramref name="stamp"/>: one setup message holding the word's value.</summary>
    public void Reset(int stamp, long value)
    {
        Stamp = stamp;
        Count = 0;
        Array.Clear(Floor);
        Array.Clear(OwnViews);
        Array.Clear(OwnStrongViews);
        Array.Clear(ReadStrongViews);
        AppendSetup(value);
    }

    /// <summary>
    /// A store by the setup pseudo-CPU (epoch 0, empty views): it happens before every CPU, as the test body's
    /// writes before the CPUs start do.
    /// </summary>
    public void AppendSetup(long value)
    {
        int index = Append(value, _cpus, 0);
        View(index).Clear();
        StrongView(index).Clear();
    }

    /// <summary>Appends a message at the end of modification order; the caller fills its views. Returns its index.</summary>
    public int Append(long value, int writer, int epoch)
    {
        int slot = Slot(Count);
        Values[slot] = value;
        Writer[slot] = writer;
        Epoch[slot] = epoch;
        FirstSeen.AsSpan(slot * _cpus, _cpus).Fill(Unseen);
        return Count++;
    }

    /// <summary>The oldest index still in the ring.</summary>
    public int Oldest => Math.Max(0, Count - K);

    public ref int FirstSeenBy(int index, int cpu) => ref FirstSeen[(Slot(index) * _cpus) + cpu];
}
