using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Properties.Arbitraries;

namespace Oracles.Properties.Core;

/// <summary>
/// Spectral operators are exact (to round-off) on trigonometric polynomials whose modes are strictly below Nyquist:
/// the expected values come from the closed-form symbols (2πi m_a/L, −(2π/L)²|m|²) applied term by term by
/// <see cref="TrigPolynomial"/>, never from <see cref="SpectralOperators"/> itself.
/// </summary>
/// <remarks>
/// Tolerances: the samples carry a reference error ≤ 4·eps·Σ|c| each, and the FFT pair adds a relative error
/// <see cref="RoundOff.Fft"/>; an operator with symbol of size ≤ K over the whole grid band turns these into
/// ≤ 2·(Fft(N) + 4eps)·√N·K·Σ|c| in max norm (max ≤ ℓ² over N points). K is the largest symbol on the grid (not on the
/// polynomial), because round-off noise fills every mode.
/// </remarks>
public class SpectralOperatorProperties
{
    [Property]
    public Property Spectral_derivative_is_exact_on_real_trig_polynomials_below_Nyquist(BandLimitedField f, GridAxis axis)
    {
        var p = f.Polynomial;
        var grid = p.Grid;
        var a = axis.Index % grid.Dimension;
        var ops = new SpectralOperators(grid);
        var actual = new double[grid.Count];
        ops.Derivative(p.SampleReal(), a, actual);
        var expected = p.Derivative(a).SampleReal();

        var tolerance = Budget(grid, MaxWavenumber(grid), p.AbsCoefficientSum);
        var defect = RoundOff.MaxDistance(actual, expected);
        return (defect <= tolerance)
            .Label($"{f}, axis {a}: max|∂f − exact| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, $"d={grid.Dimension}")
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    [Property]
    public Property Spectral_derivative_is_exact_on_complex_trig_polynomials_below_Nyquist(BandLimitedField f, GridAxis axis)
    {
        var p = f.Polynomial;
        var grid = p.Grid;
        var a = axis.Index % grid.Dimension;
        var ops = new SpectralOperators(grid);
        var actual = p.Sample();
        ops.Derivative(actual, a, actual);
        var expected = p.Derivative(a).Sample();

        var tolerance = Budget(grid, MaxWavenumber(grid), p.AbsCoefficientSum);
        var defect = actual.Zip(expected, (x, y) => (x - y).Magnitude).Max();
        return (defect <= tolerance)
            .Label($"{f} (complex), axis {a}: max|∂ψ − exact| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    [Property]
    public Property Spectral_Laplacian_is_exact_and_equals_the_divergence_of_the_gradient(BandLimitedField f)
    {
        var p = f.Polynomial;
        var grid = p.Grid;
        var ops = new SpectralOperators(grid);
        var samples = p.SampleReal();
        var laplacian = new double[grid.Count];
        ops.Laplacian(samples, laplacian);
        var gradient = new double[grid.Dimension * grid.Count];
        ops.Gradient(samples, gradient);
        var divGrad = new double[grid.Count];
        ops.Divergence(gradient, divGrad);
        var expected = p.Laplacian().SampleReal();

        // Symbol size ≤ K² with K the largest |k| on the grid; div∘grad applies two first-order symbols (same bound).
        var k = MaxWavenumber(grid);
        var tolerance = 2 * Budget(grid, k * k, p.AbsCoefficientSum);
        var defect = RoundOff.MaxDistance(laplacian, expected);
        var defectDivGrad = RoundOff.MaxDistance(divGrad, expected);
        return (defect <= tolerance)
            .Label($"{f}: max|Δf − exact| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .And((defectDivGrad <= tolerance)
                .Label($"{f}: max|div grad f − exact Δf| = {RoundOff.F(defectDivGrad)} > {RoundOff.F(tolerance)}"))
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    [Property]
    public Property Inverse_Laplacian_after_Laplacian_is_the_identity_on_mean_zero_band_limited_data(BandLimitedField f)
    {
        var p = WithoutMean(f.Polynomial);
        var grid = p.Grid;
        var ops = new SpectralOperators(grid);
        var g = p.SampleReal();
        var laplacian = new double[grid.Count];
        ops.Laplacian(g, laplacian);
        var back = new double[grid.Count];
        ops.InverseLaplacian(laplacian, back);

        // Δ amplifies the round-off by K², Δ⁻¹ divides by the smallest nonzero |k|² = (2π/L)²: the round trip's
        // condition number is (K·L/2π)² = Σ_a (n_a/2)².
        var k = MaxWavenumber(grid);
        var kMin = 2 * Math.PI / grid.Length;
        var tolerance = 2 * Budget(grid, 1 + (k * k / (kMin * kMin)), p.AbsCoefficientSum);
        var defect = RoundOff.MaxDistance(back, g);
        return (defect <= tolerance)
            .Label($"{f} without its mean: max|Δ⁻¹Δg − g| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(p.Terms.Count == 0, "trivial (g = 0)")
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    [Property]
    public Property Inverse_Laplacian_of_mean_zero_band_limited_data_matches_the_closed_form(BandLimitedField f)
    {
        var p = WithoutMean(f.Polynomial);
        var grid = p.Grid;
        var ops = new SpectralOperators(grid);
        var actual = new double[grid.Count];
        ops.InverseLaplacian(p.SampleReal(), actual);
        var c = 2 * Math.PI / grid.Length;
        var expected = p.Map(m => -1.0 / (c * c * m.Sum(x => (double)x * x))).SampleReal();

        // Δ⁻¹ has symbol ≤ 1/(2π/L)²; the closed form's coefficients are bounded by Σ|c|/(2π/L)².
        var tolerance = 2 * Budget(grid, 1 / (c * c), p.AbsCoefficientSum);
        var defect = RoundOff.MaxDistance(actual, expected);
        return (defect <= tolerance)
            .Label($"{f} without its mean: max|Δ⁻¹f − exact| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    private static TrigPolynomial WithoutMean(TrigPolynomial p) =>
        new(p.Grid, p.Terms.Where(t => t.Mode.Any(m => m != 0)).ToArray());

    /// <summary>|k| of the corner of the grid band: (2π/L)·√(Σ_a (n_a/2)²).</summary>
    private static double MaxWavenumber(PeriodicGrid grid) =>
        2 * Math.PI / grid.Length * Math.Sqrt(grid.Shape.Sum(n => (n / 2.0) * (n / 2.0)));

    private static double Budget(PeriodicGrid grid, double symbol, double coefficientSum) =>
        2 * (RoundOff.Fft(grid.Count) + (4 * RoundOff.Eps)) * Math.Sqrt(grid.Count) * symbol * Math.Max(coefficientSum, 1e-300);
}
