using System.Globalization;
using HazardMm.Torture;

namespace HazardMm.Cli;

/// <summary>
/// <c>hazardmm torture --results DIR</c> (design.md#torture), as kvm.sh's <c>res/&lt;timestamp&gt;/&lt;scenario&gt;/</c>:
/// <c>DIR/&lt;timestamp&gt;/NN-scheme-arch/</c> per case with <c>config</c>, <c>log</c> (stats, !!!, ??? and
/// flight recorder lines), <c>summary</c> (the verdict line) and, for a failed case, <c>reproduce</c>
/// (its reproduce command), and <c>DIR/&lt;timestamp&gt;/summary</c> with every verdict and the total.
/// Written only by <see cref="TortureOutput"/>'s writer task, never by a thread that runs a case.
/// </summary>
public sealed class TortureResultsWriter
{
    /// <summary>Creates <c>DIR/&lt;timestamp&gt;</c> (the folder was checked before the run).</summary>
    public TortureResultsWriter(string dir, DateTime now)
    {
        Root = Path.Combine(dir, now.ToString("yyyy.MM.dd-HH.mm.ss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Root);
    }

    /// <summary>The run's folder, <c>DIR/&lt;timestamp&gt;</c>.</summary>
    public string Root { get; }

    /// <summary>Creates the case's folder and writes its config; returns the folder.</summary>
    public string StartCase(int index, TortureCase c, string config)
    {
        string folder = Path.Combine(Root, $"{index:D2}-{c.Scheme}-{c.Arch.Name}");
        Directory.CreateDirectory(folder);
        Write(folder, "config", config);
        return folder;
    }

    /// <summary>Appends <paramref name="line"/> to <paramref name="file"/> in <paramref name="folder"/>.</summary>
    public void Write(string folder, string file, string line) => File.AppendAllText(Path.Combine(folder, file), line + "\n");
}
