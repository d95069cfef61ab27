using System.Text;
using System.Text.RegularExpressions;
using HazardMm.Systematic.Litmus;

namespace HazardMm.SystematicTests.Litmus.Reader;

/// <summary>
/// Seeded mutations of valid files (characters and tokens deleted, inserted, duplicated; lines swapped)
/// never make the reader throw anything but a one-line <see cref="LitmusFormatException"/> naming the file
/// and a line of it.
/// </summary>
public sealed partial class LitmusReaderFuzzTests
{
    private const int Seed = 20261201;
    private const int Cases = 3000;
    private const string Path = "fuzz.litmus";

    private const string Characters = " \n\t(){}[];,*=:~&+-/\\%!<>|^?._\"#0123456789abcdefxyzPrC\u00e9\0\r";

    private static readonly string[] Tokens =
    [
        "(*", "*)", "/*", "*/", "//", "/\\", "\\/", "~", "exists", "~exists", "forall", "filter", "locations", "true",
        "P0", "P1", "P2", "P99999999999", "READ_ONCE", "WRITE_ONCE", "smp_load_acquire", "smp_mb", "xchg", "cmpxchg",
        "atomic_add", "atomic_fetch_inc", "atomic_t", "ATOMIC_INIT", "spin_lock", "if", "int", "intptr_t", "r0", "r1",
        "x", "y", "v", "{", "}", "(", ")", "[", "]", ";", ",", ":", "=", "-", "0x", "0x10", "010", "1UL",
        "18446744073709551616", "-9223372036854775808", "9223372036854775808", "Result:", "Result: Never", "C", "\n",
        new string('(', 150), new string('~', 150),
    ];

    [Fact]
    public void MutatedFilesThrowOnlyOneLineFormatErrors()
    {
        string[] sources =
        [
            LitmusReaderShapeTests.MessagePassing,
            LitmusReaderShapeTests.StoreBuffering,
            File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Litmus", "Files", "supported", "every-construct.litmus")),
        ];
        var random = new Random(Seed);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < Cases; i++)
        {
            string source = sources[random.Next(sources.Length)];
            string text = source;
            int mutations = 1 + random.Next(3);
            for (int m = 0; m < mutations; m++)
            {
                text = Mutate(text, random);
            }

            try
            {
                LitmusReader.Parse(text, Path);
                parsed++;
            }
            catch (LitmusFormatException error)
            {
                rejected++;
                int lines = text.Count(c => c == '\n') + 1;
                if (!OneLine().IsMatch(error.Message) || error.Line < 0 || error.Line > lines)
                {
                    Assert.Fail($"case {i} (seed {Seed}): message '{error.Message}' is not one line 'fuzz.litmus:LINE: ...' within {lines} lines; text:\n{text}");
                }
            }
            catch (Exception other)
            {
                Assert.Fail($"case {i} (seed {Seed}): {other.GetType().Name}: {other.Message}; text:\n{text}");
            }
        }

        // Both outcomes happen, so the mutations are neither all harmless nor all fatal.
        Assert.InRange(parsed, 1, Cases - 1);
        Assert.InRange(rejected, Cases / 2, Cases);
    }

    private static string Mutate(string text, Random random)
    {
        int at = random.Next(text.Length + 1);
        switch (random.Next(10))
        {
            case 0 when text.Length > 0:
                return text.Remove(Math.Min(at, text.Length - 1), 1);
            case 1:
                return text.Insert(at, Characters[random.Next(Characters.Length)].ToString());
            case 2:
                int length = Math.Min(1 + random.Next(20), text.Length - at);
                return text.Insert(at, text.Substring(at, length));
            case 3:
                return text.Insert(at, Tokens[random.Next(Tokens.Length)]);
            case 4 or 8 or 9:
                // A whole token where tokens start: next to white space, so it is read as itself.
                return text.Insert(Boundary(text, at), $" {Tokens[random.Next(Tokens.Length)]} ");
            case 5:
                return RemoveWord(text, at);
            case 6:
                int start = Boundary(text, at);
                int end = Boundary(text, start + 1 + random.Next(30));
                return text.Insert(end, text[start..end]);
            default:
                return SwapLines(text, random);
        }
    }

    /// <summary>The first white space at or after <paramref name="at"/> (or the end of the text).</summary>
    private static int Boundary(string text, int at)
    {
        int position = Math.Min(at, text.Length);
        while (position < text.Length && !char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        return position;
    }

    /// <summary>Deletes the run of non-blank characters around <paramref name="at"/>.</summary>
    private static string RemoveWord(string text, int at)
    {
        int start = Math.Min(at, text.Length);
        while (start > 0 && !char.IsWhiteSpace(text[start - 1]))
        {
            start--;
        }

        int end = Math.Min(at, text.Length);
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return text.Remove(start, end - start);
    }

    private static string SwapLines(string text, Random random)
    {
        string[] lines = text.Split('\n');
        int a = random.Next(lines.Length);
        int b = random.Next(lines.Length);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }

    [GeneratedRegex(@"\Afuzz\.litmus:\d+: [^\n\r]+\z")]
    private static partial Regex OneLine();
}
