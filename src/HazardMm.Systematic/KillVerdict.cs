namespace HazardMm.Systematic;

/// <summary>What a kill-matrix row comes to (design.md#mutants); <see cref="KillRow.Verdict"/> words it.</summary>
public enum KillVerdict
{
    /// <summary>Coyote's exploration under some model found the expected failure within the budget.</summary>
    Killed,

    /// <summary>
    /// No exploration found it within the budget; a stored counter-example still reproduces the expected
    /// failure. Accounted for, and shown as such: the budget does not find this bug on its own.
    /// </summary>
    KilledByStoredReplayOnly,

    /// <summary>Catalogued correct (no failing execution exists, <see cref="HazardMm.Mutants.Mutant.CorrectBecause"/>), and nothing killed it.</summary>
    Correct,

    /// <summary>Catalogued as breaking only a property HazardMm does not model (<see cref="HazardMm.Mutants.Mutant.UnmodelledBecause"/>), and nothing killed it.</summary>
    Unmodelled,

    /// <summary>A bug nothing found: a hole in the tests.</summary>
    Survived,

    /// <summary>Only the torture run failed: not replayable, so not a kill.</summary>
    TortureOnly,

    /// <summary>Killed, but never with the expected failure class.</summary>
    WrongKind,

    /// <summary>Catalogued correct or unmodelled, yet Coyote (explored or stored) killed it.</summary>
    Contradicted,

    /// <summary>A stored trace is malformed, diverges or no longer fails.</summary>
    Stale,

    /// <summary>Some iterations hit the step bound and checked nothing.</summary>
    Incomplete,

    /// <summary>Stopped before every technique had its budget.</summary>
    Cancelled,
}
