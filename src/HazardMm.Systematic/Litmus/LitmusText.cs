using System.Security;
using System.Text;

namespace HazardMm.Systematic.Litmus;

/// <summary>
/// Reads a litmus file's text without trusting the path: a directory, a missing file, a device or a FIFO
/// (length 0, never opened) and anything over <see cref="MaxBytes"/> are refused before any read, and the
/// read stops at the cap in case the file grows. Every failure is a <see cref="LitmusFormatException"/>
/// at line 0.
/// </summary>
internal static class LitmusText
{
    /// <summary>A litmus test is a page of text; a megabyte is not one.</summary>
    public const int MaxBytes = 1 << 20;

    public static string Read(string path)
    {
        try
        {
            var link = new FileInfo(path);
            FileInfo info = link.LinkTarget is null ? link : link.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? link;
            if (Directory.Exists(info.FullName))
            {
                throw Fail(path, "is a directory, not a litmus file");
            }

            if (!info.Exists)
            {
                throw Fail(path, "no such file");
            }

            // Devices, FIFOs and sockets report a length of 0, as does an empty file: none is a litmus test.
            if (info.Length == 0)
            {
                throw Fail(path, "is empty or not a regular file");
            }

            if (info.Length > MaxBytes)
            {
                throw Fail(path, $"is {info.Length} bytes; a litmus file is at most {MaxBytes} bytes");
            }

            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            var bytes = new byte[MaxBytes + 1];
            int length = 0;
            int n;
            while (length < bytes.Length && (n = stream.Read(bytes, length, bytes.Length - length)) > 0)
            {
                length += n;
            }

            if (length > MaxBytes)
            {
                throw Fail(path, $"grew past {MaxBytes} bytes while being read");
            }

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        // Before ArgumentException, which it is.
        catch (DecoderFallbackException)
        {
            throw Fail(path, "is not UTF-8 text");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or SecurityException)
        {
            throw Fail(path, $"cannot be read: {OneLine(e.Message)}");
        }
    }

    private static LitmusFormatException Fail(string path, string problem) => new(path, 0, problem, unsupported: false);

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
