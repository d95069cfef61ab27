using System.Runtime.CompilerServices;
using HazardMm.Memory;

namespace HazardMm.Mm;

/// <summary>
/// The mm slab: fixed-size records in the arena, handed out and taken back LIFO so that a freed
/// record is the next one reused (maximal ABA exposure, design.md#model). Record layout, one or more
/// 128-byte lines: <c>mm_users</c>, <c>mm_count</c>, a page-tables-present flag, then
/// <c>mm_cpumask</c> as 64-bit words.
/// </summary>
/// <remarks>
/// The free list is allocator bookkeeping, not protocol state (the kernel's slab is not under test
/// either), so it is a plain lock with no scheduling point inside it.
/// </remarks>
public sealed class MmTable
{
    private const int UsersWord = 0;
    private const int CountWord = 1;
    private const int PageTablesWord = 2;
    private const int CpumaskFirstWord = 3;

    private readonly Arena _arena;
    private readonly int _firstLine;
    private readonly int _linesPerRecord;
    private readonly Stack<int> _free;
    private readonly Lock _freeLock = new();
    private long _allocated;
    private long _freed;

    public MmTable(Arena arena, int firstLine, int capacity, int cpus)
    {
        _arena = arena;
        _firstLine = firstLine;
        Capacity = capacity;
        CpumaskWords = (cpus + 63) / 64;
        _linesPerRecord = LinesPerRecord(cpus);
        _free = new Stack<int>(capacity);
        for (int index = capacity - 1; index > MmPtr.InitMm.Index; index--)
        {
            _free.Push(index);
        }
    }

    public int Capacity { get; }

    public int CpumaskWords { get; }

    /// <summary>mms handed out since the start (init_mm excluded).</summary>
    public long Allocated => Volatile.Read(ref _allocated);

    /// <summary>mms returned by __mmdrop since the start.</summary>
    public long Freed => Volatile.Read(ref _freed);

    public static int LinesPerRecord(int cpus) =>
        (CpumaskFirstWord + (cpus + 63) / 64 + Arena.WordsPerLine - 1) / Arena.WordsPerLine;

    public static int LinesFor(int capacity, int cpus) => capacity * LinesPerRecord(cpus);

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
        int index = line / _linesPerRecord;
        int offset = ((line % _linesPerRecord) * Arena.WordsPerLine) + word;
        string field = offset switch
        {
            UsersWord => "mm_users",
            CountWord => "mm_count",
            PageTablesWord => "page_tables",
            _ => $"cpumask[{offset - CpumaskFirstWord}]",
        };
        return $"{MmPtr.FromIndex(index)}.{field}";
    }

    public bool TryAllocate(out MmPtr mm)
    {
        lock (_freeLock)
        {
            if (_free.TryPop(out int index))
            {
                mm = MmPtr.FromIndex(index);
                Interlocked.Increment(ref _allocated);
                return true;
            }
        }

        mm = MmPtr.Null;
        return false;
    }

    public void Free(MmPtr mm)
    {
        lock (_freeLock)
        {
            _free.Push(mm.Index);
        }

        Interlocked.Increment(ref _freed);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref long Word(MmPtr mm, int word) => ref _arena.Word(_firstLine + mm.Index * _linesPerRecord, word);
}
