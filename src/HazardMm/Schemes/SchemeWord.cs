using HazardMm.Memory;

namespace HazardMm.Schemes;

/// <summary>
/// One of a scheme's per-CPU words (design.md#model): the base of its accessor, which names each
/// role (publish, scan, steal, ...) and takes that role's order from the kernel's
/// <see cref="AccessOrders"/>. The two reads every word has are here.
/// </summary>
public abstract class SchemeWord<TMem>
    where TMem : struct, IMemoryModel
{
    private readonly LazyTlbContext<TMem> _context;
    private readonly int _word;

    protected SchemeWord(LazyTlbContext<TMem> context, int word)
    {
        _context = context;
        _word = word;
    }

    /// <summary>The CPU reading its own word: relaxed, the owner's reads need no order.</summary>
    public long Peek(int cpu) => TMem.LoadRelaxed(ref Word(cpu));

    /// <summary>The oracle's read after quiescence: acquire, so it sees the CPU's last store.</summary>
    public long Observe(int cpu) => TMem.LoadAcquire(ref Word(cpu));

    /// <summary>The order this kernel uses at <paramref name="site"/>.</summary>
    protected MemoryOrder Order(AccessSite site) => _context.Orders[site];

    protected ref long Word(int cpu) => ref _context.PerCpuWord(cpu, _word);
}
