using System.CommandLine;
using HazardMm.Systematic;
using HazardMm.Systematic.Memory;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm litmus PATH...</c> (design.md#litmus): every herd7 C litmus file under the paths, run under each chosen
/// memory model; per test the file's expected result, each model's outcome and verdict; a summary per model. Exit 1 if
/// any row is unsound, else 2 if any file was malformed.
/// </summary>
public sealed class LitmusCommand : HazardCommand
{
    private readonly Argument<string[]> _paths = new("PATH")
    {
        Description = "litmus files (*.litmus), or folders searched recursively for them",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly CliOption<IReadOnlyList<MemoryModelDescriptor>> _models = ModelNames.Option();

    private readonly CliOption<int> _iterations = CliOptions.Count("--iterations", "executions per test and model (the rarest weak outcomes of the project's own folder show in about 1% of executions)", 1, 100_000_000, 1000);

    private readonly CliOption<uint> _seed = CliOptions.Seed32(
        "Coyote's random seed, the same for every test; the same seed explores the same executions", "a fresh random seed", _ => (uint)Random.Shared.Next());

    private readonly CliOption<string?> _json = new(
        new Option<string?>("--json") { Description = "also write every row, as JSON, to FILE", HelpName = "FILE" }, "none", _ => null);

    /// <summary>Hidden: plants the weak model's "acquire does not join" bug, to show a Never test turn unsound.</summary>
    private readonly Option<bool> _plantedBug = new("--planted-acquire-bug") { Hidden = true, Arity = ArgumentArity.Zero };

    public LitmusCommand(CliSession session)
        : base("litmus", "Runs herd7 C litmus files under each memory model and says where each model agrees with the Linux-kernel memory model.", session)
    {
        Arguments.Add(_paths);
        Add(_models);
        Add(_iterations);
        Add(_seed);
        Add(_json);
        Options.Add(_plantedBug);
    }

    public override IReadOnlyList<(int Code, string Meaning)> ExitCodeRows =>
    [
        (ExitCodes.Success, "no row unsound and every file read (unsupported files are listed, not failures)"),
        (ExitCodes.Failure, "a model was unsound on some test (or a run failed), also when stopped by a signal"),
        (ExitCodes.UsageError, "bad input: a malformed litmus file (the run goes on, each named on one line), or a path or option that cannot be used"),
        ExitCodes.InterruptedRow,
    ];

    protected override int Run(ParseResult result)
    {
        string[] paths = result.GetValue(_paths) ?? [];
        if (paths.FirstOrDefault(p => !File.Exists(p) && !Directory.Exists(p)) is { } missing)
        {
            return Session.UsageError($"litmus: '{missing}' is neither a file nor a folder");
        }

        string? json = _json.Read(result);
        if (json is not null && OutputPaths.CheckWritableFile(json, "--json") is { } problem)
        {
            return Session.UsageError($"litmus: {problem}");
        }

        var plan = new LitmusPlan(
            LitmusPlan.Files(paths), _models.Read(result), _iterations.Read(result), _seed.Read(result), json,
            result.GetValue(_plantedBug) ? WeakModelFlaws.AcquireDoesNotJoin : WeakModelFlaws.None);
        return plan.Run(Session.NewView(), Session.Stop);
    }
}
