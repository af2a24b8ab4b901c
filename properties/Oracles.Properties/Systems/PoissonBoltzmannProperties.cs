using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Properties.Arbitraries;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Properties.Systems;

/// <summary>
/// The Poisson–Boltzmann solver on random smooth densities: its residual, recomputed here with Core's spectral
/// Laplacian (not the solver's own <c>Residual</c>), meets the 1e-12 relative tolerance; the solution carries the
/// mass of h [BCY, Remark 2.5]; and ‖e^V‖₂ ≤ ‖h‖₂ [BCY, Lemma 5.5] for ε ∈ {1, 0.1, 0.01}.
/// </summary>
/// <remarks>
/// <para>Residual round-off floor (used by all three properties): evaluating r = −εΔV − h + e^V in floating point
/// costs ≈ eps·√(log₂N + 1)·(ε·K²·‖V‖₂ + ‖e^V‖₂ + ‖h‖₂), K² the largest |k|² on the grid — the FFT error of V is
/// amplified by εK². Neither the solver nor this check can resolve a residual below it, so the claim checked is
/// ‖r‖₂/‖h‖₂ ≤ 1e-12 + 2·floor/‖h‖₂ (one floor for the solver's evaluation, one for ours). Cases where the floor exceeds
/// 1e-12 (ε = 1 on the finer grids) are classified as "round-off limited".</para>
/// <para>Solver runs are the expensive part: 40 cases per property (STYLE §6: lower MaxTest on solver runs).</para>
/// </remarks>
public class PoissonBoltzmannProperties
{
    private const double Tolerance = 1e-12; // PoissonBoltzmannOptions.RelativeTolerance default, the contract's claim.

    [Property(MaxTest = 40)]
    public Property Solution_residual_is_below_1e_minus_12_relative(PoissonBoltzmannCase c)
    {
        var s = Solve(c.Density.Grid, c.H, c.Epsilon);
        var claim = Tolerance + (2 * s.Floor / s.HNorm);
        var relative = s.ResidualNorm / s.HNorm;
        return (relative <= claim)
            .Label($"{c}: ‖r‖/‖h‖ = {RoundOff.F(relative)} > {RoundOff.F(claim)} (floor {RoundOff.F(s.Floor / s.HNorm)}; solver said {RoundOff.F(s.Report.RelativeResidual)})")
            .Classify(s.Floor / s.HNorm > Tolerance, "round-off limited")
            .Classify(true, $"ε={c.Epsilon}")
            .Classify(true, $"d={c.Density.Grid.Dimension}");
    }

    [Property(MaxTest = 40)]
    public Property Mass_of_e_to_the_V_equals_the_mass_of_h_Remark_2_5(PoissonBoltzmannCase c)
    {
        var grid = c.Density.Grid;
        var h = c.H;
        var s = Solve(grid, h, c.Epsilon);
        var massH = Quadrature.Integrate(grid, h);
        var massEv = Quadrature.Integrate(grid, s.Ev);

        // Integrating r = −εΔV − h + e^V: ∫e^V − ∫h = ∫r + ε∫ΔV. |∫r| ≤ ‖r‖_L² (Cauchy–Schwarz, |T^d| = 1);
        // ∫ΔV is the zero mode of an FFT-computed Laplacian, 0 up to Fft(N)·‖ΔV‖_L²; the two compensated sums
        // add ≤ 4·eps·(∫e^V + ∫h).
        var l2 = Math.Sqrt(grid.CellVolume);
        var tolerance = (l2 * s.ResidualNorm) + (RoundOff.Fft(grid.Count) * c.Epsilon * l2 * s.LaplacianNorm) + (4 * RoundOff.Eps * (massEv + massH));
        var defect = Math.Abs(massEv - massH);
        var reported = Math.Abs(s.Report.MassDefect - (massEv - massH));
        return (defect <= tolerance)
            .Label($"{c}: |∫e^V − ∫h| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .And((reported <= 4 * RoundOff.Eps * (massEv + massH))
                .Label($"{c}: report.MassDefect = {RoundOff.F(s.Report.MassDefect)} but ∫e^V − ∫h = {RoundOff.F(massEv - massH)}"))
            .Classify(c.Mass == 1.0, "unit mass (the remark's case)")
            .Classify(true, $"ε={c.Epsilon}");
    }

    [Property(MaxTest = 25)]
    public Property Lemma_5_5_the_L2_norm_of_e_to_the_V_is_at_most_that_of_h(ProbabilityDensity rho)
    {
        var grid = rho.Grid;
        var ops = new SpectralOperators(grid);
        var property = Prop.ToProperty(true);
        foreach (var epsilon in DensityArbitraries.Epsilons)
        {
            var s = Solve(grid, rho.Values, epsilon);
            var l2 = Math.Sqrt(grid.CellVolume);
            var hNorm = l2 * s.HNorm;
            var evNorm = l2 * RoundOff.Norm(s.Ev);

            // Discrete proof of the lemma: ‖e^V‖² = ⟨h, e^V⟩ + ⟨r, e^V⟩ + ε⟨ΔV, e^V⟩ and ⟨ΔV, e^V⟩ = −∫e^V|∇V|² ≤ 0
            // for the trigonometric interpolant, up to the aliasing error of e^V, ≤ 2·‖ΔV‖·(tail of e^V). The tail
            // beyond n/2 is estimated by the measured tail beyond the 2/3 band (TailFraction·‖e^V‖), an upper
            // estimate for decaying spectra. Hence ‖e^V‖ ≤ ‖h‖ + ‖r‖ + 2ε‖ΔV‖·TailFraction(e^V), plus a few eps·‖h‖
            // for the norms themselves.
            var tail = ops.TailFraction(s.Ev);
            var tolerance = (l2 * s.ResidualNorm) + (2 * epsilon * l2 * s.LaplacianNorm * tail) + (8 * RoundOff.Eps * hNorm);
            var excess = evNorm - hNorm;
            property = property.And((excess <= tolerance)
                .Label($"{rho}, ε = {epsilon}: ‖e^V‖₂ = {RoundOff.F(evNorm)} > ‖h‖₂ = {RoundOff.F(hNorm)} + {RoundOff.F(tolerance)} (tail {RoundOff.F(tail)})"));
        }

        return property
            .Classify(rho.Amplitude < 0.05, "nearly uniform h (equality limit)")
            .Classify(true, $"d={grid.Dimension}");
    }

    private static Solution Solve(PeriodicGrid grid, double[] h, double epsilon)
    {
        var solver = new PoissonBoltzmannSolver(grid, epsilon);
        var v = new double[grid.Count];
        var report = solver.SolveInto(h, v);

        // Independent residual: Core's Laplacian, not PoissonBoltzmannSolver.Residual.
        var ops = new SpectralOperators(grid);
        var laplacian = new double[grid.Count];
        ops.Laplacian(v, laplacian);
        var ev = v.Select(Math.Exp).ToArray();
        var r = new double[grid.Count];
        for (var j = 0; j < r.Length; j++)
        {
            r[j] = (-epsilon * laplacian[j]) - h[j] + ev[j];
        }

        var k2 = Math.Pow(2 * Math.PI / grid.Length, 2) * grid.Shape.Sum(n => (n / 2.0) * (n / 2.0));
        var hNorm = RoundOff.Norm(h);
        var floor = RoundOff.Eps * Math.Sqrt(Math.Log2(grid.Count) + 1) * ((epsilon * k2 * RoundOff.Norm(v)) + RoundOff.Norm(ev) + hNorm);
        return new Solution(report, ev, RoundOff.Norm(r), RoundOff.Norm(laplacian), hNorm, floor);
    }

    /// <summary>A solve and the numbers the properties need (norms are plain Euclidean; multiply by √ΔV for L²).</summary>
    private sealed record Solution(PoissonBoltzmannReport Report, double[] Ev, double ResidualNorm, double LaplacianNorm, double HNorm, double Floor);
}
