using System.CommandLine;

namespace HazardMm.Cli;

/// <summary>
/// One option with its default: the name, meaning, parser and default are written once, here.
/// The default is resolved by <see cref="Read"/> rather than by the library, because several are
/// not constants (a fresh seed, one CPU per host core, the mutant's own scheme) and
/// <c>--help</c> must show them in words: <c>[default: ...]</c> ends the description.
/// </summary>
public sealed class CliOption<T>
{
    private readonly Func<ParseResult, T> _fallback;

    public CliOption(Option<T> option, string defaultText, Func<ParseResult, T> fallback)
    {
        option.Description = $"{option.Description} [default: {defaultText}]";
        Option = option;
        _fallback = fallback;
    }

    public Option<T> Option { get; }

    public bool IsGiven(ParseResult result) => result.GetResult(Option) is not null;

    /// <summary>The value given on the command line, else the default.</summary>
    public T Read(ParseResult result) => IsGiven(result) ? result.GetValue(Option)! : _fallback(result);
}
