using HazardMm.Oracle;

namespace HazardMm.Torture;

/// <summary>
/// A case's failure, the moment it is known (design.md#torture): raised on the thread that found it
/// (the CPU that saw the violation, the monitor that saw a stall, the runner for a verdict only
/// quiescence gives), with the time since the case started.
/// </summary>
public sealed record TortureAlarm(TortureCase Case, TimeSpan At, InvariantViolation Violation)
{
    /// <summary>A stall (???), not an error (!!!).</summary>
    public bool Stall => Violation.Kind == ViolationKind.Hang;

    /// <summary>The alarm line: <c>!!!</c> for an error, <c>???</c> for a stall, with the time of the violation.</summary>
    public string Line => $"{TortureProgress.Prefix} {(Stall ? "???" : "!!!")} [{Case.Label}] at {At.TotalSeconds:F3}s: {Violation.Message}";
}
