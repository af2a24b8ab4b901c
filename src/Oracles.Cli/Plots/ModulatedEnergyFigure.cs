using System.Globalization;
using Oracles.Core;
using Oracles.Systems.PoissonBoltzmann;
using Oracles.Systems.SchrodingerPoissonBoltzmann;
using ScottPlot;

namespace Oracles.Cli.Plots;

/// <summary>
/// The modulated energy ℰ(t) = 𝒦 + 𝒱 + ∫(m log(m/ρ) − m + ρ) of [BCY, eq. (1.6)] along a quantum SPB run and its fluid
/// companion, term by term, against the Gronwall envelope of the corrected [BCY, Thm 1.2]
/// (catalogue §I.1 item 1, errata-audit F11): ℰ(t) ≤ e^{Ct}(ℰ(0) + √ε + ħ²) (the form the Gronwall oracles fit).
/// </summary>
/// <remarks>
/// <para>The theorem leaves C unspecified (it depends on norms of the fluid solution). The envelope is drawn with
/// Ĉ, the smallest C ≥ 0 for which the inequality holds at every sample — the per-run constant the Gronwall oracles fit
/// and compare along an ε ladder — so the figure shows how much growth the data need, not a verdict: the oracles give the
/// verdicts (they need a family of runs).</para>
/// <para>Plotted on a log scale (log10), because ℰ(0) is O(ħ²) for well-prepared data while the envelope starts at
/// ℰ(0) + √ε.</para>
/// </remarks>
internal static class ModulatedEnergyFigure
{
    /// <summary>Builds the figure.</summary>
    /// <param name="quantum">The SPB trajectory (ψ, and V or ε to solve for it).</param>
    /// <param name="fluid">The isothermal Euler trajectory on the same grid and times.</param>
    /// <returns>The plot.</returns>
    public static Plot Build(Trajectory quantum, Trajectory fluid)
    {
        ArgumentNullException.ThrowIfNull(quantum);
        ArgumentNullException.ThrowIfNull(fluid);
        var (times, kinetic, field, entropy) = Terms(quantum, fluid);
        var total = times.Select((_, n) => kinetic[n] + field[n] + entropy[n]).ToArray();
        var p = quantum.Parameters;
        var floor = total[0] + Math.Sqrt(p.Epsilon) + (p.Hbar * p.Hbar);
        var c = SmallestConstant(times, total, floor);
        var envelope = times.Select(t => Math.Exp(c * (t - times[0])) * floor).ToArray();

        var plot = new Plot();
        Add(plot, times, total, "E(t) = K + V + entropy", 2.5f, LinePattern.Solid);
        Add(plot, times, kinetic, "K = ½∫|(iħ∇+u)ψ|²", 1.2f, LinePattern.Dotted);
        Add(plot, times, field, "V = (ε/2)∫|∇V|²", 1.2f, LinePattern.Dotted);
        Add(plot, times, entropy, "entropy ∫(m log(m/ρ) − m + ρ), m = e^V", 1.2f, LinePattern.Dotted);
        Add(plot, times, envelope, string.Create(CultureInfo.InvariantCulture, $"bound e^(Ct)(E(0) + √ε + ħ²), smallest C = {c:0.###}"), 2f, LinePattern.Dashed);
        plot.Title(string.Create(CultureInfo.InvariantCulture, $"Modulated energy vs the corrected Gronwall bound (BCY Thm 1.2 + F11), ε = {p.Epsilon:R}, ħ = {p.Hbar:R}"));
        plot.XLabel("t");
        plot.YLabel("modulated energy E (log scale)");
        PlotAxes.LogY(plot);

        // The entropy term of Lemma 4.1 data starts at round-off (m = ρ exactly): show 3 decades below min E, not 30.
        var low = Math.Floor(Math.Log10(total.Where(e => e > 0).DefaultIfEmpty(1e-16).Min()) - 3);
        var high = Math.Ceiling(Math.Log10(Math.Max(envelope.Max(), total.Max())) + 0.3);
        plot.Axes.SetLimitsY(low, high);
        plot.ShowLegend(Alignment.LowerRight);
        return plot;
    }

    /// <summary>
    /// The smallest C ≥ 0 with total(t) ≤ e^{C(t − t₀)}·floor at every sample: C = max(0, max_n log(ℰ(t_n)/floor)/(t_n − t₀)),
    /// the constant the Gronwall oracles fit per run (BCY.T1.2.gronwall; <c>GronwallBoundOracle</c> in the catalogue).
    /// </summary>
    /// <param name="times">Sample times.</param>
    /// <param name="total">ℰ at each sample.</param>
    /// <param name="floor">ℰ(0) + √ε + ħ² (&gt; 0).</param>
    /// <returns>Ĉ.</returns>
    public static double SmallestConstant(IReadOnlyList<double> times, IReadOnlyList<double> total, double floor)
    {
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(total);
        var c = 0.0;
        for (var n = 1; n < times.Count; n++)
        {
            if (total[n] > floor)
            {
                c = Math.Max(c, Math.Log(total[n] / floor) / (times[n] - times[0]));
            }
        }

        return c;
    }

    private static (double[] Times, double[] Kinetic, double[] Field, double[] Entropy) Terms(Trajectory q, Trajectory f)
    {
        var functionals = new SpbFunctionals(q.Grid);
        var times = q.Times.ToArray();
        var kinetic = new double[q.Count];
        var field = new double[q.Count];
        var entropy = new double[q.Count];
        var v = new double[q.Grid.Count];
        var density = new double[q.Grid.Count];
        var zero = new double[q.Grid.Dimension * q.Grid.Count];
        var pb = q.HasPotential ? null : new PoissonBoltzmannSolver(q.Grid, q.Parameters.Epsilon);
        for (var n = 0; n < q.Count; n++)
        {
            var psi = q.Psi(n);
            if (pb is not null)
            {
                functionals.Density(psi, density);
                pb.SolveInto(density, v);
            }

            var e = functionals.ModulatedEnergy(q.Parameters, psi, q.HasPotential ? q.Potential(n) : v, f.Density(n), f.HasVelocity ? f.Velocity(n) : zero);
            (kinetic[n], field[n], entropy[n]) = (e.Kinetic, e.Field, e.Entropy);
        }

        return (times, kinetic, field, entropy);
    }

    private static void Add(Plot plot, double[] times, double[] values, string label, float width, LinePattern pattern)
    {
        // log10 of a non-positive value is undefined: those samples are left out of the line.
        var keep = Enumerable.Range(0, times.Length).Where(i => values[i] > 0).ToArray();
        if (keep.Length == 0)
        {
            return;
        }

        var line = plot.Add.ScatterLine(keep.Select(i => times[i]).ToArray(), keep.Select(i => Math.Log10(values[i])).ToArray());
        line.LegendText = label;
        line.LineWidth = width;
        line.LinePattern = pattern;
    }
}
