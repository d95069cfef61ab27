namespace HazardMm.Mm;

/// <summary>
/// A <c>struct mm_struct *</c>: slab index + 1, with 0 as NULL. Freed records are reused (LIFO), so two
/// equal pointers may name different lifetimes of one record, and a stale pointer compares equal to a
/// recycled mm: exactly the ABA exposure of the kernel's pointer compares (<c>slot == mm</c>,
/// <c>lazy_mm == drop_mm</c>). Only the oracle's generation tells lifetimes apart.
/// </summary>
public readonly record struct MmPtr(long Value)
{
    public static readonly MmPtr Null = default;

    /// <summary>The immortal kernel mm; switching to it is always safe.</summary>
    public static readonly MmPtr InitMm = new(1);

    public bool IsNull => Value == 0;

    public bool IsInitMm => Value == InitMm.Value;

    /// <summary>Slab record index.</summary>
    public int Index => (int)(Value - 1);

    public static MmPtr FromIndex(int index) => new(index + 1);

    public override string ToString() => IsNull ? "NULL" : IsInitMm ? "init_mm" : $"mm#{Index}";
}
