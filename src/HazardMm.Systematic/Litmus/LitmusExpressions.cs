namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Where C wants a value, the subset takes an integer constant only (design.md#litmus). Anything else is
/// named: a register's value (a dependency), an address, a plain access, an operator (arithmetic).
/// </summary>
internal static class LitmusExpressions
{
    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", "==", "!=", "<", ">", "<=", ">=", "&&", "||",
        "?", ".", "->", "[", "++", "--", "+=", "-=",
    };

    /// <summary>A constant, with nothing after it that would make it an expression.</summary>
    public static long Constant(LitmusCursor cursor, LitmusProcessScope scope, string what)
    {
        LitmusToken first = cursor.Peek();
        if (first.Kind != LitmusTokenKind.Number && !first.Is("-"))
        {
            throw NotAValue(cursor, scope, first, what);
        }

        if (first.Is("-") && cursor.Peek(1).Kind != LitmusTokenKind.Number)
        {
            throw cursor.Unsupported(first.Line, "expression with '-' (arithmetic or logic)");
        }

        long value = cursor.ExpectConstant(what);
        RejectOperator(cursor, 0);
        return value;
    }

    /// <summary>Fails as unsupported if the token <paramref name="ahead"/> is a C operator.</summary>
    public static void RejectOperator(LitmusCursor cursor, int ahead)
    {
        LitmusToken token = cursor.Peek(ahead);
        if (token.Kind == LitmusTokenKind.Punctuation && Operators.Contains(token.Text))
        {
            throw cursor.Unsupported(token.Line, $"expression with '{token.Text}' (arithmetic, comparison or address computation)");
        }
    }

    /// <summary>Why <paramref name="token"/> cannot stand where <paramref name="what"/> was wanted.</summary>
    public static LitmusFormatException NotAValue(LitmusCursor cursor, LitmusProcessScope scope, LitmusToken token, string what)
    {
        int line = token.Line;
        if (token.IsIdentifier)
        {
            if (cursor.Peek(1).Is("("))
            {
                return cursor.Unsupported(line, $"call to {token.Text} inside an expression (a dependency)");
            }

            if (scope.IsRegister(token.Text))
            {
                return cursor.Unsupported(line, $"register {token.Text} used as a value (a dependency)");
            }

            if (scope.IsParameter(token.Text))
            {
                return cursor.Unsupported(line, $"address {token.Text} used as a value");
            }
        }

        return token.Text switch
        {
            _ when token.Kind != LitmusTokenKind.Punctuation => cursor.Malformed(line, $"expected {what}, found {token.Describe()}"),
            "*" => cursor.Unsupported(line, "plain C access '*' (the subset reads and writes with READ_ONCE/WRITE_ONCE)"),
            "&" => cursor.Unsupported(line, "address-of '&'"),
            "(" => cursor.Unsupported(line, "cast or parenthesised expression"),
            "~" or "!" or "++" or "--" => cursor.Unsupported(line, $"expression with '{token.Text}' (arithmetic or logic)"),
            _ => cursor.Malformed(line, $"expected {what}, found {token.Describe()}"),
        };
    }
}
