using System.CommandLine;
using HazardMm.Cpus;
using HazardMm.Ipi;

namespace HazardMm.Cli;

/// <summary>
/// What sweep, compare and experiment share: the output folder (checked before any work), CPU
/// pinning and the IPI cost model (design.md#ipi-cost), read and announced the same way.
/// </summary>
public abstract class PerfCommand : HazardCommand
{
    private readonly CliOption<string> _out;

    private readonly CliOption<bool> _noPin = CliOptions.Flag("--no-pin", "do not pin each CPU thread to a host core");

    private readonly CliOption<IpiCostCalibration> _ipiCost = CliOptions.IpiCost();

    protected PerfCommand(string name, string description, CliSession session, string outDescription, string outDefault)
        : base(name, description, session)
    {
        _out = CliOptions.Path("--out", "DIR", outDescription, outDefault);
    }

    /// <summary>Adds --out, --no-pin and --ipi-cost; call after the command's own options, so help lists them last.</summary>
    protected void AddRunOptions()
    {
        Add(_out);
        Add(_noPin);
        Add(_ipiCost);
    }

    /// <summary>The --out folder, or a one-line reason it cannot be written (checked before any work).</summary>
    protected string OutFolder(ParseResult result, out string? problem)
    {
        string folder = _out.Read(result);
        problem = OutputPaths.CheckWritableFolder(folder, "--out");
        return folder;
    }

    /// <summary>Calibrates (or reads) the IPI cost and says it on <paramref name="view"/>, with <paramref name="note"/> after it.</summary>
    protected IpiCostCalibration ReadIpiCost(ParseResult result, IRunView view, string note = "")
    {
        IpiCostCalibration ipiCost = _ipiCost.Read(result);
        view.Line($"ipi-cost={HostDelays.Format(ipiCost.Cost)} ({ipiCost.Source}){note}");
        return ipiCost;
    }

    /// <summary>The CPU host the runs use: pinned unless --no-pin.</summary>
    protected ICpuHost Host(ParseResult result) => new HardwareCpuHost(!_noPin.Read(result));
}
