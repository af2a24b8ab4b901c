using System.Globalization;
using Oracles.Cli.Reporting;
using Oracles.Core;
using Oracles.Systems.PoissonBoltzmann;
using ScottPlot;

namespace Oracles.Cli.Plots;

/// <summary>
/// The PNG figures of <c>oracles check --plots DIR</c>:
/// <list type="bullet">
/// <item><c>drift.png</c> — relative energy and mass drift against t for every trajectory read (main, fluid,
/// refinements): the quantities behind the conservation oracles;</item>
/// <item><c>modulated-energy.png</c> — ℰ(t) of [BCY, eq. (1.6)] term by term against the Gronwall envelope of the
/// corrected [BCY, Thm 1.2] (<see cref="ModulatedEnergyFigure"/>), when a quantum SPB trajectory comes with its fluid;</item>
/// <item><c>observed-order.png</c> — max_t |E(t) − E(0)| against the step on log–log axes with the least-squares
/// slope, when <c>--refine</c> files are given.</item>
/// </list>
/// </summary>
internal static class CheckPlots
{
    /// <summary>Width of every figure in pixels.</summary>
    public const int Width = 900;

    /// <summary>Writes the figures that the inputs support.</summary>
    /// <param name="report">The check report (its inputs are plotted).</param>
    /// <param name="directory">The destination directory (created if missing).</param>
    /// <returns>The files written, and a note for each figure that could not be drawn.</returns>
    public static (IReadOnlyList<string> Files, IReadOnlyList<string> Notes) Write(CheckReport report, string directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        var notes = new List<string>();
        try
        {
            WriteCore(report, directory, files, notes);
        }
        catch (Exception e) when (e is PoissonBoltzmannNotConvergedException or InvalidDensityException)
        {
            // Only reachable for files without V: the figures then solve −εΔV = |ψ|² − e^V themselves. A failed solve
            // costs the remaining figures, never the verdict (the reports are already written).
            notes.Add($"the remaining figures need V, which the file lacks, and solving for it failed: {e.Message}");
        }

        return (files, notes);
    }

    private static void WriteCore(CheckReport report, string directory, List<string> files, List<string> notes)
    {
        var inputs = report.Inputs;
        var main = inputs.Files.Where(f => f.Role != "refinement").ToArray();
        var series = main.SelectMany(f => new[] { f.Quantum, f.Fluid }.OfType<Trajectory>().Select(t => (f.Path, Series: ConservedSeries.Of(t)))).ToList();
        var levels = new List<(string Path, Trajectory Trajectory, ConservedSeries Series)>();
        var primary = inputs.Context.Quantum ?? inputs.Context.Fluid!;
        levels.Add((inputs.Files[0].Path, primary, series[0].Series));
        foreach (var file in inputs.Files.Where(f => f.Role == "refinement"))
        {
            var t = (file.Quantum ?? file.Fluid)!;
            var s = ConservedSeries.Of(t);
            levels.Add((file.Path, t, s));
            series.Add((file.Path, s));
        }

        var drift = Path.Combine(directory, "drift.png");
        DriftFigure(series).SavePng(drift, Width, 720);
        files.Add(drift);

        if (inputs.Context.Quantum is { System: SystemIds.SchrodingerPoissonBoltzmann } q && inputs.Context.Fluid is { } fl)
        {
            var path = Path.Combine(directory, "modulated-energy.png");
            ModulatedEnergyFigure.Build(q, fl).SavePng(path, Width, 560);
            files.Add(path);
        }
        else
        {
            notes.Add("modulated-energy.png needs a quantum SPB trajectory with its fluid companion (fluid group or --fluid).");
        }

        if (levels.Count >= 2)
        {
            var path = Path.Combine(directory, "observed-order.png");
            OrderFigure(levels).SavePng(path, Width, 560);
            files.Add(path);
        }
        else
        {
            notes.Add("observed-order.png needs --refine files (the same problem at finer resolutions).");
        }
    }

    private static Multiplot DriftFigure(IReadOnlyList<(string Path, ConservedSeries Series)> series)
    {
        var figure = new Multiplot();
        figure.AddPlots(2);
        var energy = figure.GetPlot(0);
        var mass = figure.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var (path, s) = series[i];
            var colour = palette.GetColor(i);
            var e = energy.Add.ScatterLine(s.Times, s.RelativeEnergyDrift, colour);
            e.LegendText = $"{s.Label}, {Path.GetFileName(path)}";
            var m = mass.Add.ScatterLine(s.Times, s.RelativeMassDrift, colour);
            m.LegendText = $"{s.MassLabel}, {Path.GetFileName(path)}";
        }

        energy.Title("Energy drift (E(t) − E(0)) / |E(0)|");
        energy.YLabel("relative energy drift");
        energy.ShowLegend(Alignment.LowerLeft);
        PlotAxes.Scientific(energy);
        PlotAxes.Scientific(mass);
        mass.Title("Mass drift (M(t) − M(0)) / M(0)");
        mass.YLabel("relative mass drift");
        mass.XLabel("t");
        mass.ShowLegend(Alignment.LowerLeft);
        return figure;
    }

    private static Plot OrderFigure(IReadOnlyList<(string Path, Trajectory Trajectory, ConservedSeries Series)> levels)
    {
        // The step that changes between levels: Δt when it does, else Δx.
        var dts = levels.Select(l => CheckInputs.TimeStep(l.Trajectory)).ToArray();
        var useDt = dts.Distinct().Count() > 1;
        var h = useDt ? dts : levels.Select(l => l.Trajectory.Grid.MaxSpacing).ToArray();
        var residual = levels.Select(l => l.Series.MaxEnergyDrift).ToArray();
        var plot = new Plot();
        var valid = Enumerable.Range(0, h.Length).Where(i => h[i] > 0 && residual[i] > 0).ToArray();
        var x = valid.Select(i => Math.Log10(h[i])).ToArray();
        var y = valid.Select(i => Math.Log10(residual[i])).ToArray();
        var points = plot.Add.ScatterPoints(x, y);
        points.MarkerSize = 10;
        points.LegendText = "max_t |E(t) − E(0)| per level";
        for (var i = 0; i < x.Length; i++)
        {
            // Labels sit right of their point, except the right-most one, which sits to its left (inside the frame).
            var last = x[i] >= x.Max();
            var text = string.Create(CultureInfo.InvariantCulture, $"{h[valid[i]]:0.##e+00}: {residual[valid[i]]:0.##e+00}");
            var label = plot.Add.Text(last ? text + "   " : "   " + text, x[i], y[i]);
            label.LabelFontSize = 12;
            label.LabelAlignment = last ? Alignment.UpperRight : Alignment.UpperLeft;
        }
        var title = "Observed order of energy conservation";
        if (x.Length >= 2)
        {
            var (slope, intercept) = LeastSquares(x, y);
            var fx = new[] { x.Min(), x.Max() };
            var line = plot.Add.ScatterLine(fx, fx.Select(v => intercept + (slope * v)).ToArray());
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = string.Create(CultureInfo.InvariantCulture, $"least-squares slope {slope:0.00}");
            title += string.Create(CultureInfo.InvariantCulture, $": slope {slope:0.00}");
            var order = levels[0].Trajectory.Provenance.SchemeOrder;
            if (order is { } p && useDt)
            {
                title += $" (scheme order {p})";
            }
        }

        plot.Title(title);
        plot.XLabel(useDt ? "Δt (log scale)" : "Δx (log scale)");
        plot.YLabel("max_t |E(t) − E(0)| (log scale)");
        PlotAxes.LogX(plot);
        PlotAxes.LogY(plot);
        plot.Axes.Margins(0.1, 0.15);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot;
    }

    /// <summary>Least-squares line y = a + b·x.</summary>
    /// <param name="x">Abscissae.</param>
    /// <param name="y">Ordinates.</param>
    /// <returns>Slope b and intercept a.</returns>
    public static (double Slope, double Intercept) LeastSquares(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var mx = x.Average();
        var my = y.Average();
        var sxy = 0.0;
        var sxx = 0.0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        var slope = sxy / sxx;
        return (slope, my - (slope * mx));
    }
}
