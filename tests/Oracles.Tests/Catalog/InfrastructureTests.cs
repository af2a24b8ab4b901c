using Oracles.Catalog.Infrastructure;

namespace Oracles.Tests.Catalog;

public class InfrastructureTests
{
    [Fact]
    public void Richardson_derivative_is_exact_for_quartic_polynomials_and_estimates_the_central_difference_error()
    {
        // f = t⁴: D = (4D_h − D_2h)/3 is exact for degree ≤ 4; the error estimate is h²f‴/6 (exact here, f⁽⁵⁾ = 0), f‴ = 24t.
        static double F(double t) => t * t * t * t;
        var (t0, h) = (0.7, 1e-2);
        TimeStencil.First(F(t0 - (2 * h)), F(t0 - h), F(t0 + h), F(t0 + (2 * h)), h).ShouldBe(4 * t0 * t0 * t0, tolerance: 1e-12);
        var error = TimeStencil.Error(F(t0 - (2 * h)), F(t0 - h), F(t0 + h), F(t0 + (2 * h)), h);
        var centralError = ((F(t0 + h) - F(t0 - h)) / (2 * h)) - (4 * t0 * t0 * t0);
        error.ShouldBe(centralError, tolerance: 1e-10);
        TimeStencil.Higher(3, F(t0 - (2 * h)), F(t0 - h), F(t0), F(t0 + h), F(t0 + (2 * h)), h).ShouldBe(24 * t0, tolerance: 1e-6);
        TimeStencil.Higher(4, F(t0 - (2 * h)), F(t0 - h), F(t0), F(t0 + h), F(t0 + (2 * h)), h).ShouldBe(24, tolerance: 1e-4);
    }

    [Fact]
    public void Stencil_centres_skip_non_uniform_spacing()
    {
        double[] t = [0, 1, 2, 3, 4, 5, 5.5];
        TimeStencil.Centres(t).ShouldBe([2, 3]);
    }

    [Fact]
    public void Observed_order_of_a_power_law_is_its_exponent()
    {
        ObservedOrder.Slope([1, 0.5, 0.25], [3, 0.75, 0.1875]).ShouldBe(2, tolerance: 1e-12);
    }

    [Theory]
    [InlineData(new double[] { 2, 1, 0, 1, 2, 0, 0, 0, 3 }, 3.0)]           // block diag(2x2 with eigen 3, 1; 3) → 3
    [InlineData(new double[] { 1, 2, 0, 2, 1, 0, 0, 0, -4 }, 4.0)]          // eigenvalues 3, −1, −4
    [InlineData(new double[] { 4, 1, 2, 1, 3, 0.5, 2, 0.5, 5 }, 6.8312544)]  // largest eigenvalue 6.83125443 (power iteration)
    public void Symmetric_spectral_radius_matches_known_eigenvalues(double[] matrix, double expected)
    {
        FieldWorkspace.SymmetricSpectralRadius(matrix.ToArray(), 3).ShouldBe(expected, tolerance: 1e-4);
    }
}
