namespace HazardMm.Systematic.Litmus;

/// <summary>
/// The first line of a litmus file, <c>C NAME</c>: the architecture (only C is read here) and the test's
/// name, which may hold any character but white space (<c>MP+poonceonces</c>, <c>Z6.0+pooncelock</c>).
/// </summary>
internal static class LitmusHeader
{
    /// <summary>herd7's other architectures.</summary>
    private static readonly string[] Architectures = ["X86", "X86_64", "AArch64", "ARM", "PPC", "RISCV", "MIPS", "LISA", "Bell", "PTX", "OpenCL"];

    /// <summary>The test's name, where the rest of the file starts, and that line's number.</summary>
    public static (string Name, int Start, int Line) Read(string text, string path)
    {
        int position = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        int line = 1;
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            line += text[position] == '\n' ? 1 : 0;
            position++;
        }

        if (position == text.Length)
        {
            throw new LitmusFormatException(path, 0, "empty file: a litmus file starts with 'C NAME'", unsupported: false);
        }

        int end = text.IndexOf('\n', position);
        end = end < 0 ? text.Length : end;
        string[] words = text[position..end].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words[0] != "C")
        {
            throw IsArchitecture(words[0])
                ? new LitmusFormatException(path, line, $"architecture {words[0]} (only C litmus files are read)", unsupported: true)
                : new LitmusFormatException(path, line, $"a litmus file starts with 'C NAME', not '{words[0]}'", unsupported: false);
        }

        if (words.Length < 2)
        {
            throw new LitmusFormatException(path, line, "'C' must be followed by the test's name", unsupported: false);
        }

        // The rest of the line may only be a comment (C SB+mbs (* Result: Never *)), which the lexer reads.
        int afterName = text.IndexOf(words[1], position + 1, StringComparison.Ordinal) + words[1].Length;
        if (words.Length > 2 && !words[2].StartsWith("(*", StringComparison.Ordinal))
        {
            throw new LitmusFormatException(path, line, $"unexpected '{words[2]}' after the test's name", unsupported: false);
        }

        return (words[1], afterName, line);
    }

    private static bool IsArchitecture(string word) => Architectures.Contains(word, StringComparer.Ordinal);
}
