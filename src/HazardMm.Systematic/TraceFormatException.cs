namespace HazardMm.Systematic;

/// <summary>
/// A trace file that cannot be replayed as it is: unreadable, not a HazardMm trace, an embedded Coyote
/// trace that is missing or damaged, or a case that names something this build does not have. The
/// message is one line: the file, then what is wrong with it.
/// </summary>
public sealed class TraceFormatException : FormatException
{
    public TraceFormatException(string path, string problem, Exception? inner = null)
        : base($"{path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file (or, for a trace built in memory, its label).</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
