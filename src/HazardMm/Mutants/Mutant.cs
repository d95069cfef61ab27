using HazardMm.Oracle;

namespace HazardMm.Mutants;

/// <summary>
/// One planted bug: its command-line name, the scheme it is run against, the design.md section it breaks,
/// the failure it must cause, what it changes in words, and the <see cref="KernelPatch"/> that
/// changes it (design.md#mutants). <see cref="CorrectBecause"/> is set for a mutant for which no
/// failing execution exists, with the argument; <see cref="UnmodelledBecause"/> for one whose only
/// failure is of a property HazardMm does not model, naming it. Every other mutant must be killed by
/// some technique.
/// </summary>
public sealed record Mutant(
    MutantId Id,
    string Name,
    string Scheme,
    string Arch,
    string DesignRef,
    ViolationKind Expected,
    string Change,
    KernelPatch Patch)
{
    /// <summary>Why no execution of this mutant fails: the argument, with the design.md section it rests on.</summary>
    public string? CorrectBecause { get; init; }

    /// <summary>
    /// The property this mutant breaks that HazardMm does not model (membarrier, say), and what depends on
    /// it; no HazardMm technique can kill it, and none must.
    /// </summary>
    public string? UnmodelledBecause { get; init; }

    /// <summary>
    /// The bug lives in CPU hotplug (design.md#hotplug): only runs with CPUs going offline reach it, so
    /// the kill matrix's torture column runs it with <c>--hotplug</c>, and its Coyote columns explore
    /// only the scenarios with hotplug (in the others it is the correct code).
    /// </summary>
    public bool NeedsHotplug { get; init; }

    /// <summary>What the catalogue expects: the failure class, or "correct", or "unmodelled".</summary>
    public string ExpectedLabel =>
        CorrectBecause is not null ? "correct"
        : UnmodelledBecause is not null ? "unmodelled"
        : InvariantViolation.KindName(Expected);

    /// <summary>One line for <c>hazardmm mutants</c>.</summary>
    public override string ToString() =>
        $"{Name,-36} {Scheme,-9} {Arch,-7} {DesignRef,-17} {ExpectedLabel,-15} {Change}";
}
