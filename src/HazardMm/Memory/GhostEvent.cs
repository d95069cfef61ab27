namespace HazardMm.Memory;

/// <summary>
/// What a ghost call tells a memory model (<see cref="IMemoryModel.Ghost"/>, design.md#ghost): instrumentation with no
/// memory effect and no scheduling point, which only a model that tracks happens-before listens to.
/// </summary>
public enum GhostEvent
{
    /// <summary>This CPU dereferences mm record <c>key</c> (a page-table walk, a read of the record).</summary>
    Use,

    /// <summary>This CPU frees mm record <c>key</c> (__mmdrop): every other CPU's last use must happen before it.</summary>
    Free,

    /// <summary>The slab hands mm record <c>key</c> out again: earlier uses belong to the old lifetime.</summary>
    Alloc,

    /// <summary>This CPU hands something over through channel <c>key</c> outside the seam (<see cref="GhostChannel"/>).</summary>
    Release,

    /// <summary>This CPU takes something handed over through channel <c>key</c>.</summary>
    Acquire,
}
