using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// KASAN for mm records: a shadow of each record's lifetime (live or freed) and generation, kept
/// <b>outside</b> the memory seam on purpose. It is instrumentation, not kernel state: a poison store
/// must be visible at once to every checker, and a check must not add a scheduling point or a store
/// buffer entry that changes the run it is watching.
/// </summary>
public sealed class MmShadow
{
    private readonly long[] _generation;
    private readonly int[] _freed;

    public MmShadow(int records)
    {
        _generation = new long[records];
        _freed = new int[records];
        Array.Fill(_freed, 1);
        _freed[MmPtr.InitMm.Index] = 0;
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

        return Generation(mm);
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
}
