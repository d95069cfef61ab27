namespace HazardMm.Cli;

/// <summary>Bad command-line input: printed as one line, exit code 2, never a stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
