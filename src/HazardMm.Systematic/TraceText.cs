using System.Text;

namespace HazardMm.Systematic;

/// <summary>
/// Reads a trace file's text without trusting the path: a directory, a missing file, a device or a
/// FIFO (a FIFO's open would wait for a writer; /dev/zero never ends) and anything over the size cap
/// are refused before any read, and the read itself stops at the cap in case the file grows.
/// </summary>
internal static class TraceText
{
    public static string Read(string path, long maxBytes)
    {
        FileInfo info = Resolve(path);
        if (Directory.Exists(info.FullName))
        {
            throw new TraceFormatException(path, "is a directory, not a trace file");
        }

        if (!info.Exists)
        {
            throw new TraceFormatException(path, "no such file");
        }

        // Devices, FIFOs and sockets report a length of 0 (st_size), as does an empty file: none of them
        // is a trace, and none is opened.
        if (info.Length == 0)
        {
            throw new TraceFormatException(path, "is empty or not a regular file");
        }

        if (info.Length > maxBytes)
        {
            throw new TraceFormatException(path, $"is {info.Length} bytes; a trace file is at most {maxBytes} bytes");
        }

        try
        {
            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            using var text = new MemoryStream((int)info.Length);
            var chunk = new byte[64 * 1024];
            int n;
            while (text.Length <= maxBytes && (n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                text.Write(chunk, 0, n);
            }

            if (text.Length > maxBytes)
            {
                throw new TraceFormatException(path, $"grew past {maxBytes} bytes while being read");
            }

            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(text.GetBuffer(), 0, (int)text.Length);
        }
        catch (IOException e)
        {
            throw new TraceFormatException(path, $"cannot be read: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TraceFormatException(path, $"cannot be read: {e.Message}", e);
        }
        catch (DecoderFallbackException e)
        {
            throw new TraceFormatException(path, "is not UTF-8 text", e);
        }
    }

    /// <summary>What <paramref name="path"/> finally names: a symbolic link reports its own size, so its target is checked and opened.</summary>
    private static FileInfo Resolve(string path)
    {
        try
        {
            var link = new FileInfo(path);
            return link.LinkTarget is null ? link : link.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? link;
        }
        catch (IOException e)
        {
            throw new TraceFormatException(path, $"cannot be resolved: {e.Message}", e);
        }
    }
}
