namespace HazardMm.Cli;

/// <summary>What <c>hazardmm</c> exits with; each command's <c>--help</c> lists the ones it uses.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>A run found a failure (a violation, a bug, a mutant not accounted for, a replay that reproduced).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: an unknown option or value, a path that cannot be used, a malformed trace.</summary>
    public const int UsageError = 2;

    /// <summary>A replay whose schedule diverged from the recorded one.</summary>
    public const int Diverged = 3;

    /// <summary>A torture case stalled (a CPU made no progress within the bound) and none failed otherwise.</summary>
    public const int Stall = 3;

    /// <summary>SIGINT, SIGTERM or SIGHUP stopped the run and nothing had failed (128 + SIGINT, as a shell reports Ctrl-C).</summary>
    public const int Interrupted = 130;

    public static readonly (int Code, string Meaning) UsageRow = (UsageError, "bad input: one line on stderr says what");

    public static readonly (int Code, string Meaning) InterruptedRow =
        (Interrupted, "stopped by Ctrl-C, SIGTERM or SIGHUP with nothing failed so far (the summary so far is printed; a failure still exits 1)");
}
