using HazardMm.Cli;
using Spectre.Console;

namespace HazardMm.Tests.Cli;

/// <summary>The two views say the same things: kept lines always, samples as lines only when redirected.</summary>
public sealed class RunViewTests
{
    [Fact]
    public void ThePlainView_PrintsKeptLinesAndSamples_ButNoProgress()
    {
        var output = new StringWriter();
        IRunView view = new PlainView(output);
        int code = view.Run(() =>
        {
            IRunItem item = view.Start("[hazard/x86]", 10);
            item.Sample(1, "[hazard/x86]    1s: switches 5/s", "short status");
            item.Progress(2, "only drawn live");
            item.Finish("done");
            view.Line("SUCCESS hazard arch=x86");
            return 7;
        });

        Assert.Equal(7, code);
        Assert.Equal(["[hazard/x86]    1s: switches 5/s", "SUCCESS hazard arch=x86"], CliRun.Lines(output.ToString().Replace("\r", string.Empty, StringComparison.Ordinal)));
    }

    [Fact]
    public void TheLiveView_DrawsEachItemWithItsVerdict_AndKeepsTheLines()
    {
        var output = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(output),
        });
        var view = new LiveView(console, output);
        view.Run(() =>
        {
            IRunItem item = view.Start("[hazard/x86]", 10);
            item.Sample(5, "a plain line only", "[hazard/x86] 5 switches/s");
            view.Line("placement: 2 CPUs");
            item.Finish("done");
            return 0;
        });
        view.Line("SUCCESS hazard arch=x86");

        string text = output.ToString();
        Assert.Contains("[hazard/x86]: done", text, StringComparison.Ordinal);
        Assert.Contains("placement: 2 CPUs", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a plain line only", text, StringComparison.Ordinal);
        Assert.EndsWith("SUCCESS hazard arch=x86" + Environment.NewLine, text, StringComparison.Ordinal);
    }
}
