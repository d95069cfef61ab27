namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Reads a herd7 C litmus file into a <see cref="LitmusFile"/> (design.md#litmus-reader). Whatever the
/// input, the only exception is <see cref="LitmusFormatException"/>: one line, "PATH:LINE: problem", with
/// <see cref="LitmusFormatException.Unsupported"/> set for a well-formed construct outside the subset.
/// </summary>
public static class LitmusReader
{
    /// <summary>Reads and parses the file at <paramref name="path"/>; a file that cannot be read fails at line 0.</summary>
    public static LitmusFile Read(string path) => Parse(LitmusText.Read(path), path);

    /// <summary>Parses <paramref name="text"/>; <paramref name="path"/> names it in messages.</summary>
    public static LitmusFile Parse(string text, string path)
    {
        path ??= "";
        if (text is null)
        {
            throw new LitmusFormatException(path, 0, "no text", unsupported: false);
        }

        (string name, int rest, int headerLine) = LitmusHeader.Read(text, path);
        (IReadOnlyList<LitmusToken> tokens, IReadOnlyList<LitmusComment> comments) = LitmusLexer.Lex(text, rest, headerLine, path);
        LitmusExpectation expected = LitmusResultLine.Find(comments, headerLine, path);
        var cursor = new LitmusCursor(tokens, path);
        IReadOnlyList<LitmusInitial> initial = LitmusInitParser.Parse(cursor);

        var processes = new List<LitmusProcess>();
        var scopes = new List<LitmusProcessScope>();
        while (cursor.Peek().IsIdentifier && LitmusLexer.IsProcessName(cursor.Peek().Text))
        {
            (LitmusProcess process, LitmusProcessScope scope) = LitmusProcessParser.Parse(cursor, processes.Count);
            processes.Add(process);
            scopes.Add(scope);
        }

        if (processes.Count == 0)
        {
            LitmusToken token = cursor.Peek();
            throw cursor.Malformed(token.Line, $"expected the first process 'P0(int *x, ...) {{ ... }}', found {token.Describe()}");
        }

        List<string> locations = [.. initial.Select(entry => entry.Location).Concat(processes.SelectMany(process => process.Parameters)).Distinct(StringComparer.Ordinal)];
        foreach (LitmusInitial entry in initial)
        {
            if (!processes.Exists(process => process.Parameters.Contains(entry.Location, StringComparer.Ordinal)))
            {
                throw cursor.Malformed(entry.Line, $"{entry.Location} is initialised, but no process has it as a parameter");
            }
        }

        (LitmusCondition condition, LitmusProposition? filter, IReadOnlyList<string> shown) =
            LitmusConditionParser.Parse(cursor, new LitmusScope(scopes, locations));
        return new LitmusFile(
            path,
            name,
            expected,
            locations,
            initial.ToDictionary(entry => entry.Location, entry => entry.Value, StringComparer.Ordinal),
            processes,
            condition,
            filter,
            shown);
    }
}
