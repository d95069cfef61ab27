using HazardMm.Cli;

namespace HazardMm.Tests.Cli;

/// <summary>Runs the command in process, as the tests see it: plain output (redirected), a fixed host.</summary>
internal static class CliRun
{
    public static (int Code, string Output, string Error) Run(string[] args, CancellationToken stop = default, int hostCores = 2, long seed = 1234) =>
        Run(args, new StringWriter(), stop, hostCores, seed);

    /// <summary>As a signal would, once the command has printed a line containing <paramref name="text"/>: a stop that depends on progress, not on the host's speed.</summary>
    public static (int Code, string Output, string Error) RunStoppingAfter(string text, string[] args)
    {
        using var stop = new CancellationTokenSource();
        return Run(args, new StopAfterWriter(text, stop), stop.Token, hostCores: 2, seed: 1234);
    }

    private static (int Code, string Output, string Error) Run(string[] args, StringWriter output, CancellationToken stop, int hostCores, long seed)
    {
        var error = new StringWriter();
        var session = new CliSession(output, error, Live: false, hostCores, () => seed, stop);
        int code = HazardMmCli.Run(args, session);
        return (code, Clean(output), Clean(error));
    }

    /// <summary>Bad input: exit 2, nothing on stdout, one line on stderr starting "hazardmm: ", no stack trace.</summary>
    public static string AssertUsageError((int Code, string Output, string Error) run)
    {
        Assert.Equal(2, run.Code);
        Assert.Equal(string.Empty, run.Output);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("hazardmm: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", line, StringComparison.Ordinal);
        return line;
    }

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private sealed class StopAfterWriter(string text, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(text, StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }
    }

    private static string Clean(StringWriter writer) => writer.ToString().Replace("\r", string.Empty, StringComparison.Ordinal);
}
