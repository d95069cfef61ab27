using System.CommandLine;
using System.CommandLine.Invocation;

namespace HazardMm.Cli;

/// <summary>
/// <c>--help</c>: the library's help (description, usage, every option with its meaning and
/// default), then the exit codes of the command asked about.
/// </summary>
public sealed class ExitCodesHelp(CommandLineAction standard) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        int code = standard is SynchronousCommandLineAction help ? help.Invoke(parseResult) : 0;
        TextWriter output = parseResult.InvocationConfiguration.Output;
        IReadOnlyList<(int Code, string Meaning)> rows = parseResult.CommandResult.Command switch
        {
            HazardCommand command => command.ExitCodeRows,
            _ => [(ExitCodes.Success, "help or version shown"), ExitCodes.UsageRow],
        };
        output.WriteLine("Exit codes:");
        foreach ((int exit, string meaning) in rows)
        {
            output.WriteLine($"  {exit,-4} {meaning}");
        }

        output.WriteLine();
        return code;
    }
}
