namespace HazardMm.Systematic;

/// <summary>
/// A reordering of two operations of one CPU, on different locations, that a memory model may let
/// other CPUs observe (design.md#memory-models). The litmus tests check every registered model
/// against what it declares: an allowed reordering must be observed, any other must never be.
/// </summary>
public enum Reordering
{
    /// <summary>A store, then a load of another location (SB): x86's store buffer.</summary>
    StoreLoad,

    /// <summary>Two stores (MP, writer side).</summary>
    StoreStore,

    /// <summary>Two loads (MP, reader side).</summary>
    LoadLoad,

    /// <summary>A load, then a store of another location (LB).</summary>
    LoadStore,
}
