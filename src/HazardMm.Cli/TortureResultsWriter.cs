using System.Globalization;
using System.Threading.Channels;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm torture --results DIR</c> (design.md#torture), as kvm.sh's <c>res/&lt;timestamp&gt;/&lt;scenario&gt;/</c>:
/// <c>DIR/&lt;timestamp&gt;/NN-scheme-arch/</c> per case with <c>config</c>, <c>log</c> (stats, !!! and ???
/// lines) and <c>summary</c> (the verdict line), and <c>DIR/&lt;timestamp&gt;/summary</c> with every verdict.
/// Lines travel through a <see cref="Channel{T}"/> to one writer task, so the torture monitor that
/// produces them never waits on the disk.
/// </summary>
public sealed class TortureResultsWriter : IDisposable
{
    private readonly Channel<(string File, string Line)> _lines =
        Channel.CreateUnbounded<(string File, string Line)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _writer;

    /// <summary>Creates <c>DIR/&lt;timestamp&gt;</c> (the folder was checked before the run) and starts the writer.</summary>
    public TortureResultsWriter(string dir, DateTime now)
    {
        Root = Path.Combine(dir, now.ToString("yyyy.MM.dd-HH.mm.ss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Root);
        _writer = Task.Run(WriteAll);
    }

    /// <summary>The run's folder, <c>DIR/&lt;timestamp&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>Creates the case's folder and queues its config; returns the folder.</summary>
    public string StartCase(int index, TortureCase c, string config)
    {
        string folder = Path.Combine(Root, $"{index:D2}-{c.Scheme}-{c.Arch.Name}");
        Directory.CreateDirectory(folder);
        Write(folder, "config", config);
        return folder;
    }

    /// <summary>Queues <paramref name="line"/> for <paramref name="file"/> in <paramref name="folder"/>; never blocks.</summary>
    public void Write(string folder, string file, string line) => _lines.Writer.TryWrite((Path.Combine(folder, file), line));

    /// <summary>Writes everything queued, then stops the writer.</summary>
    public void Dispose()
    {
        _lines.Writer.TryComplete();
        _writer.GetAwaiter().GetResult();
    }

    private async Task WriteAll()
    {
        await foreach ((string file, string line) in _lines.Reader.ReadAllAsync())
        {
            await File.AppendAllTextAsync(file, line + "\n");
        }
    }
}
