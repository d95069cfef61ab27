namespace HazardMm.Systematic.Litmus;

// The syntax tree of a herd7 C litmus file, the part the memory seam can express (design.md#litmus).
// LitmusReader builds it; LitmusProgram compiles it onto a memory model. Every node keeps the 1-based
// line it came from, so a report can point into the file.

/// <summary>What the file's header comment says the Linux-kernel memory model allows for its condition.</summary>
public enum LitmusExpectation
{
    /// <summary><c>Result: Never</c>: no execution satisfies the condition's proposition.</summary>
    Never,

    /// <summary><c>Result: Sometimes</c>: some executions do, some do not.</summary>
    Sometimes,

    /// <summary><c>Result: Always</c>: every execution does.</summary>
    Always,
}

/// <summary>The memory order a litmus operation names; an RMW without a suffix is <see cref="Full"/>.</summary>
public enum LitmusOrder
{
    Relaxed,
    Acquire,
    Release,

    /// <summary>Fully ordered: <c>smp_mb()</c> before and after (value-returning RMWs without a suffix).</summary>
    Full,
}

/// <summary>
/// A read-modify-write. <c>xchg</c>/<c>atomic_xchg</c> is <see cref="Exchange"/>; <c>cmpxchg</c>/<c>atomic_cmpxchg</c>
/// is <see cref="CompareExchange"/>; every add, sub, inc and dec is <see cref="Add"/> with its signed operand.
/// </summary>
public enum LitmusRmwKind
{
    Exchange,
    CompareExchange,
    Add,
}

/// <summary>One parsed file. <see cref="Locations"/> are the shared locations in first-seen order.</summary>
public sealed record LitmusFile(
    string Path,
    string Name,
    LitmusExpectation Expected,
    IReadOnlyList<string> Locations,
    IReadOnlyDictionary<string, long> Initial,
    IReadOnlyList<LitmusProcess> Processes,
    LitmusCondition Condition,
    LitmusProposition? Filter,
    IReadOnlyList<string> ShownLocations);

/// <summary><c>P<see cref="Id"/>(int *x, ...) { body }</c>.</summary>
public sealed record LitmusProcess(int Id, IReadOnlyList<string> Parameters, IReadOnlyList<LitmusStatement> Body);

/// <summary>A statement of a process body.</summary>
public abstract record LitmusStatement(int Line);

/// <summary>
/// <c>int r0;</c> or <c>int r0 = 5;</c>: a register, zero unless given a constant; also <c>r0 = 5;</c>, which
/// sets the register where it stands.
/// </summary>
public sealed record LitmusLocal(int Line, string Register, long Value) : LitmusStatement(Line);

/// <summary><c>WRITE_ONCE(*x, 1)</c>, <c>smp_store_release(x, 1)</c>, <c>atomic_set(x, 1)</c>, <c>atomic_set_release(x, 1)</c>.</summary>
public sealed record LitmusStore(int Line, string Location, long Value, LitmusOrder Order) : LitmusStatement(Line);

/// <summary><c>r0 = READ_ONCE(*x)</c>, <c>r0 = smp_load_acquire(x)</c>, <c>r0 = atomic_read(x)</c>, <c>atomic_read_acquire</c>.</summary>
public sealed record LitmusLoad(int Line, string Register, string Location, LitmusOrder Order) : LitmusStatement(Line);

/// <summary><c>smp_mb()</c>.</summary>
public sealed record LitmusFence(int Line) : LitmusStatement(Line);

/// <summary>
/// An RMW on <see cref="Location"/>, its result assigned to <see cref="Register"/> when there is one.
/// <see cref="Operand"/>: the new value (exchange, compare-exchange) or the signed delta (add).
/// <see cref="Comparand"/>: compare-exchange's expected old value. <see cref="ReturnsNew"/>: the
/// <c>*_return</c> forms give the new value; every other form gives the old one.
/// </summary>
public sealed record LitmusRmw(
    int Line,
    string? Register,
    LitmusRmwKind Kind,
    string Location,
    long Operand,
    long Comparand,
    bool ReturnsNew,
    LitmusOrder Order,
    string Spelling) : LitmusStatement(Line);

/// <summary>The final condition: <c>exists</c>, <c>~exists</c> or <c>forall</c> over a proposition.</summary>
public sealed record LitmusCondition(LitmusQuantifier Quantifier, LitmusProposition Proposition);

public enum LitmusQuantifier
{
    Exists,
    NotExists,
    Forall,
}

/// <summary>A proposition over the final state.</summary>
public abstract record LitmusProposition;

/// <summary><c>1:r0=1</c>.</summary>
public sealed record LitmusRegisterEquals(int Process, string Register, long Value) : LitmusProposition;

/// <summary><c>x=1</c>: the location's final value.</summary>
public sealed record LitmusLocationEquals(string Location, long Value) : LitmusProposition;

public sealed record LitmusAnd(LitmusProposition Left, LitmusProposition Right) : LitmusProposition;

public sealed record LitmusOr(LitmusProposition Left, LitmusProposition Right) : LitmusProposition;

public sealed record LitmusNot(LitmusProposition Operand) : LitmusProposition;

/// <summary><c>true</c> / <c>false</c>, as herd7 allows.</summary>
public sealed record LitmusConstant(bool Value) : LitmusProposition;

/// <summary>
/// A file the reader cannot take. <see cref="Unsupported"/>: a well-formed construct outside the subset
/// (reported "unsupported: CONSTRUCT"); otherwise the file is malformed. <see cref="Message"/> is one line:
/// "PATH:LINE: what is wrong".
/// </summary>
public sealed class LitmusFormatException(string path, int line, string problem, bool unsupported)
    : Exception(unsupported ? $"{path}:{line}: unsupported: {problem}" : $"{path}:{line}: {problem}")
{
    public string Path { get; } = path;

    public int Line { get; } = line;

    /// <summary>What is wrong, without the path and line (for unsupported files: the construct).</summary>
    public string Problem { get; } = problem;

    public bool Unsupported { get; } = unsupported;
}
