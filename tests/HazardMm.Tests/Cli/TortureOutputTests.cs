using HazardMm.Cli;

namespace HazardMm.Tests.Cli;

/// <summary>
/// torture's output goes through one channel to one writer task (design.md#torture): a slow console
/// never makes a producer (a CPU, the monitor) wait, and lines keep the order they were posted in.
/// </summary>
public sealed class TortureOutputTests
{
    [Fact]
    public async Task AProducer_NeverWaitsForAConsoleThatIsStuck_AndTheLinesKeepTheirOrder()
    {
        using var gate = new ManualResetEventSlim(false);
        var view = new StuckView(gate);
        var output = new TortureOutput(view, null);

        // The console is stuck in its first line until the gate opens: every post must return anyway.
        Task posting = Task.Run(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                output.Line($"line {i}");
            }
        });
        bool returned = await Task.WhenAny(posting, Task.Delay(TimeSpan.FromSeconds(20))) == posting; // a hang bound, not a speed limit
        gate.Set();
        output.Dispose();

        Assert.True(returned, "a post waited for the console");
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"line {i}"), view.Lines);
    }

    /// <summary>A console that blocks in every line until <paramref name="gate"/> opens.</summary>
    private sealed class StuckView(ManualResetEventSlim gate) : IRunView
    {
        public List<string> Lines { get; } = [];

        public void Line(string text)
        {
            gate.Wait();
            Lines.Add(text);
        }

        public IRunItem Start(string label, double total) => throw new InvalidOperationException("no case runs here");

        public T Run<T>(Func<T> work) => work();
    }
}
