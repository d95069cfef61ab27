using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>
/// Every construct outside the subset is one <see cref="LitmusFormatException"/> with
/// <see cref="LitmusFormatException.Unsupported"/> set: "PATH:LINE: unsupported: CONSTRUCT", the construct named.
/// </summary>
public sealed class LitmusUnsupportedTests
{
    private const string Path = "unsupported.litmus";

    public static TheoryData<string, int, string> Files => new()
    {
        { "X86 SB\n\"Fre PodWR Fre PodWR\"\n{ x=0; }", 1, "architecture X86 (only C litmus files are read)" },

        // Barriers the seam lacks, locks, RCU, any other call.
        { Body("smp_rmb();"), 6, "smp_rmb (barrier)" },
        { Body("smp_wmb();"), 6, "smp_wmb (barrier)" },
        { Body("smp_mb__before_atomic();"), 6, "smp_mb__before_atomic (barrier)" },
        { Body("smp_mb__after_atomic();"), 6, "smp_mb__after_atomic (barrier)" },
        { Body("spin_lock(x);"), 6, "spin_lock (locks)" },
        { Body("spin_unlock(x);"), 6, "spin_unlock (locks)" },
        { Processes("P0(spinlock_t *l, int *x) { spin_lock(l); }"), 4, "spinlock_t parameter (locks)" },
        { Body("rcu_read_lock();"), 6, "rcu_read_lock (RCU)" },
        { Body("r0 = rcu_dereference(*x);"), 6, "rcu_dereference (RCU)" },
        { Body("synchronize_rcu();"), 6, "synchronize_rcu (RCU)" },
        { Body("r0 = srcu_read_lock(x);"), 6, "srcu_read_lock (RCU)" },
        { Body("call_rcu(x, 0);"), 6, "call_rcu (RCU)" },
        { Body("r0 = atomic_inc_not_zero(v);"), 6, "call to atomic_inc_not_zero" },
        { Body("do_something(x);"), 6, "call to do_something" },

        // Control flow and blocks.
        { Body("int r0 = READ_ONCE(*x);\nif (r0 == 1)\n  WRITE_ONCE(*y, 1);"), 7, "'if' (control flow)" },
        { Body("while (1) { }"), 6, "'while' (control flow)" },
        { Body("for (;;) ;"), 6, "'for' (control flow)" },
        { Body("{ smp_mb(); }"), 6, "nested block" },

        // Registers as addresses or values: dependencies.
        { Body("intptr_t r1 = READ_ONCE(*x);\nr2 = READ_ONCE(*r1);"), 7, "dereference of register r1" },
        { Body("intptr_t r1 = READ_ONCE(*x);\nsmp_store_release(r1, 1);"), 7, "dereference of register r1" },
        { Body("int r1 = READ_ONCE(*x);\nWRITE_ONCE(*y, r1);"), 7, "register r1 used as a value (a dependency)" },
        { Body("int r1 = 1;\nint r2 = r1;"), 7, "register r1 used as a value (a dependency)" },
        { Body("WRITE_ONCE(*x, READ_ONCE(*y));"), 6, "call to READ_ONCE inside an expression (a dependency)" },
        { Body("WRITE_ONCE(*x, y);"), 6, "address y used as a value" },
        { Body("WRITE_ONCE(*x, &y);"), 6, "address-of '&'" },

        // Expressions.
        { Body("int r1 = READ_ONCE(*x) + 1;"), 6, "expression with '+' (arithmetic, comparison or address computation)" },
        { Body("WRITE_ONCE(*x, 1 + 1);"), 6, "expression with '+' (arithmetic, comparison or address computation)" },
        { Body("r0 = READ_ONCE(*x) == 1;"), 6, "expression with '==' (arithmetic, comparison or address computation)" },
        { Body("int r0;\nr0++;"), 7, "expression with '++' (arithmetic, comparison or address computation)" },
        { Body("WRITE_ONCE(*x, -(1));"), 6, "expression with '-' (arithmetic or logic)" },
        { Body("int r1 = 1;\nWRITE_ONCE(*x, -r1);"), 7, "expression with '-' (arithmetic or logic)" },
        { Body("WRITE_ONCE(*x, (1));"), 6, "cast or parenthesised expression" },
        { Body("(void)xchg(x, 1);"), 6, "cast or parenthesised expression" },
        { Body("WRITE_ONCE(*x, ~1);"), 6, "expression with '~' (arithmetic or logic)" },
        { Body("WRITE_ONCE(*x, 010);"), 6, "octal constant 010" },

        // Plain C accesses, pointers, and what C allows that the subset does not.
        { Body("*x = 1;"), 6, "plain C access '*' (the subset reads and writes with READ_ONCE/WRITE_ONCE)" },
        { Body("int r0 = *x;"), 6, "plain C access '*' (the subset reads and writes with READ_ONCE/WRITE_ONCE)" },
        { Body("READ_ONCE(*x);"), 6, "READ_ONCE whose value is not assigned to a register" },
        { Body("x = 1;"), 6, "assignment to the pointer parameter x" },
        { Body("int *r0;"), 6, "pointer register" },
        { Body("atomic_t r0;"), 6, "atomic_t register" },
        { Processes("P0(int **p) { }"), 4, "pointer-to-pointer parameter p" },
        { Processes("P0(struct foo *p) { }"), 4, "struct parameter" },

        // The initial state and the condition.
        { Init("0:r0=1;"), 3, "initial value of a register (0:...)" },
        { Init("y=&x;"), 3, "pointer initial value of y" },
        { Init("y=x;"), 3, "pointer initial value of y" },
        { Init("int *p = &x;"), 3, "pointer in the initial state" },
        { Init("x = 1 + 1;"), 3, "'+' in the initial state (only 'x=1;' or 'int x = 1;')" },
        { Init("int x[2];"), 3, "'[' in the initial state (only 'x=1;' or 'int x = 1;')" },
        { LitmusConditionTests.TwoProcesses("exists (0:r0=x)"), 6, "comparison of 0:r0 with the address x" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void UnsupportedConstructIsOneLineNamingIt(string text, int line, string construct)
    {
        var error = Assert.Throws<LitmusFormatException>(() => LitmusReader.Parse(text, Path));

        Assert.True(error.Unsupported);
        Assert.Equal($"{Path}:{line}: unsupported: {construct}", error.Message);
        Assert.Equal(line, error.Line);
        Assert.Equal(construct, error.Problem);
    }

    private static string Init(string entries) =>
        $"C t\n(* Result: Never *)\n{{ {entries} }}\nP0(int *x, int *y) {{ WRITE_ONCE(*x, 1); }}\nexists (x=1)";

    private static string Processes(string processes) => $"C t\n(* Result: Never *)\n{{}}\n{processes}\nexists (x=1)";

    private static string Body(string statements) => LitmusStatementTests.InProcess(statements);
}
