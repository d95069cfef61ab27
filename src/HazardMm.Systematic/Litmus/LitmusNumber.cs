using System.Globalization;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Integer constants as C writes them and a 64-bit register holds them: decimal or 0x hexadecimal,
/// negated by a leading minus. Octal (a leading 0) and suffixes (1UL) are not taken (design.md#litmus).
/// </summary>
internal static class LitmusNumber
{
    private const ulong LongMinMagnitude = 1UL << 63;

    public static long Parse(LitmusToken token, bool negative, LitmusCursor cursor)
    {
        string text = token.Text;
        ulong magnitude;
        bool hex = text.Length > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
        bool parsed = hex
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out magnitude)
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out magnitude);
        if (!parsed)
        {
            bool digits = hex ? text.AsSpan(2).ContainsOnlyHex() : text.All(char.IsAsciiDigit);
            throw digits
                ? cursor.Malformed(token.Line, $"constant {text} does not fit in 64 bits")
                : cursor.Malformed(token.Line, $"'{text}' is not an integer constant: decimal or 0x hexadecimal, no suffix");
        }

        if (!hex && text.Length > 1 && text[0] == '0')
        {
            throw cursor.Unsupported(token.Line, $"octal constant {text}");
        }

        if (negative ? magnitude > LongMinMagnitude : magnitude > long.MaxValue)
        {
            throw cursor.Malformed(token.Line, $"constant {(negative ? "-" : "")}{text} does not fit in 64 bits");
        }

        return negative ? (long)(0 - magnitude) : (long)magnitude;
    }

    private static bool ContainsOnlyHex(this ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
