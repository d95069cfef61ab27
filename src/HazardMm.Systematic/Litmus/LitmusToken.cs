namespace HazardMm.Systematic.Litmus;

/// <summary>What a <see cref="LitmusToken"/> is: a name, a number, a punctuation mark, or the end of the file.</summary>
internal enum LitmusTokenKind
{
    Identifier,
    Number,
    Punctuation,
    End,
}

/// <summary>One token of a litmus file and the 1-based line it starts on (design.md#litmus).</summary>
internal readonly record struct LitmusToken(LitmusTokenKind Kind, string Text, int Line)
{
    public bool IsEnd => Kind == LitmusTokenKind.End;

    public bool IsIdentifier => Kind == LitmusTokenKind.Identifier;

    /// <summary>Whether this is the punctuation mark or name <paramref name="text"/> (never true at the end).</summary>
    public bool Is(string text) => Kind != LitmusTokenKind.End && Text == text;

    /// <summary>How an error message names the token.</summary>
    public string Describe() => Kind == LitmusTokenKind.End ? "the end of the file" : $"'{Text}'";
}
