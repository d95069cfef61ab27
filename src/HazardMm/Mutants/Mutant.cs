using HazardMm.Oracle;

namespace HazardMm.Mutants;

/// <summary>
/// One planted bug: its command-line name, the scheme it is run against, the design.md section it breaks,
/// the failure it must cause, what it changes in words, and the <see cref="KernelPatch"/> that
/// changes it (design.md#mutants). <see cref="CorrectBecause"/> is set for a
/// mutant that is not a bug under the models HazardMm has, with the reason; every other mutant must
/// be killed by some technique.
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
    public string? CorrectBecause { get; init; }

    /// <summary>One line for <c>hazardmm mutants</c>.</summary>
    public override string ToString() =>
        $"{Name,-36} {Scheme,-9} {Arch,-7} {DesignRef,-17} {(CorrectBecause is null ? InvariantViolation.KindName(Expected) : "correct"),-15} {Change}";
}
