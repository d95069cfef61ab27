using System.Threading.Channels;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// Everything <c>hazardmm torture</c> says while its cases run (design.md#torture): the events go into
/// one channel, <see cref="Events"/>, and one writer task drains it to the console (the view), the
/// <c>--results</c> folder and the samples <c>--json</c> keeps. Producers only post, never wait: the
/// monitor (stats samples, stalls), the CPU that finds a violation (its alarm, from its own thread),
/// and the command (case starts and ends, verdicts, the total). So a slow console or disk never stalls
/// a CPU or the monitor; events keep the order they were posted in.
/// </summary>
public sealed class TortureOutput : IDisposable
{
    private readonly IRunView _view;
    private readonly TortureResultsWriter? _files;
    private readonly Task _writer;
    private readonly List<List<TortureProgress>> _samples = [];

    // The writer task's own state: the case being run.
    private IRunItem? _item;
    private string? _folder;

    /// <summary>Starts the writer task.</summary>
    public TortureOutput(IRunView view, TortureResultsWriter? files)
    {
        _view = view;
        _files = files;
        _writer = Task.Run(WriteAll);
    }

    /// <summary>The channel from every producer to the writer task: many writers, one reader, unbounded, so a post never blocks.</summary>
    private Channel<Event> Events { get; } = Channel.CreateUnbounded<Event>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>A kept line for the console.</summary>
    public void Line(string text) => Post(new Kept(text));

    /// <summary>A verdict or total line: the console and <c>DIR/&lt;timestamp&gt;/summary</c>.</summary>
    public void Summary(string text) => Post(new Kept(text, ToSummary: true));

    /// <summary>Case <paramref name="index"/> (from 1) starts; <paramref name="config"/> goes to its results folder.</summary>
    public void CaseStarted(int index, TortureCase c, string config, string? announce) => Post(new Started(index, c, config, announce));

    /// <summary>A stats sample of the running case (the monitor's thread).</summary>
    public void Sample(TortureProgress progress) => Post(new Sampled(progress));

    /// <summary>The running case failed (the thread that found it: a CPU's, the monitor's, the runner's).</summary>
    public void Alarm(TortureAlarm alarm) => Post(new Alarmed(alarm));

    /// <summary>The running case ended: its flight record and reproduce line if it failed, its verdict.</summary>
    public void CaseEnded(TortureResult result, string? reproduce, string? placement) => Post(new Ended(result, reproduce, placement));

    /// <summary>The samples of each case, in case order; read only after <see cref="Dispose"/>.</summary>
    public IReadOnlyList<IReadOnlyList<TortureProgress>> Samples => _samples;

    /// <summary>Writes everything posted, then stops the writer task.</summary>
    public void Dispose()
    {
        Events.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    // Unbounded: TryWrite always succeeds until Dispose completes the channel.
    private void Post(Event e) => Events.Writer.TryWrite(e);

    private async Task WriteAll()
    {
        await foreach (Event e in Events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            Write(e);
        }
    }

    private void Write(Event e)
    {
        switch (e)
        {
            case Kept kept:
                _view.Line(kept.Text);
                if (kept.ToSummary)
                {
                    _files?.Write(_files.Root, "summary", kept.Text);
                }

                break;
            case Started started:
                if (started.Announce is { } announce)
                {
                    _view.Line(announce);
                }

                _samples.Add([]);
                _item = _view.Start($"[{started.Case.Label}]", started.Case.Duration.TotalSeconds);
                _folder = _files?.StartCase(started.Index, started.Case, started.Config);
                break;
            case Sampled { Progress: var p }:
                _samples[^1].Add(p);
                Log(p.ToString());
                _item?.Sample(p.Elapsed.TotalSeconds, p.ToString(), $"[{p.Case.Label}] {p.PerSecond.Switches} switches/s, {p.LiveMms} live mms, no violation yet");
                break;
            case Alarmed { Alarm: var alarm }:
                _view.Line(alarm.Line);
                Log(alarm.Line);
                break;
            case Ended ended:
                End(ended);
                break;
        }
    }

    private void End(Ended ended)
    {
        TortureResult result = ended.Result;
        if (ended.Placement is { } placement)
        {
            _view.Line($"placement: {placement}");
        }

        foreach (string line in result.FlightRecord)
        {
            _view.Line(line);
            Log(line);
        }

        if (ended.Reproduce is { } reproduce)
        {
            _view.Line(reproduce);
            if (_folder is not null)
            {
                _files!.Write(_folder, "reproduce", reproduce[(TortureReproduce.Tag.Length + 1)..]);
            }
        }

        if (_folder is not null)
        {
            _files!.Write(_folder, "summary", result.Summary);
        }

        string verdict = result.Success ? (result.Interrupted ? "stopped" : "done") : "failed";
        _item?.Finish(verdict);
        _view.Line($"[{result.Case.Label}] {verdict}");
    }

    private void Log(string line)
    {
        if (_folder is not null)
        {
            _files!.Write(_folder, "log", line);
        }
    }

    private abstract record Event;

    private sealed record Kept(string Text, bool ToSummary = false) : Event;

    private sealed record Started(int Index, TortureCase Case, string Config, string? Announce) : Event;

    private sealed record Sampled(TortureProgress Progress) : Event;

    private sealed record Alarmed(TortureAlarm Alarm) : Event;

    private sealed record Ended(TortureResult Result, string? Reproduce, string? Placement) : Event;
}
