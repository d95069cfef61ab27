using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// KASAN for mm records: a shadow of each record's lifetime (live or freed) and generation, kept
/// <b>outside</b> the memory seam on purpose. It is instrumentation, not kernel state: a poison store
/// must be visible at once to every checker, and a check must not add a scheduling point or a store
/// buffer entry that changes the run it is watching.
/// <para>It also keeps the "mm age at use" histogram (design.md#torture), rcutorture's Reader Pipe for
/// mms: each checked use of a real mm is counted as live (age 0), dead but not yet freed (age 1:
/// mm_users reached 0, mm_count has not), or freed (age 2: a use-after-free, which must stay 0).
/// Each CPU counts in its own cache line.</para>
/// </summary>
public sealed class MmShadow
{
    /// <summary>Longs per CPU in <see cref="_ages"/>: one cache line, so two CPUs' counters never share one.</summary>
    private const int AgeStride = Memory.Arena.LineBytes / sizeof(long);

    private readonly long[] _generation;
    private readonly int[] _freed;
    private readonly int[] _dead;
    private readonly long[] _ages;
    private readonly int _cpus;

    public MmShadow(int records, int cpus)
    {
        _generation = new long[records];
        _freed = new int[records];
        _dead = new int[records];
        Array.Fill(_freed, 1);
        _freed[MmPtr.InitMm.Index] = 0;
        _cpus = cpus;
        _ages = new long[(cpus + 1) * AgeStride];
    }

    /// <summary>Generation of the record's current (or last) lifetime.</summary>
    public long Generation(MmPtr mm) => Volatile.Read(ref _generation[mm.Index]);

    public bool IsLive(MmPtr mm) => Volatile.Read(ref _freed[mm.Index]) == 0;

    /// <summary>Unpoisons a record handed out by the slab; returns the generation its holders capture.</summary>
    public long Unpoison(int cpu, MmPtr mm)
    {
        if (Interlocked.CompareExchange(ref _freed[mm.Index], 0, 1) != 1)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu, mm, Generation(mm), "slab handed out a live record");
        }

        Volatile.Write(ref _dead[mm.Index], 0);

        return Generation(mm);
    }

    /// <summary>mm_users reached 0 (__mmput starts): uses from now until the free count as age 1.</summary>
    public void MarkDead(MmPtr mm) => Volatile.Write(ref _dead[mm.Index], 1);

    /// <summary>The "mm age at use" histogram so far, all CPUs together (read while they run: each bucket is exact, the three not from one instant).</summary>
    public MmAgeHistogram Ages()
    {
        MmAgeHistogram sum = default;
        for (int cpu = 0; cpu <= _cpus; cpu++)
        {
            int at = cpu * AgeStride;
            sum += new MmAgeHistogram(Volatile.Read(ref _ages[at]), Volatile.Read(ref _ages[at + 1]), Volatile.Read(ref _ages[at + 2]));
        }

        return sum;
    }

    /// <summary>Poisons the record at __mmdrop and starts its next generation: once per lifetime.</summary>
    public void Poison(int cpu, MmPtr mm)
    {
        if (Interlocked.CompareExchange(ref _freed[mm.Index], 1, 0) != 0)
        {
            throw new InvariantViolation(ViolationKind.DoubleFree, cpu, mm, Generation(mm), "__mmdrop of a freed record");
        }

        Interlocked.Increment(ref _generation[mm.Index]);
    }

    /// <summary>
    /// A page-table walk or other dereference of <paramref name="mm"/> by a holder that captured
    /// <paramref name="generation"/> when it took its reference or hazard (design.md#inv-use).
    /// </summary>
    /// <param name="where">A constant: a message built per call would allocate on every switch.</param>
    public void CheckUse(int cpu, MmPtr mm, long generation, string where)
    {
        if (!IsValidUse(mm, generation))
        {
            throw UseAfterFree(cpu, mm, generation, where);
        }

        if (!mm.IsNull && !mm.IsInitMm)
        {
            // Age 0 or 1; only this CPU writes its line (the last line is for CPU ids outside the machine).
            _ages[AgeSlot(cpu) + Volatile.Read(ref _dead[mm.Index])]++;
        }
    }

    /// <summary>Whether a use of <paramref name="mm"/> by a holder of <paramref name="generation"/> is fine.</summary>
    public bool IsValidUse(MmPtr mm, long generation) =>
        mm.IsNull || mm.IsInitMm || (Generation(mm) == generation && IsLive(mm));

    /// <summary>The violation for a use that <see cref="IsValidUse"/> refused; built only then.</summary>
    public InvariantViolation UseAfterFree(int cpu, MmPtr mm, long generation, string where)
    {
        Interlocked.Increment(ref _ages[AgeSlot(cpu) + 2]);
        long now = Generation(mm);
        return new InvariantViolation(ViolationKind.UseAfterFree, cpu, mm, generation,
            $"{where} touched it after free (record now gen {now}, {(IsLive(mm) ? "live again: recycled" : "freed")})");
    }

    private int AgeSlot(int cpu) => ((uint)cpu < (uint)_cpus ? cpu : _cpus) * AgeStride;
}

/// <summary>
/// "mm age at use" (design.md#torture): checked uses of a live mm (age 0), of a dead mm not yet freed
/// (age 1), and of a freed one (age 2 or more: a use-after-free; must stay 0).
/// </summary>
public readonly record struct MmAgeHistogram(long Live, long Dead, long Freed)
{
    public static MmAgeHistogram operator +(MmAgeHistogram a, MmAgeHistogram b) => new(a.Live + b.Live, a.Dead + b.Dead, a.Freed + b.Freed);

    public override string ToString() => $"mm age at use: 0:{Live} 1:{Dead} 2+:{Freed}";
}
