using ScottPlot;

namespace HazardMm.Cli.Perf;

/// <summary>
/// The perf commands' PNGs (ScottPlot): lines of a value against CPUs or another x, one per series,
/// and bars of one value per label. Every plot has a title naming the host, labelled axes with units
/// and a legend, or for bars their names on the axis.
/// </summary>
public static class Plots
{
    private const int Width = 900;
    private const int Height = 560;

    /// <summary>One line per series, markers on the measured points; series of one <c>Group</c> share a colour.</summary>
    public static void Lines(
        string path, string title, string xLabel, string yLabel, IEnumerable<(string Name, double[] X, double[] Y, bool Dashed, int Group)> series, bool logX = false, bool logY = false)
    {
        var plot = new Plot();
        foreach ((string name, double[] allX, double[] allY, bool dashed, int group) in series)
        {
            // A log axis cannot show zero (a point with no freed mm): such points are left out.
            int[] kept = [.. Enumerable.Range(0, allX.Length).Where(i => double.IsFinite(allY[i]) && (!logY || allY[i] > 0))];
            double[] x = [.. kept.Select(i => logX ? Math.Log2(allX[i]) : allX[i])];
            double[] y = [.. kept.Select(i => logY ? Math.Log10(allY[i]) : allY[i])];
            ScottPlot.Plottables.Scatter line = plot.Add.Scatter(x, y, plot.Add.Palette.GetColor(group));
            line.LegendText = name;
            line.LineWidth = 2;
            line.MarkerSize = 7;
            if (dashed)
            {
                line.LinePattern = LinePattern.Dashed;
            }
        }

        if (logX)
        {
            double[] ticks = [.. series.SelectMany(s => s.X).Distinct().Order()];
            plot.Axes.Bottom.SetTicks([.. ticks.Select(Math.Log2)], [.. ticks.Select(t => t.ToString("0", System.Globalization.CultureInfo.InvariantCulture))]);
        }

        if (logY)
        {
            LogLeftAxis(plot);
        }

        Save(plot, path, title, xLabel, yLabel);
    }

    /// <summary>One bar per label on a log scale from 1 (values under 1 show as 1), each bar labelled with its value.</summary>
    public static void LogBars(string path, string title, string yLabel, IReadOnlyList<(string Label, double Value)> bars)
    {
        var plot = new Plot();
        for (int i = 0; i < bars.Count; i++)
        {
            ScottPlot.Plottables.BarPlot bar = plot.Add.Bar(position: i, value: Math.Log10(Math.Max(1, bars[i].Value)));
            bar.Color = plot.Add.Palette.GetColor(i);
            bar.Bars[0].Label = bars[i].Value.ToString("#,0.#", System.Globalization.CultureInfo.InvariantCulture);
        }

        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, bars.Count).Select(i => (double)i)], [.. bars.Select(b => b.Label)]);
        plot.Axes.Margins(bottom: 0);
        LogLeftAxis(plot);
        Save(plot, path, title, string.Empty, yLabel, legend: false);
    }

    /// <summary>ScottPlot's log axis: the data are log10 values, the labels show 10^y.</summary>
    private static void LogLeftAxis(Plot plot) =>
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture),
        };

    /// <summary>Title, axis labels and the legend (bars name themselves on the axis), then the PNG.</summary>
    private static void Save(Plot plot, string path, string title, string xLabel, string yLabel, bool legend = true)
    {
        plot.Title(title, size: 15);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        if (legend)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        plot.SavePng(path, Width, Height);
    }
}
