namespace HazardMm.Cli;

/// <summary>
/// Checks, before any work starts, that the paths a command will write or read can be used, so a
/// typo costs a second, not the hours of exploration before the first write. Each check returns
/// the one-line problem, or null when the path is fine.
/// </summary>
public static class OutputPaths
{
    /// <summary>A folder the command may create and write files into.</summary>
    public static string? CheckWritableFolder(string folder, string option)
    {
        string full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            return $"{option} '{folder}' is a file, not a folder";
        }

        // A folder that does not exist yet is created by the first write: its nearest existing
        // ancestor must be a folder we can write into.
        string? existing = full;
        while (existing is not null && !Directory.Exists(existing))
        {
            if (File.Exists(existing))
            {
                return $"{option} '{folder}' cannot be created: '{existing}' is a file";
            }

            existing = Path.GetDirectoryName(existing);
        }

        return existing is null ? $"{option} '{folder}' has no existing parent folder" : Probe(existing, folder, option);
    }

    /// <summary>A file the command will write (replacing it if it exists); its folder must exist.</summary>
    public static string? CheckWritableFile(string file, string option)
    {
        string full = Path.GetFullPath(file);
        if (Directory.Exists(full))
        {
            return $"{option} '{file}' is a folder, not a file";
        }

        string folder = Path.GetDirectoryName(full) ?? full;
        return Directory.Exists(folder) ? Probe(folder, file, option) : $"{option} '{file}': folder '{folder}' does not exist";
    }

    /// <summary>A folder the command reads; it must exist.</summary>
    public static string? CheckExistingFolder(string folder, string option) =>
        Directory.Exists(folder) ? null : $"{option} '{folder}' does not exist";

    private static string? Probe(string folder, string path, string option)
    {
        try
        {
            using var probe = new FileStream(
                Path.Combine(folder, $".hazardmm-probe-{Environment.ProcessId}-{Guid.NewGuid():N}"),
                FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{option} '{path}' is not writable: {e.Message}";
        }
    }
}
