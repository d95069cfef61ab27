namespace HazardMm.Systematic.Litmus;

/// <summary>
/// A process body (design.md#litmus): declarations (<c>int r0;</c>, <c>int r0 = 1, r1;</c>,
/// <c>intptr_t r1 = READ_ONCE(*x);</c>), assignments to registers, declared or not (<c>r2 = xchg(y, 1);</c>),
/// and calls whose value is not kept (<c>WRITE_ONCE(*x, 1);</c>, <c>smp_mb();</c>). A register set to a
/// constant, by its declaration or later, is a <see cref="LitmusLocal"/> at that point; a declaration
/// that loads is the load alone. Control flow, plain C accesses and expressions are unsupported.
/// </summary>
internal static class LitmusBodyParser
{
    public static IReadOnlyList<LitmusStatement> Parse(LitmusCursor cursor, LitmusProcessScope scope)
    {
        LitmusToken open = cursor.Expect("{", $"'{{' to open {scope.Name}'s body");
        var body = new List<LitmusStatement>();
        while (!cursor.TryTake("}"))
        {
            if (cursor.Peek().IsEnd || EndsTheProcesses(cursor))
            {
                throw cursor.Malformed(open.Line, $"{scope.Name}'s body is never closed by '}}'");
            }

            Statement(cursor, scope, body);
        }

        return body;
    }

    private static void Statement(LitmusCursor cursor, LitmusProcessScope scope, List<LitmusStatement> body)
    {
        LitmusToken first = cursor.Peek();
        if (cursor.TryTake(";"))
        {
            return;
        }

        if (first.Is("{"))
        {
            throw cursor.Unsupported(first.Line, "nested block");
        }

        if (!first.IsIdentifier)
        {
            throw LitmusExpressions.NotAValue(cursor, scope, first, $"a statement in {scope.Name}");
        }

        if (LitmusUnsupported.IsStatementKeyword(first.Text))
        {
            throw cursor.Unsupported(first.Line, $"'{first.Text}' (control flow)");
        }

        if (IsRegisterType(first.Text))
        {
            Declaration(cursor, scope, body);
            return;
        }

        LitmusToken second = cursor.Peek(1);
        if (second.Is("("))
        {
            body.Add(LitmusCallParser.Parse(cursor, scope, register: null));
        }
        else if (second.Is("="))
        {
            cursor.Next();
            cursor.Next();
            if (scope.IsParameter(first.Text))
            {
                throw cursor.Unsupported(first.Line, $"assignment to the pointer parameter {first.Text}");
            }

            body.Add(Value(cursor, scope, first));
            scope.AddRegister(first.Text);
        }
        else
        {
            LitmusExpressions.RejectOperator(cursor, 1);
            throw cursor.Malformed(second.Line, $"expected '=' or '(' after '{first.Text}', found {second.Describe()}");
        }

        cursor.Expect(";", "';' at the end of the statement");
    }

    /// <summary><c>int r0, r1 = 1, r2 = READ_ONCE(*x);</c></summary>
    private static void Declaration(LitmusCursor cursor, LitmusProcessScope scope, List<LitmusStatement> body)
    {
        LitmusToken type = cursor.Next();
        if (type.Is("atomic_t"))
        {
            throw cursor.Unsupported(type.Line, "atomic_t register");
        }

        if (type.Is("unsigned"))
        {
            _ = cursor.TryTake("int") || cursor.TryTake("long");
        }

        do
        {
            if (cursor.Peek().Is("*"))
            {
                throw cursor.Unsupported(cursor.Peek().Line, "pointer register");
            }

            LitmusToken register = cursor.ExpectIdentifier($"a register name after '{type.Text}'");
            if (scope.IsParameter(register.Text))
            {
                throw cursor.Malformed(register.Line, $"register {register.Text} has the name of a parameter of {scope.Name}");
            }

            if (scope.IsRegister(register.Text))
            {
                throw cursor.Malformed(register.Line, $"register {register.Text} is declared twice in {scope.Name}");
            }

            body.Add(cursor.TryTake("=") ? Value(cursor, scope, register) : new LitmusLocal(register.Line, register.Text, 0));
            scope.AddRegister(register.Text);
        }
        while (cursor.TryTake(","));
        cursor.Expect(";", "',' or ';' in the declaration");
    }

    /// <summary>What a register is set to: a constant, or the value of an operation.</summary>
    private static LitmusStatement Value(LitmusCursor cursor, LitmusProcessScope scope, LitmusToken register)
    {
        LitmusToken first = cursor.Peek();
        if (first.IsIdentifier && cursor.Peek(1).Is("("))
        {
            LitmusStatement call = LitmusCallParser.Parse(cursor, scope, register.Text);
            LitmusExpressions.RejectOperator(cursor, 0);
            return call;
        }

        long constant = LitmusExpressions.Constant(cursor, scope, $"a value for {register.Text}");
        return new LitmusLocal(register.Line, register.Text, constant);
    }

    /// <summary>
    /// Whether the next tokens start what follows the processes (the next process, the condition): a body
    /// that runs into them is missing its closing brace, which is a better message than what they are as C.
    /// </summary>
    private static bool EndsTheProcesses(LitmusCursor cursor)
    {
        LitmusToken first = cursor.Peek();
        return first.Is("exists") || first.Is("forall") || first.Is("locations") || first.Is("filter")
            || (first.Is("~") && cursor.Peek(1).Is("exists"))
            || (first.IsIdentifier && LitmusLexer.IsProcessName(first.Text) && cursor.Peek(1).Is("("));
    }

    private static bool IsRegisterType(string word) => word is "int" or "intptr_t" or "long" or "unsigned" or "atomic_t";
}
