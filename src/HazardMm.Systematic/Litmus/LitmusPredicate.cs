namespace HazardMm.Systematic.Litmus;

/// <summary>
/// A condition's proposition compiled once per file over the final state (design.md#litmus): the register file and
/// each location's final value, by index. Evaluating it allocates nothing.
/// </summary>
internal delegate bool LitmusPredicate(long[] registers, long[] memory);

internal static class LitmusPredicates
{
    /// <summary>
    /// Compiles <paramref name="proposition"/>; <paramref name="register"/> and <paramref name="location"/> give the
    /// index of a process's register and of a location.
    /// </summary>
    public static LitmusPredicate Compile(LitmusProposition proposition, Func<int, string, int> register, Func<string, int> location)
    {
        switch (proposition)
        {
            case LitmusRegisterEquals r:
                int index = register(r.Process, r.Register);
                long value = r.Value;
                return (registers, _) => registers[index] == value;
            case LitmusLocationEquals l:
                int line = location(l.Location);
                long expected = l.Value;
                return (_, memory) => memory[line] == expected;
            case LitmusAnd and:
                LitmusPredicate left = Compile(and.Left, register, location);
                LitmusPredicate right = Compile(and.Right, register, location);
                return (registers, memory) => left(registers, memory) && right(registers, memory);
            case LitmusOr or:
                LitmusPredicate either = Compile(or.Left, register, location);
                LitmusPredicate other = Compile(or.Right, register, location);
                return (registers, memory) => either(registers, memory) || other(registers, memory);
            case LitmusNot not:
                LitmusPredicate operand = Compile(not.Operand, register, location);
                return (registers, memory) => !operand(registers, memory);
            case LitmusConstant constant:
                bool truth = constant.Value;
                return (_, _) => truth;
            default:
                throw new ArgumentException($"no proposition of type {proposition.GetType().Name}", nameof(proposition));
        }
    }
}
