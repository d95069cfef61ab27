using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace HazardMm.Cli;

/// <summary>
/// The <c>hazardmm</c> command: its subcommands on System.CommandLine, and the one-line error
/// contract: any bad input is <c>hazardmm: problem</c> on stderr and exit 2, never a stack trace
/// or a help dump.
/// </summary>
public static class HazardMmCli
{
    public static RootCommand Build(CliSession session)
    {
        var root = new RootCommand(
            "HazardMm: the Linux lazy-TLB mm schemes on pinned threads (torture) and under Coyote's SC and x86-TSO models (explore, mutants, replay, litmus); what each costs (sweep, compare, experiment). " +
            "'hazardmm COMMAND --help' lists a command's options, their defaults and its exit codes.")
        {
            new TortureCommand(session),
            new ExploreCommand(session),
            new MutantsCommand(session),
            new ReplayCommand(session),
            new SweepCommand(session),
            new CompareCommand(session),
            new ExperimentCommand(session),
            new LitmusCommand(session),
        };
        HelpOption help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExitCodesHelp(help.Action!);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Run(string[] args, CliSession session)
    {
        RootCommand root = Build(session);
        // No response files: an argument starting with '@' is a value (a file name), not a file of arguments.
        ParseResult result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is ParseErrorAction)
        {
            return session.UsageError(Describe(result, root));
        }

        try
        {
            return result.Invoke(new InvocationConfiguration
            {
                Output = session.Output,
                Error = session.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null, // StopSignals handles SIGINT/SIGTERM/SIGHUP
            });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // A file that went bad during the run (a full disk, a folder removed under us): the one-line contract still holds.
            return session.UsageError(e.Message);
        }
    }

    /// <summary>Plain output, this host, never stopped: how tests call the command.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, CliSession.Plain(output, error));

    /// <summary>The first parse error as one line, with where to look for the allowed values.</summary>
    private static string Describe(ParseResult result, RootCommand root)
    {
        Command command = result.CommandResult.Command;
        string commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
        if (command == root)
        {
            return result.UnmatchedTokens.Count > 0
                ? $"unknown command '{result.UnmatchedTokens[0]}'; commands: {commands} ('hazardmm --help' says more)"
                : $"no command given; commands: {commands} ('hazardmm --help' says more)";
        }

        if (result.UnmatchedTokens.Count > 0)
        {
            return $"unknown option or argument '{result.UnmatchedTokens[0]}' for '{command.Name}'; 'hazardmm {command.Name} --help' lists the options";
        }

        string first = result.Errors[0].Message.ReplaceLineEndings(" ");
        return $"{command.Name}: {first}";
    }
}
