using HazardMm.Memory;

namespace HazardMm.Mm;

/// <summary>
/// The shared words of an mm record, each behind an accessor that owns its memory order
/// (design.md#model): <c>mm_users</c>, <c>mm_count</c> and the page-tables-present flag.
/// </summary>
public sealed class MmCounters<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly MmTable _mms;
    private readonly MemoryOrder _usersRmw;
    private readonly MemoryOrder _countRmw;

    /// <summary>Built with the kernel, once its orders are fixed: each role's order is resolved here (design.md#accessor-cache).</summary>
    public MmCounters(MmTable mms, AccessOrders orders)
    {
        _mms = mms;
        _usersRmw = orders.Resolve(AccessSite.MmUsersRmw);
        _countRmw = orders.Resolve(AccessSite.MmCountRmw);
    }

    /// <summary>atomic_read(&amp;mm-&gt;mm_users): relaxed, for checks that need no ordering.</summary>
    public long Users(MmPtr mm) => TMem.LoadRelaxed(ref _mms.Users(mm));

    /// <summary>atomic_read(&amp;mm-&gt;mm_count): relaxed.</summary>
    public long Count(MmPtr mm) => TMem.LoadRelaxed(ref _mms.Count(mm));

    /// <summary>atomic_add_return on mm_users (design.md#mm-lifecycle). Returns the new value.</summary>
    public long AddUsers(MmPtr mm, long delta) => Seam<TMem>.Add(ref _mms.Users(mm), delta, _usersRmw);

    /// <summary>atomic_add_return on mm_count (design.md#mm-lifecycle). Returns the new value.</summary>
    public long AddCount(MmPtr mm, long delta) => Seam<TMem>.Add(ref _mms.Count(mm), delta, _countRmw);

    /// <summary>atomic_inc_not_zero's cmpxchg on mm_users: fully ordered on success. Returns the value found.</summary>
    public long CompareExchangeUsers(MmPtr mm, long value, long comparand) =>
        TMem.CompareExchange(ref _mms.Users(mm), value, comparand);

    /// <summary>
    /// mm_init: users = 1, count = 1, page tables present, plain stores. The new mm reaches other CPUs
    /// only inside a task handed over through a run queue, whose full barrier orders these stores
    /// before any remote use (design.md#mm-lifecycle).
    /// </summary>
    public void Init(MmPtr mm)
    {
        TMem.StoreRelaxed(ref _mms.Users(mm), 1);
        TMem.StoreRelaxed(ref _mms.Count(mm), 1);
        TMem.StoreRelaxed(ref _mms.PageTables(mm), 1);
    }

    /// <summary>Whether the mm has user page tables (relaxed: only its own tasks change it outside exit).</summary>
    public bool HasPageTables(MmPtr mm) => TMem.LoadRelaxed(ref _mms.PageTables(mm)) != 0;

    /// <summary>munmap of every VMA, or the fault that maps one again.</summary>
    public void SetPageTables(MmPtr mm, bool present) => TMem.StoreRelaxed(ref _mms.PageTables(mm), present ? 1 : 0);

    /// <summary>exit_mmap frees the page tables (xchg): whether there were any.</summary>
    public bool TakePageTables(MmPtr mm) => TMem.Exchange(ref _mms.PageTables(mm), 0) != 0;

    /// <summary>switch_mm loads CR3/TTBR from the mm's page-table root: a read of its record.</summary>
    public void LoadPageTableRoot(MmPtr mm) => TMem.LoadRelaxed(ref _mms.PageTables(mm));
}
