using System.Runtime.CompilerServices;
using HazardMm.Cpus;
using HazardMm.Memory;

namespace HazardMm.Mm;

/// <summary>
/// The mm slab: fixed-size records in the arena, handed out and taken back LIFO so that a freed
/// record is the next one reused (maximal ABA exposure, design.md#model). The slab's first line is its
/// header (the free-list lock and head); each record after it is one or more 128-byte lines:
/// <c>mm_users</c>, <c>mm_count</c>, a page-tables-present flag, the free pointer, then
/// <c>mm_cpumask</c> as 64-bit words.
/// </summary>
/// <remarks>
/// The free list is shared memory like any other (design.md#slab): a spinlock word, a head word and,
/// as SLUB does, the free pointer stored inside the free record itself, all touched through the memory
/// seam. So a systematic model schedules other CPUs between the steps of an alloc or a free, and a
/// free that hands a record back too early is explored like any protocol race.
/// </remarks>
public sealed class MmTable
{
    private const int UsersWord = 0;
    private const int CountWord = 1;
    private const int PageTablesWord = 2;
    private const int FreePointerWord = 3;
    private const int CpumaskFirstWord = 4;
    private const int HeaderLines = 1;
    private const int LockWord = 0;
    private const int FreeHeadWord = 1;

    private readonly Arena _arena;
    private readonly int _firstLine;
    private readonly int _linesPerRecord;
    private readonly PerCpuCounter _allocated;
    private readonly PerCpuCounter _freed;

    /// <summary>A slab of <paramref name="capacity"/> records, every one but init_mm's on the free list (lowest index on top).</summary>
    public MmTable(Arena arena, int firstLine, int capacity, int cpus)
    {
        _arena = arena;
        _firstLine = firstLine;
        Capacity = capacity;
        CpumaskWords = (cpus + 63) / 64;
        _linesPerRecord = LinesPerRecord(cpus);
        _allocated = new PerCpuCounter(cpus);
        _freed = new PerCpuCounter(cpus);

        // Built before any CPU runs: plain stores, published by whatever starts the CPUs.
        long head = MmPtr.Null.Value;
        for (int index = capacity - 1; index > MmPtr.InitMm.Index; index--)
        {
            MmPtr mm = MmPtr.FromIndex(index);
            Word(mm, FreePointerWord) = head;
            head = mm.Value;
        }

        Header(FreeHeadWord) = head;
    }

    public int Capacity { get; }

    public int CpumaskWords { get; }

    /// <summary>mms handed out since the start (init_mm excluded).</summary>
    public long Allocated => _allocated.Sum;

    /// <summary>mms returned by __mmdrop since the start.</summary>
    public long Freed => _freed.Sum;

    public static int LinesPerRecord(int cpus) =>
        (CpumaskFirstWord + (cpus + 63) / 64 + Arena.WordsPerLine - 1) / Arena.WordsPerLine;

    public static int LinesFor(int capacity, int cpus) => HeaderLines + capacity * LinesPerRecord(cpus);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long Users(MmPtr mm) => ref Word(mm, UsersWord);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long Count(MmPtr mm) => ref Word(mm, CountWord);

    /// <summary>Nonzero while the mm has user page tables (cleared when every VMA is unmapped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long PageTables(MmPtr mm) => ref Word(mm, PageTablesWord);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref long CpumaskWord(MmPtr mm, int word) => ref Word(mm, CpumaskFirstWord + word);

    /// <summary>A person's name for word <paramref name="word"/> of line <paramref name="line"/> (relative to the slab).</summary>
    public string NameOf(int line, int word)
    {
        if (line < HeaderLines)
        {
            return word switch
            {
                LockWord => "slab.lock",
                FreeHeadWord => "slab.freelist",
                _ => $"slab.header[{word}]",
            };
        }

        line -= HeaderLines;
        int index = line / _linesPerRecord;
        int offset = ((line % _linesPerRecord) * Arena.WordsPerLine) + word;
        string field = offset switch
        {
            UsersWord => "mm_users",
            CountWord => "mm_count",
            PageTablesWord => "page_tables",
            FreePointerWord => "freeptr",
            _ => $"cpumask[{offset - CpumaskFirstWord}]",
        };
        return $"{MmPtr.FromIndex(index)}.{field}";
    }

    /// <summary>
    /// kmem_cache_alloc on <paramref name="cpu"/>: pops the most recently freed record. Fails (like
    /// ENOMEM) when none is left.
    /// </summary>
    public bool TryAllocate<TMem>(int cpu, out MmPtr mm)
        where TMem : struct, IMemoryModel
    {
        Lock<TMem>();

        // Plain loads under the lock: the lock's acquiring cmpxchg orders them after the releasing
        // unlock of whoever pushed this record (design.md#slab).
        mm = new MmPtr(TMem.LoadRelaxed(ref Header(FreeHeadWord)));
        if (!mm.IsNull)
        {
            TMem.StoreRelaxed(ref Header(FreeHeadWord), TMem.LoadRelaxed(ref Word(mm, FreePointerWord)));
            _allocated.Increment(cpu);
        }

        Unlock<TMem>();
        return !mm.IsNull;
    }

    /// <summary>kmem_cache_free on <paramref name="cpu"/>: pushes the record; the next allocation gets it back (LIFO).</summary>
    public void Free<TMem>(int cpu, MmPtr mm)
        where TMem : struct, IMemoryModel
    {
        Lock<TMem>();

        // Plain stores under the lock, published by the unlock's release to the next locker.
        TMem.StoreRelaxed(ref Word(mm, FreePointerWord), TMem.LoadRelaxed(ref Header(FreeHeadWord)));
        TMem.StoreRelaxed(ref Header(FreeHeadWord), mm.Value);
        _freed.Increment(cpu);
        Unlock<TMem>();
    }

    /// <summary>
    /// The free list, top first, as the oracle walks it at a quiescent point: plain reads, no lock,
    /// stopping after <see cref="Capacity"/> records (a cycle shows as a record seen twice).
    /// </summary>
    public IEnumerable<MmPtr> FreeList()
    {
        var mm = new MmPtr(Volatile.Read(ref Header(FreeHeadWord)));
        for (int walked = 0; !mm.IsNull && walked < Capacity; walked++)
        {
            yield return mm;
            mm = new MmPtr(Volatile.Read(ref Word(mm, FreePointerWord)));
        }
    }

    /// <summary>
    /// spin_lock(&amp;slab-&gt;lock): a fully ordered cmpxchg 0→1; pairs with <see cref="Unlock{TMem}"/>'s
    /// store-release, so the previous holder's free-list stores are visible to this one.
    /// </summary>
    private void Lock<TMem>()
        where TMem : struct, IMemoryModel
    {
        while (TMem.CompareExchange(ref Header(LockWord), 1, 0) != 0)
        {
            TMem.CpuRelax();
        }
    }

    /// <summary>spin_unlock: store-release; orders this holder's free-list loads and stores before the next holder's.</summary>
    private void Unlock<TMem>()
        where TMem : struct, IMemoryModel => TMem.StoreRelease(ref Header(LockWord), 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Header(int word) => ref _arena.Word(_firstLine, word);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Word(MmPtr mm, int word) => ref _arena.Word(_firstLine + HeaderLines + mm.Index * _linesPerRecord, word);
}
