namespace HazardMm.Systematic.Litmus;

/// <summary>
/// The parsers' view of a lexed file: the next tokens, and the one place that builds a
/// <see cref="LitmusFormatException"/> with the file's path (design.md#litmus).
/// </summary>
internal sealed class LitmusCursor(IReadOnlyList<LitmusToken> tokens, string path)
{
    private int _position;

    /// <summary>The token <paramref name="ahead"/> places on; the end token past the last one.</summary>
    public LitmusToken Peek(int ahead = 0) => tokens[Math.Min(_position + ahead, tokens.Count - 1)];

    public LitmusToken Next()
    {
        LitmusToken token = Peek();
        if (!token.IsEnd)
        {
            _position++;
        }

        return token;
    }

    /// <summary>Takes the next token if it is <paramref name="text"/>.</summary>
    public bool TryTake(string text)
    {
        if (!Peek().Is(text))
        {
            return false;
        }

        _position++;
        return true;
    }

    /// <summary>Takes <paramref name="text"/> or fails naming <paramref name="what"/> the grammar wants there.</summary>
    public LitmusToken Expect(string text, string what)
    {
        LitmusToken token = Peek();
        if (!token.Is(text))
        {
            throw Malformed(token.Line, $"expected {what}, found {token.Describe()}");
        }

        return Next();
    }

    public LitmusToken ExpectIdentifier(string what)
    {
        LitmusToken token = Peek();
        if (!token.IsIdentifier)
        {
            throw Malformed(token.Line, $"expected {what}, found {token.Describe()}");
        }

        return Next();
    }

    /// <summary>An integer constant, with an optional leading minus: decimal or 0x hexadecimal.</summary>
    public long ExpectConstant(string what)
    {
        bool negative = TryTake("-");
        LitmusToken token = Peek();
        if (token.Kind != LitmusTokenKind.Number)
        {
            throw Malformed(token.Line, $"expected {what}, found {token.Describe()}");
        }

        Next();
        return LitmusNumber.Parse(token, negative, this);
    }

    public LitmusFormatException Malformed(int line, string problem) => new(path, line, problem, unsupported: false);

    public LitmusFormatException Unsupported(int line, string construct) => new(path, line, construct, unsupported: true);
}
