namespace HazardMm.Systematic.Litmus;

/// <summary>What one compiled litmus operation does on the memory seam (design.md#litmus).</summary>
internal enum LitmusOpKind : byte
{
    Load,
    LoadAcquire,
    Store,
    StoreRelease,
    Fence,
    Exchange,
    CompareExchange,
    Add,

    /// <summary>A register set to a constant where the process reaches it (<c>r0 = 5;</c> after r0 was written): no memory access.</summary>
    Set,
}

/// <summary>
/// One operation of a compiled process: <see cref="Location"/> is the location's index (its arena line);
/// <see cref="Register"/> the index into the iteration's register file, or -1 when the value is dropped.
/// <see cref="Operand"/>: the value stored or exchanged, or the delta added; <see cref="Comparand"/>:
/// compare-exchange's expected value; <see cref="ReturnsNew"/>: an add gives the new value, not the old.
/// </summary>
internal readonly record struct LitmusOp(LitmusOpKind Kind, int Location, int Register, long Operand, long Comparand, bool ReturnsNew);
