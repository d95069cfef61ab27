namespace HazardMm.Systematic;

/// <summary>
/// Writes a file so that readers see either the old complete file or the new complete one, never a
/// half-written one: the text goes to a temporary file in the same directory, which then replaces the
/// target with a rename (atomic within one file system). A run stopped halfway therefore never
/// overwrites a complete result with a partial one unless it writes the partial one on purpose.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string text)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? ".";
        string temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
