namespace HazardMm.Cli;

/// <summary>Decides once, at start-up, whether output goes to a person at a terminal (live display) or to a file or pipe (plain lines).</summary>
public static class TerminalMode
{
    /// <summary>
    /// Live only when standard output is a terminal that can redraw, and not under CI (which
    /// greps the plain SUCCESS/FAILURE lines even when it gives the run a pseudo-terminal).
    /// </summary>
    public static bool IsLive(bool outputRedirected, string? term, string? ci) =>
        !outputRedirected && term != "dumb" && string.IsNullOrEmpty(ci);

    public static bool IsLive() =>
        IsLive(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("TERM"), Environment.GetEnvironmentVariable("CI"));
}
