using HazardMm.Mm;

namespace HazardMm.Oracle;

/// <summary>
/// An invariant of design.md#invariants broken during a run: thrown on the CPU that saw it, which stops the run.
/// Under a systematic tester an unhandled exception in a controlled thread is the reported bug.
/// </summary>
public sealed class InvariantViolation : Exception
{
    public InvariantViolation(ViolationKind kind, int cpu, MmPtr mm, long generation, string detail)
        : base($"{KindName(kind)}: CPU {cpu}, {mm} gen {generation}: {detail}")
    {
        Kind = kind;
        Cpu = cpu;
        Mm = mm;
        Generation = generation;
        Detail = detail;
    }

    public ViolationKind Kind { get; }

    public int Cpu { get; }

    public MmPtr Mm { get; }

    public long Generation { get; }

    public string Detail { get; }

    public static string KindName(ViolationKind kind) => kind switch
    {
        ViolationKind.UseAfterFree => "use-after-free",
        ViolationKind.DoubleFree => "double free",
        ViolationKind.NegativeCount => "negative count",
        ViolationKind.Leak => "leak",
        ViolationKind.Hang => "hang",
        _ => "invariant",
    };
}

/// <summary>Failure classes, as the mutant catalogue names them (design.md#mutants).</summary>
public enum ViolationKind
{
    UseAfterFree,
    DoubleFree,
    NegativeCount,
    Leak,
    Hang,
    Invariant,
}
