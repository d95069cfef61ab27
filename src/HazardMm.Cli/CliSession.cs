using Spectre.Console;

namespace HazardMm.Cli;

/// <summary>
/// What a command runs against: where it writes, whether a person watches (live display), the
/// host's core count and seed source (fixed by tests), and the stop signal.
/// </summary>
public sealed record CliSession(TextWriter Output, TextWriter Error, bool Live, int HostCores, Func<long> NewSeed, CancellationToken Stop)
{
    /// <summary>Plain output, this host's cores, fresh seeds, never stopped: how tests run a command.</summary>
    public static CliSession Plain(TextWriter output, TextWriter error, CancellationToken stop = default) =>
        new(output, error, Live: false, Environment.ProcessorCount, () => Random.Shared.NextInt64(1, 1L << 48), stop);

    public IRunView NewView() =>
        Live
            ? new LiveView(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Output) }), Output)
            : new PlainView(Output);

    /// <summary>The one-line bad-input contract: <c>hazardmm: problem</c> on stderr, exit 2.</summary>
    public int UsageError(string problem)
    {
        Error.WriteLine($"hazardmm: {problem}");
        return ExitCodes.UsageError;
    }
}
