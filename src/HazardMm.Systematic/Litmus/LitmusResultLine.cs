using System.Text.RegularExpressions;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// The expected verdict, from the first line of a top-level comment that starts (after the comment's
/// <c>(*</c> or <c>*</c> margin) with <c>Result: Never|Sometimes|Always</c>; the kernel's litmus tests carry
/// it in the comment under the <c>C NAME</c> line.
/// </summary>
internal static partial class LitmusResultLine
{
    public static LitmusExpectation Find(IReadOnlyList<LitmusComment> comments, int headerLine, string path)
    {
        foreach (LitmusComment comment in comments)
        {
            Match match = ResultPattern().Match(comment.Text);
            if (!match.Success)
            {
                continue;
            }

            int line = comment.Line + comment.Text.AsSpan(0, match.Index).Count('\n');
            return match.Groups[1].Value switch
            {
                "Never" => LitmusExpectation.Never,
                "Sometimes" => LitmusExpectation.Sometimes,
                "Always" => LitmusExpectation.Always,
                string other => throw new LitmusFormatException(
                    path, line, $"'Result: {other}': the result is Never, Sometimes or Always", unsupported: false),
            };
        }

        throw new LitmusFormatException(
            path, headerLine, "no 'Result: Never|Sometimes|Always' line in a comment: the expected verdict is missing", unsupported: false);
    }

    [GeneratedRegex(@"^[ \t(*]*Result:[ \t]*([^\s*]*)", RegexOptions.Multiline)]
    private static partial Regex ResultPattern();
}
