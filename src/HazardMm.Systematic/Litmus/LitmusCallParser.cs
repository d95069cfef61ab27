namespace HazardMm.Systematic.Litmus;

/// <summary>
/// A call of one of <see cref="LitmusOperations"/>, its value going to <c>register</c> or nowhere
/// (design.md#litmus). Every location must be a parameter of the process; a register where a location
/// belongs is a dereference of a register, outside the subset.
/// </summary>
internal static class LitmusCallParser
{
    public static LitmusStatement Parse(LitmusCursor cursor, LitmusProcessScope scope, string? register)
    {
        LitmusToken name = cursor.Next();
        LitmusOperation operation = LitmusOperations.Find(name.Text)
            ?? throw cursor.Unsupported(name.Line, LitmusUnsupported.DescribeCall(name.Text));
        cursor.Expect("(", $"'(' after {name.Text}");
        string location = "";
        var values = new List<long>();
        for (int i = 0; i < operation.Arguments.Length; i++)
        {
            if (i > 0)
            {
                cursor.Expect(",", $"',' and {Usage(operation)}'s next argument");
            }

            switch (operation.Arguments[i])
            {
                case LitmusArgument.StarLocation:
                    cursor.Expect("*", $"'*' and a location: {Usage(operation)}");
                    location = Location(cursor, scope, operation);
                    break;
                case LitmusArgument.Location:
                    location = Location(cursor, scope, operation);
                    break;
                default:
                    values.Add(LitmusExpressions.Constant(cursor, scope, $"an integer constant: {Usage(operation)}"));
                    break;
            }
        }

        cursor.Expect(")", $"')': {Usage(operation)}");
        if (register is not null && operation.Result == LitmusResultUse.None)
        {
            throw cursor.Malformed(name.Line, $"{name.Text} returns no value to assign to {register}");
        }

        if (register is null && operation.Result == LitmusResultUse.Required)
        {
            throw cursor.Unsupported(name.Line, $"{name.Text} whose value is not assigned to a register");
        }

        return operation.Build(name.Line, register, location, [.. values]);
    }

    private static string Location(LitmusCursor cursor, LitmusProcessScope scope, LitmusOperation operation)
    {
        LitmusToken token = cursor.Peek();
        if (!token.IsIdentifier)
        {
            throw token.Is("*") || token.Is("&")
                ? cursor.Malformed(token.Line, $"'{token.Text}' before the location: {Usage(operation)}")
                : LitmusExpressions.NotAValue(cursor, scope, token, $"a location: {Usage(operation)}");
        }

        cursor.Next();
        if (scope.IsParameter(token.Text))
        {
            LitmusExpressions.RejectOperator(cursor, 0);
            return token.Text;
        }

        if (scope.IsRegister(token.Text))
        {
            throw cursor.Unsupported(token.Line, $"dereference of register {token.Text}");
        }

        throw cursor.Malformed(token.Line, $"{token.Text} is not a parameter of {scope.Name} (its parameters: {scope.DescribeParameters()})");
    }

    /// <summary>How the operation is written, for messages: <c>WRITE_ONCE(*x, 1)</c>, <c>atomic_add(1, v)</c>.</summary>
    private static string Usage(LitmusOperation operation)
    {
        IEnumerable<string> arguments = operation.Arguments.Select(argument => argument switch
        {
            LitmusArgument.StarLocation => "*x",
            LitmusArgument.Location => "x",
            _ => "1",
        });
        return $"{operation.Name}({string.Join(", ", arguments)})";
    }
}
