using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// KASAN for mm records: a shadow of each record's lifetime (live or poisoned) and generation (its
/// tag, bumped at every free, as tag-based KASAN retags a freed object), in the arena.
/// <list type="bullet">
/// <item>Poison and unpoison are the checkers' view: interlocked, outside the seam, so a poison is
/// visible to every checker the instant the free starts and adds no scheduling point to the run it
/// watches. The checks read the words directly for the same reason.</item>
/// <item>The generation bump is the allocator's step: a fully ordered RMW through the seam (no model
/// buffers an RMW, so it too is visible at once), a scheduling point between the poison and the slab's
/// free, so a systematic model explores a free that hands the record back too early
/// (design.md#slab).</item>
/// </list>
/// <para>It also keeps the "mm age at use" histogram (design.md#torture), rcutorture's Reader Pipe for
/// mms: each checked use of a real mm is counted as live (age 0), dead but not yet freed (age 1:
/// mm_users reached 0, mm_count has not), or freed (age 2: a use-after-free, which must stay 0).
/// Each CPU counts in its own cache line, in the oracle's own memory.</para>
/// </summary>
public sealed class MmShadow
{
    /// <summary>
    /// One line per record (state, generation, dead, next fresh generation): every CPU reads the
    /// records of the mms it runs on at each use check, and a free or an allocation writes one, so
    /// records packed eight to a 64-byte line made each alloc and free on one CPU a cache miss in the other
    /// CPUs' next checks of unrelated mms (false sharing, design.md#run-queue).
    /// </summary>
    private const int WordsPerRecord = Arena.WordsPerLine;
    private const int StateWord = 0;
    private const int GenerationWord = 1;

    /// <summary>1 once the mm's users reached 0 (its uses are then age 1), 0 while it has users; the oracle's plain word.</summary>
    private const int DeadWord = 2;

    /// <summary>
    /// The oracle's own word: the first generation not yet handed to a lifetime of the record. A record
    /// handed out again with a generation below it would let a stale holder of the previous lifetime
    /// pass every use check (design.md#inv-counts). In the record's line, which an allocation writes
    /// anyway: in an array of its own, eight records to a 64-byte line, every allocation on one CPU was a miss
    /// at the next allocation on another.
    /// </summary>
    private const int NextFreshWord = 3;
    private const long Live = 0;
    private const long Poisoned = 1;

    /// <summary>Longs per CPU in <see cref="_ages"/>: one padded line, so two CPUs' counters never share one.</summary>
    private const int AgeStride = Arena.LineBytes / sizeof(long);

    private readonly Arena _arena;
    private readonly int _firstLine;
    private readonly long[] _ages;
    private readonly int _cpus;

    public MmShadow(Arena arena, int firstLine, int records, int cpus)
    {
        _arena = arena;
        _firstLine = firstLine;
        _cpus = cpus;
        _ages = new long[(cpus + 2) * AgeStride];
        for (int index = 0; index < records; index++)
        {
            // Built before any CPU runs: plain stores. init_mm is live forever.
            State(index) = index == MmPtr.InitMm.Index ? Live : Poisoned;
        }
    }

    public static int LinesFor(int records) => (records * WordsPerRecord + Arena.WordsPerLine - 1) / Arena.WordsPerLine;

    /// <summary>Generation of the record's current (or last) lifetime.</summary>
    public long Generation(MmPtr mm) => Volatile.Read(ref GenerationOf(mm.Index));

    public bool IsLive(MmPtr mm) => Volatile.Read(ref State(mm.Index)) == Live;

    /// <summary>A person's name for word <paramref name="word"/> of line <paramref name="line"/> (relative to the shadow).</summary>
    public static string NameOf(int line, int word)
    {
        int offset = line * Arena.WordsPerLine + word;
        string field = (offset % WordsPerRecord) switch
        {
            StateWord => "kasan_state",
            GenerationWord => "kasan_gen",
            DeadWord => "dead",
            NextFreshWord => "next_fresh_gen",
            int other => $"word{other}",
        };
        return $"{MmPtr.FromIndex(offset / WordsPerRecord)}.{field}";
    }

    /// <summary>
    /// kasan_unpoison at alloc: the record must be poisoned (the slab handed out no live record) and
    /// carry a generation no earlier lifetime had. Returns the generation its holders capture.
    /// </summary>
    public long Unpoison(int cpu, MmPtr mm)
    {
        // Instrumentation, no scheduling point: a record is unpoisoned once per poison.
        if (Interlocked.CompareExchange(ref State(mm.Index), Live, Poisoned) != Poisoned)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu, mm, Generation(mm), "slab handed out a live record");
        }

        long generation = Generation(mm);
        if (generation < NextFresh(mm.Index))
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu, mm, generation,
                $"slab reused the record without a new generation (gen {generation} already named an earlier lifetime)");
        }

        NextFresh(mm.Index) = generation + 1;

        // Instrumentation, as the poison: a plain release store, read by the use checks' age count.
        Volatile.Write(ref Dead(mm.Index), 0);
        return generation;
    }

    /// <summary>mm_users reached 0 (__mmput starts): uses from now until the free count as age 1.</summary>
    /// <remarks>Instrumentation: a release store the use checks' age count reads; it orders nothing the protocol relies on.</remarks>
    public void MarkDead(MmPtr mm) => Volatile.Write(ref Dead(mm.Index), 1);

    /// <summary>The "mm age at use" histogram so far, all CPUs together (read while they run: each bucket is exact, the three not from one instant).</summary>
    public MmAgeHistogram Ages()
    {
        MmAgeHistogram sum = default;
        for (int cpu = 0; cpu <= _cpus; cpu++)
        {
            int at = AgeSlot(cpu);
            sum += new MmAgeHistogram(Volatile.Read(ref _ages[at]), Volatile.Read(ref _ages[at + 1]), Volatile.Read(ref _ages[at + 2]));
        }

        return sum;
    }

    /// <summary>kasan_slab_free's poison, at __mmdrop: once per lifetime.</summary>
    public void Poison(int cpu, MmPtr mm)
    {
        // Instrumentation, no scheduling point: every CPU's next use check sees the record poisoned.
        if (Interlocked.CompareExchange(ref State(mm.Index), Poisoned, Live) != Live)
        {
            throw new InvariantViolation(ViolationKind.DoubleFree, cpu, mm, Generation(mm), "__mmdrop of a freed record");
        }
    }

    /// <summary>
    /// kasan_slab_free's retag: the next lifetime gets a new generation. A fully ordered RMW through
    /// the seam, ordered before the slab's free by the free's lock (design.md#slab): an allocator that
    /// takes the record after the free's unlock sees the new generation.
    /// </summary>
    public void BumpGeneration<TMem>(MmPtr mm)
        where TMem : struct, IMemoryModel => TMem.Add(ref GenerationOf(mm.Index), 1);

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
            _ages[AgeSlot(cpu) + (int)Volatile.Read(ref Dead(mm.Index))]++;
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

    /// <summary>
    /// The first of a CPU's counters. Slot 0 is left empty: its line holds the array's length, which
    /// every CPU's bounds check reads, and CPU 0's increments there made each check on the other CPUs a
    /// miss (a profile of a 2-CPU torture run put 7 % of its samples on that read).
    /// </summary>
    private int AgeSlot(int cpu) => (((uint)cpu < (uint)_cpus ? cpu : _cpus) + 1) * AgeStride;

    private ref long State(int index) => ref _arena.Word(_firstLine, index * WordsPerRecord + StateWord);

    private ref long GenerationOf(int index) => ref _arena.Word(_firstLine, index * WordsPerRecord + GenerationWord);

    private ref long Dead(int index) => ref _arena.Word(_firstLine, index * WordsPerRecord + DeadWord);

    /// <summary>Read and written only by <see cref="Unpoison"/>, once per lifetime, after its interlocked unpoison.</summary>
    private ref long NextFresh(int index) => ref _arena.Word(_firstLine, index * WordsPerRecord + NextFreshWord);
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
