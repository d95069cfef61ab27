namespace HazardMm.Cli;

/// <summary>The <c>hazardmm</c> command: dispatch, Ctrl-C handling, and the one-line error contract.</summary>
public static class HazardMmCli
{
    public const int UsageError = 2;

    private static readonly string[] Commands = ["torture", "explore", "mutants", "replay"];

    public static string Usage => string.Join(Environment.NewLine, "usage:", "  " + TortureOptions.Usage, "  " + ExploreCommand.Usage, "  " + MutantsCommand.Usage, "  " + ReplayCommand.Usage);

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            output.WriteLine(Usage);
            return args.Length == 0 ? UsageError : 0;
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (!stop.IsCancellationRequested)
            {
                e.Cancel = true;
                error.WriteLine("hazardmm: interrupted; stopping the current run and printing the summary (Ctrl-C again to abort)");
                stop.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return args[0] switch
            {
                "torture" => TortureCommand.Run(
                    TortureOptions.Parse(args[1..], Environment.ProcessorCount, () => Random.Shared.NextInt64(1, 1L << 48)),
                    output,
                    stop.Token),
                "explore" => ExploreCommand.Run(args[1..], output, stop.Token),
                "mutants" => MutantsCommand.Run(args[1..], output, stop.Token),
                "replay" => ReplayCommand.Run(args[1..], output),
                _ => throw new UsageException($"unknown command '{args[0]}'; commands: {string.Join(", ", Commands)}"),
            };
        }
        catch (UsageException e)
        {
            error.WriteLine($"hazardmm: {e.Message}");
            return UsageError;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // Bad files (a trace that is not one, an output folder that does not exist): the input's fault.
            error.WriteLine($"hazardmm: {e.Message}");
            return UsageError;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
