using HazardMm.Memory;
using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// KASAN for mm records: a shadow of each record's lifetime (live or poisoned) and generation (its
/// tag, bumped at every free, as tag-based KASAN retags a freed object). The words live in the arena:
/// the steps that change them (unpoison at alloc, poison and the generation bump at free) are fully
/// ordered read-modify-writes through the memory seam, so a systematic model can schedule another CPU
/// between the slab's steps and the shadow's (design.md#slab), and each change is visible to every
/// checker at once (no model buffers an RMW). The checks read the words directly: a check must not
/// add a scheduling point or a buffered store that changes the run it is watching.
/// </summary>
public sealed class MmShadow
{
    /// <summary>Two words per record (state, generation), eight records to a line.</summary>
    private const int WordsPerRecord = 2;
    private const int StateWord = 0;
    private const int GenerationWord = 1;
    private const long Live = 0;
    private const long Poisoned = 1;

    private readonly Arena _arena;
    private readonly int _firstLine;

    /// <summary>
    /// The oracle's own memory, outside the arena: per record, the first generation not yet handed to a
    /// lifetime. A record handed out again with a generation below it would let a stale holder of the
    /// previous lifetime pass every use check (design.md#inv-counts).
    /// </summary>
    private readonly long[] _nextFresh;

    public MmShadow(Arena arena, int firstLine, int records)
    {
        _arena = arena;
        _firstLine = firstLine;
        _nextFresh = new long[records];
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
        return $"{MmPtr.FromIndex(offset / WordsPerRecord)}.{(offset % WordsPerRecord == StateWord ? "kasan_state" : "kasan_gen")}";
    }

    /// <summary>
    /// kasan_unpoison at alloc: the record must be poisoned (the slab handed out no live record) and
    /// carry a generation no earlier lifetime had. Returns the generation its holders capture.
    /// </summary>
    public long Unpoison<TMem>(int cpu, MmPtr mm)
        where TMem : struct, IMemoryModel
    {
        // Fully ordered cmpxchg: pairs with Poison's, so a record is unpoisoned once per poison.
        if (TMem.CompareExchange(ref State(mm.Index), Live, Poisoned) != Poisoned)
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu, mm, Generation(mm), "slab handed out a live record");
        }

        long generation = Generation(mm);
        if (generation < _nextFresh[mm.Index])
        {
            throw new InvariantViolation(ViolationKind.Invariant, cpu, mm, generation,
                $"slab reused the record without a new generation (gen {generation} already named an earlier lifetime)");
        }

        _nextFresh[mm.Index] = generation + 1;
        return generation;
    }

    /// <summary>kasan_slab_free's poison, at __mmdrop: once per lifetime.</summary>
    public void Poison<TMem>(int cpu, MmPtr mm)
        where TMem : struct, IMemoryModel
    {
        // Fully ordered cmpxchg: every CPU's later use check sees the record poisoned.
        if (TMem.CompareExchange(ref State(mm.Index), Poisoned, Live) != Live)
        {
            throw new InvariantViolation(ViolationKind.DoubleFree, cpu, mm, Generation(mm), "__mmdrop of a freed record");
        }
    }

    /// <summary>
    /// kasan_slab_free's retag: the next lifetime gets a new generation. Fully ordered RMW; it must
    /// come before the slab's free puts the record back (design.md#slab).
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
    }

    /// <summary>Whether a use of <paramref name="mm"/> by a holder of <paramref name="generation"/> is fine.</summary>
    public bool IsValidUse(MmPtr mm, long generation) =>
        mm.IsNull || mm.IsInitMm || (Generation(mm) == generation && IsLive(mm));

    /// <summary>The violation for a use that <see cref="IsValidUse"/> refused; built only then.</summary>
    public InvariantViolation UseAfterFree(int cpu, MmPtr mm, long generation, string where)
    {
        long now = Generation(mm);
        return new InvariantViolation(ViolationKind.UseAfterFree, cpu, mm, generation,
            $"{where} touched it after free (record now gen {now}, {(IsLive(mm) ? "live again: recycled" : "freed")})");
    }

    private ref long State(int index) => ref _arena.Word(_firstLine, index * WordsPerRecord + StateWord);

    private ref long GenerationOf(int index) => ref _arena.Word(_firstLine, index * WordsPerRecord + GenerationWord);
}
