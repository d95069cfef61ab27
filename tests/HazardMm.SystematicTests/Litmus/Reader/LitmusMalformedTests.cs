using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>
/// Every malformed file the reader knows is one <see cref="LitmusFormatException"/>, not unsupported, whose
/// one-line message is "PATH:LINE: problem", the line being where the problem is.
/// </summary>
public sealed class LitmusMalformedTests
{
    private const string Path = "bad.litmus";

    public static TheoryData<string, int, string> Files => new()
    {
        // The file as a whole, its header and its Result line.
        { "", 0, "empty file: a litmus file starts with 'C NAME'" },
        { " \n\t\n", 0, "empty file: a litmus file starts with 'C NAME'" },
        { "hello\n", 1, "a litmus file starts with 'C NAME', not 'hello'" },
        { "\nC\n", 2, "'C' must be followed by the test's name" },
        { "C a b\n", 1, "unexpected 'b' after the test's name" },
        { "C a\n(* Result: Never *)\n\"never closed\n{}", 3, "string '\"' is not closed on its line" },
        { "C t\n(* no verdict here *)\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)", 1, "no 'Result: Never|Sometimes|Always' line in a comment: the expected verdict is missing" },
        { "C t\n(*\n * Result: Maybe\n *)\n{}", 3, "'Result: Maybe': the result is Never, Sometimes or Always" },
        { "C t\n(* Result: Never *)\n\n(* never closed\n{}", 4, "comment '(*' is never closed by '*)'" },
        { "C t\n(* Result: Never *)\n{}\nP0(int *x) {\n /* never closed\n}", 5, "comment '/*' is never closed by '*/'" },
        { "C t\n(* Result: Never *)\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); @ }", 4, "unexpected character '@'" },
        { "C t\n(* Result: Never *)\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); \u00e9 }", 4, "unexpected character U+00E9" },

        // The initial state.
        { "C t\n(* Result: Never *)\nP0(int *x) { }", 3, "expected the initial state '{ x=1; }' (it may be empty: '{}'), found 'P0'" },
        { "C t\n(* Result: Never *)\n{ x=1;\n", 3, "the initial state is never closed by '}'" },
        { Init("x=1; x=2;"), 3, "x is initialised twice" },
        { Init("x=1 y=2;"), 3, "expected ';' after x's initial value, found 'y'" },
        { Init("x=;"), 3, "expected x's initial value (an integer constant), found ';'" },
        { Init("\nz=1;"), 4, "z is initialised, but no process has it as a parameter" },
        { Init("atomic_t x = ATOMIC_INIT(;"), 3, "expected an integer constant in ATOMIC_INIT(...), found ';'" },

        // Processes and their headers.
        { "C t\n(* Result: Never *)\n{}\nexists (x=1)", 4, "expected the first process 'P0(int *x, ...) { ... }', found 'exists'" },
        { Processes("P1(int *x) { }"), 4, "P1 where P0 was expected: process ids run from P0 without gaps" },
        { Processes("P0(int *x) { }\nP0(int *x) { }"), 5, "P0 appears twice: each process id is used once" },
        { Processes("P0(int *x) { }\nP2(int *x) { }"), 5, "P2 where P1 was expected: process ids run from P0 without gaps" },
        { Processes("P99999999999(int *x) { }"), 4, "process id P99999999999 is too large" },
        { Processes("P0 { }"), 4, "expected '(' and the parameters after P0, found '{'" },
        { Processes("P0(int x) { }"), 4, "parameter x must be a pointer, e.g. 'int *x'" },
        { Processes("P0(float *x) { }"), 4, "unknown parameter type 'float' (types: int, intptr_t, long, unsigned, atomic_t)" },
        { Processes("P0(int *x, int *x) { }"), 4, "parameter x appears twice in P0" },
        { Processes("P0(int *x; int *y) { }"), 4, "expected ',' or ')' after P0's parameter, found ';'" },
        { Processes("P0(int *x) {\n WRITE_ONCE(*x, 1);\n"), 4, "P0's body is never closed by '}'" },

        // Statements.
        { Body("WRITE_ONCE(*z, 1);"), 6, "z is not a parameter of P0 (its parameters: x, y, v)" },
        { Body("r0 = READ_ONCE(*r9);"), 6, "r9 is not a parameter of P0 (its parameters: x, y, v)" },
        { Body("r0 = READ_ONCE(x);"), 6, "expected '*' and a location: READ_ONCE(*x), found 'x'" },
        { Body("r0 = smp_load_acquire(*x);"), 6, "'*' before the location: smp_load_acquire(x)" },
        { Body("WRITE_ONCE(*x);"), 6, "expected ',' and WRITE_ONCE(*x, 1)'s next argument, found ')'" },
        { Body("WRITE_ONCE(*x, 1, 2);"), 6, "expected ')': WRITE_ONCE(*x, 1), found ','" },
        { Body("smp_mb(x);"), 6, "expected ')': smp_mb(), found 'x'" },
        { Body("r0 = WRITE_ONCE(*x, 1);"), 6, "WRITE_ONCE returns no value to assign to r0" },
        { Body("r0 = atomic_inc(v);"), 6, "atomic_inc returns no value to assign to r0" },
        { Body("int r0;\nint r0;"), 7, "register r0 is declared twice in P0" },
        { Body("int x;"), 6, "register x has the name of a parameter of P0" },
        { Body("WRITE_ONCE(*x, 1)\nsmp_mb();"), 7, "expected ';' at the end of the statement, found 'smp_mb'" },
        { Body("int r0 r1;"), 6, "expected ',' or ';' in the declaration, found 'r1'" },
        { Body("r0 READ_ONCE(*x);"), 6, "expected '=' or '(' after 'r0', found 'READ_ONCE'" },
        { Body(": x;"), 6, "expected a statement in P0, found ':'" },
        { Body("WRITE_ONCE(*x, 18446744073709551616);"), 6, "constant 18446744073709551616 does not fit in 64 bits" },
        { Body("WRITE_ONCE(*x, 9223372036854775808);"), 6, "constant 9223372036854775808 does not fit in 64 bits" },
        { Body("WRITE_ONCE(*x, -9223372036854775809);"), 6, "constant -9223372036854775809 does not fit in 64 bits" },
        { Body("WRITE_ONCE(*x, 1UL);"), 6, "'1UL' is not an integer constant: decimal or 0x hexadecimal, no suffix" },
        { Body("WRITE_ONCE(*x, 0x);"), 6, "'0x' is not an integer constant: decimal or 0x hexadecimal, no suffix" },

        // The end of the file.
        { Tail(""), 6, "no final condition: a litmus file ends with 'exists (...)', '~exists (...)' or 'forall (...)'" },
        { Tail("foo (x=1)"), 6, "expected a process 'P<N>(...)', 'locations', 'filter' or the final condition (exists, ~exists, forall), found 'foo'" },
        { Tail("exists (x=1) junk"), 6, "unexpected 'junk' after the final condition" },
        { Tail("exists (x=1)\n}"), 7, "unexpected '}' after the final condition" },
        { Tail("exists (x=1"), 6, "expected '/\\', '\\/' or ')' in the condition, found the end of the file" },
        { Tail("exists (x=1 /\\)"), 6, "expected a term such as '0:r0=1' or 'x=1', '~', '(', true or false, found ')'" },
        { Tail("exists (x)"), 6, "expected '=' and a value after x, found ')'" },
        { Tail("exists (0:r0=)"), 6, "expected an integer value for 0:r0, found ')'" },
        { Tail("exists (0:=1)"), 6, "expected a register after '0:', found '='" },
        { Tail("exists (\n0:r5=1)"), 7, "0:r5: P0 neither declares nor assigns a register r5" },
        { Tail("exists (2:r0=1)"), 6, "2:r0 names P2, but the processes are P0 to P1" },
        { Tail("exists (z=1)"), 6, "z is not a location: no process has it as a parameter (locations: x, y)" },
        { Tail("filter (z=1)\nexists (x=1)"), 6, "z is not a location: no process has it as a parameter (locations: x, y)" },
        { Tail("locations [x; 1:r9;]\nexists (x=1)"), 6, "1:r9: P1 neither declares nor assigns a register r9" },
        { Tail("locations [x y]\nexists (x=1)"), 6, "expected ';' or ']' in 'locations [...]', found 'y'" },
        { Tail("locations [x]\nlocations [y]\nexists (x=1)"), 7, "'locations' appears twice" },
        { Tail("filter (x=1)\nfilter (y=1)\nexists (x=1)"), 7, "'filter' appears twice" },
        { Tail("exists " + new string('(', 101) + "x=1" + new string(')', 101)), 6, "the condition nests parentheses and '~' more than 100 deep" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void MalformedFileIsOneLineNamingFileAndLine(string text, int line, string problem)
    {
        var error = Assert.Throws<LitmusFormatException>(() => LitmusReader.Parse(text, Path));

        Assert.False(error.Unsupported);
        Assert.Equal($"{Path}:{line}: {problem}", error.Message);
        Assert.Equal(line, error.Line);
        Assert.Equal(problem, error.Problem);
    }

    /// <summary>The initial state <c>{ <paramref name="entries"/> }</c> on line 3, before P0(int *x, int *y).</summary>
    private static string Init(string entries) =>
        $"C t\n(* Result: Never *)\n{{ {entries} }}\nP0(int *x, int *y) {{ WRITE_ONCE(*x, 1); }}\nexists (x=1)";

    /// <summary>The processes from line 4.</summary>
    private static string Processes(string processes) => $"C t\n(* Result: Never *)\n{{}}\n{processes}\nexists (x=1)";

    private static string Body(string statements) => LitmusStatementTests.InProcess(statements);

    private static string Tail(string tail) => LitmusConditionTests.TwoProcesses(tail);
}
