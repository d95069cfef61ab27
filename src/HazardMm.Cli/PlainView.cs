namespace HazardMm.Cli;

/// <summary>The redirected view: every kept line and sample as a plain line, nothing redrawn.</summary>
public sealed class PlainView(TextWriter output) : IRunView
{
    private readonly Lock _lock = new();

    public void Line(string text)
    {
        lock (_lock)
        {
            output.WriteLine(text);
        }
    }

    public IRunItem Start(string label, double total) => new Item(this);

    public T Run<T>(Func<T> work) => work();

    private sealed class Item(PlainView view) : IRunItem
    {
        public void Sample(double done, string line, string status) => view.Line(line);

        // Redirected output keeps only kept lines and samples: a bar redrawn into a log is noise.
        public void Progress(double done, string? status = null)
        {
        }

        // The commands print each verdict as a kept line; nothing is left to draw.
        public void Finish(string verdict)
        {
        }
    }
}
