namespace HazardMm.Systematic.Memory;

/// <summary>
/// Switches that weaken <see cref="CoyoteWeakMemory"/> on purpose, so that a litmus test can show each of its rules is
/// needed (design.md#weak-model). Set only by tests, per <see cref="ModelMachine"/>; production runs use <see cref="None"/>.
/// </summary>
[Flags]
internal enum WeakModelFlaws
{
    None = 0,

    /// <summary>Planted bug: a relaxed store carries only the last fence's view (C++20), not the CPU's earlier release to that location.</summary>
    NoReleaseSequence = 1,

    /// <summary>Planted bug: a load-acquire does not join the message's view into the CPU's clock (it acts as a relaxed load).</summary>
    AcquireDoesNotJoin = 2,

    /// <summary>Planted bug: a full fence (and so a fully ordered RMW) does not exchange views with the global SC view.</summary>
    FenceDoesNotSync = 4,

    /// <summary>Addendum rule R1 off: a release carries the CPU's clock only, not what it read relaxed before.</summary>
    NoCumulativeRelease = 8,

    /// <summary>Addendum rule R2 off: strong-fence knowledge does not follow happens-before through relaxed stores.</summary>
    NoFenceKnowledgeThroughHb = 16,

    /// <summary>Addendum rule R3 off: coherence does not order an earlier relaxed read (or release) before a later acquire.</summary>
    NoCoherenceBeforeAcquire = 32,
}
