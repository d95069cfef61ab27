using System.CommandLine;

namespace HazardMm.Cli;

/// <summary>A <c>hazardmm</c> subcommand: its options, its action, and the exit codes its <c>--help</c> lists.</summary>
public abstract class HazardCommand : Command
{
    protected HazardCommand(string name, string description, CliSession session)
        : base(name, description)
    {
        Session = session;
        SetAction(Run);
    }

    public abstract IReadOnlyList<(int Code, string Meaning)> ExitCodeRows { get; }

    protected CliSession Session { get; }

    protected void Add<T>(CliOption<T> option) => Options.Add(option.Option);

    /// <summary>The action: the options are parsed and valid; checks that need the file system come first.</summary>
    protected abstract int Run(ParseResult result);
}
