namespace HazardMm.Systematic.Litmus;

/// <summary>One location's initial value, and the line that sets it.</summary>
internal readonly record struct LitmusInitial(string Location, long Value, int Line);

/// <summary>
/// The initial state (design.md#litmus): <c>{}</c>, <c>{ x=1; y=2; }</c>, C declarations
/// (<c>int x = 1;</c>, <c>int y;</c>) and <c>atomic_t v = ATOMIC_INIT(1);</c>. A location not named
/// starts at 0. Registers' initial values and pointers (<c>y=&amp;x</c>) are unsupported.
/// </summary>
internal static class LitmusInitParser
{
    public static IReadOnlyList<LitmusInitial> Parse(LitmusCursor cursor)
    {
        LitmusToken open = cursor.Expect("{", "the initial state '{ x=1; }' (it may be empty: '{}')");
        var initial = new List<LitmusInitial>();
        while (!cursor.TryTake("}"))
        {
            LitmusToken first = cursor.Peek();
            if (first.IsEnd)
            {
                throw cursor.Malformed(open.Line, "the initial state is never closed by '}'");
            }

            if (cursor.TryTake(";"))
            {
                continue;
            }

            if (first.Kind == LitmusTokenKind.Number && cursor.Peek(1).Is(":"))
            {
                throw cursor.Unsupported(first.Line, $"initial value of a register ({first.Text}:...)");
            }

            LitmusInitial entry = Entry(cursor);
            if (initial.Exists(other => other.Location == entry.Location))
            {
                throw cursor.Malformed(entry.Line, $"{entry.Location} is initialised twice");
            }

            initial.Add(entry);
            LitmusToken after = cursor.Peek();
            if (after.Kind == LitmusTokenKind.Punctuation && !after.Is(";") && !after.Is("}"))
            {
                throw cursor.Unsupported(after.Line, $"'{after.Text}' in the initial state (only 'x=1;' or 'int x = 1;')");
            }

            if (!after.Is("}"))
            {
                cursor.Expect(";", $"';' after {entry.Location}'s initial value");
            }
        }

        return initial;
    }

    /// <summary><c>x=1</c>, <c>int x = 1</c>, <c>int x</c>, <c>atomic_t v = ATOMIC_INIT(1)</c>.</summary>
    private static LitmusInitial Entry(LitmusCursor cursor)
    {
        LitmusToken first = cursor.ExpectIdentifier("'x=1;' or 'int x = 1;' in the initial state");
        bool declaration = first.Text is "int" or "intptr_t" or "long" or "unsigned" or "atomic_t" && !cursor.Peek().Is("=");
        if (!declaration)
        {
            return Value(cursor, first);
        }

        if (first.Is("unsigned"))
        {
            _ = cursor.TryTake("int") || cursor.TryTake("long");
        }

        if (cursor.Peek().Is("*"))
        {
            throw cursor.Unsupported(first.Line, "pointer in the initial state");
        }

        LitmusToken name = cursor.ExpectIdentifier($"a location's name after '{first.Text}'");
        return cursor.Peek().Is("=") ? Value(cursor, name) : new LitmusInitial(name.Text, 0, name.Line);
    }

    private static LitmusInitial Value(LitmusCursor cursor, LitmusToken name)
    {
        cursor.Expect("=", $"'=' and {name.Text}'s initial value");
        LitmusToken value = cursor.Peek();
        if (value.Is("ATOMIC_INIT"))
        {
            cursor.Next();
            cursor.Expect("(", "'(' after ATOMIC_INIT");
            long atomic = cursor.ExpectConstant("an integer constant in ATOMIC_INIT(...)");
            cursor.Expect(")", "')' closing ATOMIC_INIT(...)");
            return new LitmusInitial(name.Text, atomic, name.Line);
        }

        if (value.IsIdentifier || value.Is("&"))
        {
            throw cursor.Unsupported(value.Line, $"pointer initial value of {name.Text}");
        }

        return new LitmusInitial(name.Text, cursor.ExpectConstant($"{name.Text}'s initial value (an integer constant)"), name.Line);
    }
}
