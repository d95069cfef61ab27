using System.Globalization;
using System.Text;

namespace HazardMm.Cli.Perf;

/// <summary>Rows of cells under a header: printed aligned for people, written as CSV for tools.</summary>
public sealed class Table(params string[] header)
{
    private readonly List<string[]> _rows = [];

    public int Count => _rows.Count;

    public void Add(params object[] cells)
    {
        if (cells.Length != header.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells under {header.Length} columns", nameof(cells));
        }

        _rows.Add([.. cells.Select(Cell)]);
    }

    /// <summary>Columns padded to their widest cell, two spaces apart.</summary>
    public IEnumerable<string> Format()
    {
        int[] widths = [.. header.Select((h, i) => _rows.Select(r => r[i].Length).Prepend(h.Length).Max())];
        yield return Join(header, widths);
        yield return string.Join("  ", widths.Select(w => new string('-', w)));
        foreach (string[] row in _rows)
        {
            yield return Join(row, widths);
        }
    }

    /// <summary>RFC 4180: a cell with a comma, quote or line break is quoted.</summary>
    public void WriteCsv(string path)
    {
        var text = new StringBuilder();
        foreach (string[] row in _rows.Prepend(header.ToArray()))
        {
            text.AppendJoin(',', row.Select(Quote)).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static string Join(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i]))).TrimEnd();

    private static string Cell(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
