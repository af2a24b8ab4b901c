using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Oracles.Cli.Plots;

/// <summary>Axis helpers shared by the figures: scientific tick labels, and log scales drawn over log10 data.</summary>
internal static class PlotAxes
{
    /// <summary>Tick labels like <c>-1.5E-09</c> on the left axis (drifts of 1e-16 would otherwise all read "0").</summary>
    /// <param name="plot">The plot.</param>
    public static void Scientific(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            LabelFormatter = v => v == 0 ? "0" : v.ToString("0.##E+00", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The left axis shows log10 data as powers of ten with log-spaced minor ticks.</summary>
    /// <param name="plot">The plot.</param>
    public static void LogY(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Axes.Left.TickGenerator = Log();
    }

    /// <summary>The bottom axis shows log10 data as powers of ten with log-spaced minor ticks.</summary>
    /// <param name="plot">The plot.</param>
    public static void LogX(Plot plot)
    {
        ArgumentNullException.ThrowIfNull(plot);
        plot.Axes.Bottom.TickGenerator = Log();
    }

    private static NumericAutomatic Log() => new()
    {
        MinorTickGenerator = new LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => "1e" + v.ToString("0", CultureInfo.InvariantCulture),
    };
}
