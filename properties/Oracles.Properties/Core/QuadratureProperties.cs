using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Core.Functionals;
using Oracles.Properties.Arbitraries;

namespace Oracles.Properties.Core;

/// <summary>
/// The trapezoidal rule on T^d is exact for trigonometric polynomials of degree &lt; n on every axis:
/// Σ_j e^{2πi m j/n} = n·[m ≡ 0 mod n], and |m_a| ≤ n_a − 1 leaves only m = 0, so ∫ Re p = L^d·Re(mean p).
/// </summary>
public class QuadratureProperties
{
    [Property]
    public Property Trapezoidal_rule_is_exact_for_trig_polynomials_of_degree_below_n(QuadratureCase q)
    {
        var p = q.Polynomial;
        var grid = p.Grid;
        var actual = Quadrature.Integrate(grid, p.SampleReal());
        var expected = grid.Volume * p.Mean.Real;

        // Each sample is within 4·d·eps·Σ|c| of Re p(x_j) (one rounded phase per axis, one sin/cos, one product
        // per term); the compensated sum adds ≤ 2·eps·Σ_j|f_j|, and (L^d/N)·N·(…) gives L^d·(4d + 2)·eps·Σ|c|.
        // Doubled for the final scaling and the mean's own rounding.
        var tolerance = 2 * ((4 * grid.Dimension) + 2) * RoundOff.Eps * grid.Volume * p.AbsCoefficientSum;
        var defect = Math.Abs(actual - expected);
        return (defect <= tolerance)
            .Label($"{q}: |Σ f_j ΔV − L^d·mean| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(p.MaxAbsMode >= grid.Shape.Min() / 2, "modes at or above Nyquist")
            .Classify(p.Mean == System.Numerics.Complex.Zero, "mean zero")
            .Classify(true, $"d={grid.Dimension}");
    }

    [Property]
    public Property Mean_is_the_integral_over_the_volume(QuadratureCase q)
    {
        var p = q.Polynomial;
        var grid = p.Grid;
        var actual = Quadrature.Mean(grid, p.SampleReal());

        // As above, without the volume factor.
        var tolerance = 2 * ((4 * grid.Dimension) + 2) * RoundOff.Eps * p.AbsCoefficientSum;
        var defect = Math.Abs(actual - p.Mean.Real);
        return (defect <= tolerance)
            .Label($"{q}: |mean − exact| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, $"d={grid.Dimension}");
    }
}
