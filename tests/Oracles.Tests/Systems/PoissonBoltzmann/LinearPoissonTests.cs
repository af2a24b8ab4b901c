using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Tests.Systems.PoissonBoltzmann;

/// <summary>The Schrödinger–Poisson field equation −εΔV = h − mean(h) [BCY, eq. (1.2)] against trigonometric closed forms.</summary>
public class LinearPoissonTests
{
    [Theory]
    [InlineData(1.0, 32, 0.1)]
    [InlineData(2.0, 31, 0.003)]
    public void Trigonometric_density_gives_the_closed_form_potential(double length, int n, double epsilon)
    {
        var grid = new PeriodicGrid([n, n], length);
        var k1 = 2 * Math.PI / length;
        var h = grid.Sample(x => 1 + Math.Cos(k1 * x[0]) + (0.5 * Math.Sin(k1 * (x[0] + (2 * x[1])))));
        var exact = grid.Sample(x => (Math.Cos(k1 * x[0]) / (epsilon * k1 * k1)) + (0.5 * Math.Sin(k1 * (x[0] + (2 * x[1]))) / (epsilon * 5 * k1 * k1)));
        var v = new double[grid.Count];
        LinearPoisson.SolveInto(new SpectralOperators(grid), epsilon, h, v);

        // Exact for resolved trigonometric polynomials: FFT round-off ~ 16·eps·log2(N)·max|V|.
        var scale = exact.Max(Math.Abs);
        Slopes.MaxAbsDifference(v, exact).ShouldBeLessThan(16 * 2.2e-16 * Math.Log2(grid.Count) * scale);
        Math.Abs(Quadrature.Mean(grid, v)).ShouldBeLessThan(1e-15 * scale);
    }

    [Fact]
    public void The_cached_multiplier_follows_epsilon_and_the_threaded_3D_path_is_exact()
    {
        // 64³ ≥ 2^16 points: threaded transforms and the threaded half-spectrum pass. One operator set, two ε.
        var grid = new PeriodicGrid([64, 64, 64], 2 * Math.PI);
        var ops = new SpectralOperators(grid);
        var h = grid.Sample(x => 1 + (Math.Cos(x[0]) * Math.Sin(2 * x[1])) + (0.25 * Math.Cos(3 * x[2])));
        foreach (var epsilon in new[] { 0.5, 0.02, 0.5 })
        {
            var exact = grid.Sample(x => ((Math.Cos(x[0]) * Math.Sin(2 * x[1]) / 5) + (0.25 * Math.Cos(3 * x[2]) / 9)) / epsilon);
            var v = new double[grid.Count];
            LinearPoisson.SolveInto(ops, epsilon, h, v);
            var scale = exact.Max(Math.Abs);
            Slopes.MaxAbsDifference(v, exact).ShouldBeLessThan(16 * 2.2e-16 * Math.Log2(grid.Count) * scale, $"epsilon {epsilon}");
        }
    }

    [Fact]
    public void Nearly_constant_density_is_accepted_and_aliasing_input_and_output_works()
    {
        var grid = PeriodicGrid.Line(16);
        var h = grid.Sample(x => 1 + (1e-13 * Math.Cos(2 * Math.PI * x[0])));
        LinearPoisson.SolveInto(new SpectralOperators(grid), 1.0, h, h);
        h.Max(Math.Abs).ShouldBeLessThan(1e-14); // 1e-13/(4π²) ≈ 2.5e-15
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var grid = PeriodicGrid.Line(8);
        var ops = new SpectralOperators(grid);
        Should.Throw<ArgumentOutOfRangeException>(() => LinearPoisson.SolveInto(ops, 0.0, new double[8], new double[8]));
        var h = new double[8];
        h[3] = double.NaN;
        Should.Throw<ArgumentException>(() => LinearPoisson.SolveInto(ops, 1.0, h, new double[8])).Message.ShouldContain("h[3]");
    }
}
