using System.CommandLine;
using System.CommandLine.Help;
using HazardMm.Cli;
using static HazardMm.Tests.Cli.CliRun;

namespace HazardMm.Tests.Cli;

/// <summary>Every command's <c>--help</c>: exit 0, every option with its meaning and default, and the exit codes.</summary>
public sealed class HelpTests
{
    public static TheoryData<string, string> CommandsAndSpellings() =>
        new()
        {
            { "torture", "--help" }, { "explore", "-h" }, { "mutants", "--help" }, { "replay", "--help" }, { "replay", "-?" },
            { "sweep", "--help" }, { "compare", "--help" }, { "experiment", "--help" },
        };

    [Theory]
    [MemberData(nameof(CommandsAndSpellings))]
    public void Help_ListsEveryOptionWithItsDefault_AndTheExitCodes(string command, string spelling)
    {
        (int code, string output, string error) = Run([command, spelling]);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);

        HazardCommand described = Commands().Single(c => c.Name == command);
        Assert.Contains(described.Options, o => o is not HelpOption);
        foreach (Option option in described.Options.Where(o => o is not HelpOption))
        {
            string line = Assert.Single(Lines(output), l => l.TrimStart().StartsWith(option.Name + " ", StringComparison.Ordinal));
            Assert.Contains(option.Description!, line, StringComparison.Ordinal);
            Assert.Matches(@"\[default: [^\]]+\]$", line);
        }

        string exitCodes = output[output.IndexOf("Exit codes:", StringComparison.Ordinal)..];
        foreach ((int exit, string meaning) in described.ExitCodeRows)
        {
            Assert.Contains($"  {exit,-4} {meaning}", exitCodes, StringComparison.Ordinal);
        }

        Assert.Contains("  2    bad input", exitCodes, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputedDefaults_AreShownInWords()
    {
        (_, string output, _) = Run(["torture", "--help"], hostCores: 6);
        Assert.Contains("[default: one per host core, at least 4 (6 here)]", output, StringComparison.Ordinal);
        Assert.Contains("[default: a fresh random seed]", output, StringComparison.Ordinal);
        Assert.Contains("[default: 10s]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_WinsOverOtherwiseBadInput()
    {
        (int code, string output, _) = Run(["replay", "--help"]);
        Assert.Equal(0, code);
        Assert.Contains("<FILE>", output, StringComparison.Ordinal);
    }

    private static IEnumerable<HazardCommand> Commands() =>
        HazardMmCli.Build(CliSession.Plain(TextWriter.Null, TextWriter.Null)).Subcommands.OfType<HazardCommand>();
}
