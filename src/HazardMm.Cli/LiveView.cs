using Spectre.Console;

namespace HazardMm.Cli;

/// <summary>
/// The terminal view: a Spectre.Console progress display, one row per unit of work with its bar,
/// elapsed time and latest sample or verdict; kept lines print above it while it runs, and
/// straight to <paramref name="output"/> (unwrapped, as a terminal's copy and paste wants them) outside it.
/// </summary>
public sealed class LiveView(IAnsiConsole console, TextWriter output) : IRunView
{
    private ProgressContext? _context;

    public void Line(string text)
    {
        if (_context is null)
        {
            output.WriteLine(text);
        }
        else
        {
            console.WriteLine(text);
        }
    }

    public IRunItem Start(string label, double total)
    {
        ProgressContext context = _context ?? throw new InvalidOperationException("LiveView.Start outside Run");
        return new Item(context.AddTask(Markup.Escape(label), autoStart: true, maxValue: Math.Max(total, 1)), label);
    }

    public T Run<T>(Func<T> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                _context = context;
                try
                {
                    return work();
                }
                finally
                {
                    _context = null;
                }
            });

    private sealed class Item(ProgressTask task, string label) : IRunItem
    {
        public void Sample(double done, string line, string status) => Progress(done, status);

        public void Progress(double done, string? status = null)
        {
            task.Value = Math.Min(done, task.MaxValue);
            if (status is not null)
            {
                task.Description = Markup.Escape(status);
            }
        }

        public void Finish(string verdict)
        {
            task.Description = Markup.Escape($"{label}: {verdict}");
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
