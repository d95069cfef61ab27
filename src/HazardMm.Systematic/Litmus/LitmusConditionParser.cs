namespace HazardMm.Systematic.Litmus;

/// <summary>
/// The end of a litmus file (design.md#litmus): optional <c>locations [x; 0:r0;]</c> and
/// <c>filter (...)</c>, then the final condition, <c>exists</c>, <c>~exists</c> or <c>forall</c> over a
/// proposition of <c>N:rK=V</c> and <c>x=V</c> terms, <c>true</c>, <c>false</c>, <c>~</c>, <c>/\</c>
/// and <c>\/</c>. As in herd7, <c>~</c> binds tightest, then <c>/\</c>, then <c>\/</c>; both are left-associative.
/// </summary>
internal static class LitmusConditionParser
{
    /// <summary>How deep parentheses and negations may nest (a bound on the parser's recursion).</summary>
    public const int MaxDepth = 100;

    public static (LitmusCondition Condition, LitmusProposition? Filter, IReadOnlyList<string> Shown) Parse(LitmusCursor cursor, LitmusScope scope)
    {
        LitmusProposition? filter = null;
        List<string>? shown = null;
        while (true)
        {
            LitmusToken keyword = cursor.Peek();
            if (keyword.Is("locations"))
            {
                shown = shown is null ? Locations(cursor, scope) : throw cursor.Malformed(keyword.Line, "'locations' appears twice");
            }
            else if (keyword.Is("filter"))
            {
                cursor.Next();
                filter = filter is null ? Or(cursor, scope, 0) : throw cursor.Malformed(keyword.Line, "'filter' appears twice");
            }
            else
            {
                break;
            }
        }

        LitmusQuantifier quantifier = Quantifier(cursor);
        LitmusProposition proposition = Or(cursor, scope, 0);
        LitmusToken after = cursor.Peek();
        if (!after.IsEnd)
        {
            throw cursor.Malformed(after.Line, $"unexpected {after.Describe()} after the final condition");
        }

        return (new LitmusCondition(quantifier, proposition), filter, shown ?? []);
    }

    private static LitmusQuantifier Quantifier(LitmusCursor cursor)
    {
        LitmusToken token = cursor.Peek();
        if (cursor.TryTake("exists"))
        {
            return LitmusQuantifier.Exists;
        }

        if (cursor.TryTake("forall"))
        {
            return LitmusQuantifier.Forall;
        }

        if (token.Is("~") && cursor.Peek(1).Is("exists"))
        {
            cursor.Next();
            cursor.Next();
            return LitmusQuantifier.NotExists;
        }

        throw token.IsEnd
            ? cursor.Malformed(token.Line, "no final condition: a litmus file ends with 'exists (...)', '~exists (...)' or 'forall (...)'")
            : cursor.Malformed(token.Line, $"expected a process 'P<N>(...)', 'locations', 'filter' or the final condition (exists, ~exists, forall), found {token.Describe()}");
    }

    /// <summary><c>locations [x; 0:r0;]</c>: what herd7 shows of each final state besides the condition.</summary>
    private static List<string> Locations(LitmusCursor cursor, LitmusScope scope)
    {
        cursor.Next();
        cursor.Expect("[", "'[' after 'locations'");
        var shown = new List<string>();
        while (!cursor.TryTake("]"))
        {
            LitmusToken first = cursor.Peek();
            if (first.Kind == LitmusTokenKind.Number)
            {
                (long process, string register) = Register(cursor, scope);
                shown.Add($"{process}:{register}");
            }
            else
            {
                LitmusToken location = cursor.ExpectIdentifier("a location 'x' or a register '0:r0' in 'locations [...]'");
                scope.CheckLocation(cursor, location.Line, location.Text);
                shown.Add(location.Text);
            }

            if (!cursor.TryTake(";"))
            {
                cursor.Expect("]", "';' or ']' in 'locations [...]'");
                break;
            }
        }

        return shown;
    }

    private static LitmusProposition Or(LitmusCursor cursor, LitmusScope scope, int depth)
    {
        LitmusProposition left = And(cursor, scope, depth);
        while (cursor.TryTake("\\/"))
        {
            left = new LitmusOr(left, And(cursor, scope, depth));
        }

        return left;
    }

    private static LitmusProposition And(LitmusCursor cursor, LitmusScope scope, int depth)
    {
        LitmusProposition left = Unary(cursor, scope, depth);
        while (cursor.TryTake("/\\"))
        {
            left = new LitmusAnd(left, Unary(cursor, scope, depth));
        }

        return left;
    }

    private static LitmusProposition Unary(LitmusCursor cursor, LitmusScope scope, int depth)
    {
        LitmusToken token = cursor.Peek();
        if (depth >= MaxDepth)
        {
            throw cursor.Malformed(token.Line, $"the condition nests parentheses and '~' more than {MaxDepth} deep");
        }

        if (cursor.TryTake("~"))
        {
            return new LitmusNot(Unary(cursor, scope, depth + 1));
        }

        if (cursor.TryTake("("))
        {
            LitmusProposition inner = Or(cursor, scope, depth + 1);
            cursor.Expect(")", "'/\\', '\\/' or ')' in the condition");
            return inner;
        }

        if (cursor.TryTake("true"))
        {
            return new LitmusConstant(true);
        }

        if (cursor.TryTake("false"))
        {
            return new LitmusConstant(false);
        }

        if (token.Kind == LitmusTokenKind.Number)
        {
            (long process, string register) = Register(cursor, scope);
            return new LitmusRegisterEquals((int)process, register, Value(cursor, $"{process}:{register}"));
        }

        if (token.IsIdentifier)
        {
            cursor.Next();
            scope.CheckLocation(cursor, token.Line, token.Text);
            return new LitmusLocationEquals(token.Text, Value(cursor, token.Text));
        }

        throw cursor.Malformed(token.Line, $"expected a term such as '0:r0=1' or 'x=1', '~', '(', true or false, found {token.Describe()}");
    }

    /// <summary><c>N:rK</c>, checked against process N's registers.</summary>
    private static (long Process, string Register) Register(LitmusCursor cursor, LitmusScope scope)
    {
        LitmusToken number = cursor.Peek();
        long process = cursor.ExpectConstant("a process number in 'N:rK'");
        cursor.Expect(":", $"':' and a register after the process number {number.Text}");
        LitmusToken register = cursor.ExpectIdentifier($"a register after '{number.Text}:'");
        scope.CheckRegister(cursor, register.Line, process, register.Text);
        return (process, register.Text);
    }

    /// <summary><c>=V</c> after a term: an integer constant.</summary>
    private static long Value(LitmusCursor cursor, string term)
    {
        cursor.Expect("=", $"'=' and a value after {term}");
        LitmusToken value = cursor.Peek();
        if (value.IsIdentifier)
        {
            throw cursor.Unsupported(value.Line, $"comparison of {term} with the address {value.Text}");
        }

        return cursor.ExpectConstant($"an integer value for {term}");
    }
}
