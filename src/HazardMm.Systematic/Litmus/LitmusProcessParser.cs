namespace HazardMm.Systematic.Litmus;

/// <summary>
/// One process: <c>P0(int *x, intptr_t *y, atomic_t *v) { body }</c>. Every parameter is a pointer to a
/// shared location; the body is read by <see cref="LitmusBodyParser"/> (design.md#litmus).
/// </summary>
internal static class LitmusProcessParser
{
    private const string AllowedTypes = "int, intptr_t, long, unsigned, atomic_t";

    public static (LitmusProcess Process, LitmusProcessScope Scope) Parse(LitmusCursor cursor, int expectedId)
    {
        LitmusToken header = cursor.Next();
        int id = LitmusLexer.ProcessId(header.Text)
            ?? throw cursor.Malformed(header.Line, $"process id {header.Text} is too large");
        if (id < expectedId)
        {
            throw cursor.Malformed(header.Line, $"{header.Text} appears twice: each process id is used once");
        }

        if (id > expectedId)
        {
            throw cursor.Malformed(header.Line, $"{header.Text} where P{expectedId} was expected: process ids run from P0 without gaps");
        }

        cursor.Expect("(", $"'(' and the parameters after {header.Text}");
        var parameters = new List<string>();
        if (!cursor.TryTake(")"))
        {
            do
            {
                LitmusToken name = Parameter(cursor);
                if (parameters.Contains(name.Text, StringComparer.Ordinal))
                {
                    throw cursor.Malformed(name.Line, $"parameter {name.Text} appears twice in {header.Text}");
                }

                parameters.Add(name.Text);
            }
            while (cursor.TryTake(","));
            cursor.Expect(")", $"',' or ')' after {header.Text}'s parameter");
        }

        var scope = new LitmusProcessScope(id, parameters);
        IReadOnlyList<LitmusStatement> body = LitmusBodyParser.Parse(cursor, scope);
        return (new LitmusProcess(id, parameters, body), scope);
    }

    /// <summary><c>int *x</c>: a type, one star, a name. Returns the name.</summary>
    private static LitmusToken Parameter(LitmusCursor cursor)
    {
        LitmusToken type = cursor.ExpectIdentifier($"a parameter such as 'int *x' (types: {AllowedTypes})");
        switch (type.Text)
        {
            case "int" or "intptr_t" or "long" or "atomic_t":
                break;
            case "unsigned":
                _ = cursor.TryTake("int") || cursor.TryTake("long");
                break;
            case "struct":
                throw cursor.Unsupported(type.Line, "struct parameter");
            case "spinlock_t" or "raw_spinlock_t":
                throw cursor.Unsupported(type.Line, $"{type.Text} parameter (locks)");
            default:
                throw cursor.Malformed(type.Line, $"unknown parameter type '{type.Text}' (types: {AllowedTypes})");
        }

        int stars = 0;
        while (cursor.TryTake("*"))
        {
            stars++;
        }

        LitmusToken name = cursor.ExpectIdentifier("the parameter's name");
        if (stars == 0)
        {
            throw cursor.Malformed(name.Line, $"parameter {name.Text} must be a pointer, e.g. '{type.Text} *{name.Text}'");
        }

        if (stars > 1)
        {
            throw cursor.Unsupported(name.Line, $"pointer-to-pointer parameter {name.Text}");
        }

        return name;
    }
}
