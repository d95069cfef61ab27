using HazardMm.Systematic;
using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus;

/// <summary>What <see cref="LitmusProgram.Compile"/> makes of a tree: registers assigned where they stand, and the notes on strengthened RMW orders.</summary>
[Collection(LitmusCollection.Name)]
public sealed class LitmusProgramTests
{
    /// <summary>A constant assigned after the register's load is an assignment where it stands, not the register's starting value.</summary>
    [Fact]
    public void AConstantAfterALoad_IsTheRegistersFinalValue()
    {
        LitmusProgram program = LitmusProgram.Compile(LitmusReader.Parse(
            """
            C reassigned
            (* Result: Always *)
            { x=3; }
            P0(int *x)
            {
            	int r0 = 5;
            	r0 = READ_ONCE(*x);
            	r1 = READ_ONCE(*x);
            	r1 = 7;
            }
            exists (0:r0=3 /\ 0:r1=7)
            """,
            "reassigned.litmus"));

        LitmusOutcome outcome = LitmusRun.Run(program, MemoryModels.Get("sc"), 20, LitmusRunner.Seed);

        Assert.Equal(20, outcome.Satisfied);
        Assert.Equal(LitmusVerdict.Agrees, LitmusJudge.Judge(program, "sc", outcome).Verdict);
    }

    [Fact]
    public void EveryRmwOrderTheSeamLacks_IsNamedOnce()
    {
        LitmusProgram program = LitmusProgram.Compile(LitmusReader.Parse(
            """
            C notes
            (* Result: Never *)
            {}
            P0(atomic_t *x)
            {
            	r0 = xchg_relaxed(x, 1);
            	r1 = xchg_relaxed(x, 2);
            	r2 = atomic_fetch_add_acquire(1, x);
            	r3 = atomic_cmpxchg_release(x, 0, 1);
            	r4 = xchg(x, 3);
            	atomic_inc(x);
            }
            exists (0:r0=9)
            """,
            "notes.litmus"));

        Assert.Equal(
            ["xchg_relaxed ran as xchg", "atomic_fetch_add_acquire ran as atomic_fetch_add", "atomic_cmpxchg_release ran as atomic_cmpxchg", "atomic_inc ran as atomic_inc_return"],
            program.Strengthened);
    }
}
