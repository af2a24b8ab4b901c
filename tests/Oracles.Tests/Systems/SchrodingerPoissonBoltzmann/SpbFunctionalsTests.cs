using System.Numerics;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.PoissonBoltzmann;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Tests.Systems.SchrodingerPoissonBoltzmann;

/// <summary>
/// SPB functionals against closed forms: plane waves, WKB states ψ = a e^{iS/ħ} (catalogue R4, with BCY's ½),
/// 𝓕 = ℰ at ρ ≡ 1, u ≡ 0 (BCY.E2.4 / BCY.S1.F-from-E), relative entropy (BCY.R2.8).
/// Expected values come from formulas evaluated in the test (trapezoidal rule on analytic integrands, which is
/// spectrally accurate for smooth periodic functions), never from the functional under test.
/// </summary>
public class SpbFunctionalsTests
{
    private const double Eps = 2.220446049250313e-16;

    [Theory]
    [InlineData(new[] { 32 }, 1.0, new[] { 3 })]
    [InlineData(new[] { 15, 16 }, 2.0, new[] { -2, 5 })]
    [InlineData(new[] { 8, 9, 10 }, 1.0, new[] { 1, -3, 2 })]
    public void Plane_wave_has_closed_form_mass_current_and_kinetic_energies(int[] shape, double length, int[] m)
    {
        var grid = new PeriodicGrid(shape, length);
        var f = new SpbFunctionals(grid);
        const double hbar = 0.3;
        var k = m.Select(mi => 2 * Math.PI * mi / length).ToArray();
        var psi = PlaneWave(grid, k);
        var k2 = k.Sum(x => x * x);
        var vol = grid.Volume;

        // Round-off: compensated sums, FFT error ~eps·log2 N relative; 64·eps·scale covers both.
        f.Mass(psi).ShouldBe(vol, 64 * Eps * vol);
        f.KineticEnergy(hbar, psi).ShouldBe(0.5 * hbar * hbar * k2 * vol, 64 * Eps * hbar * hbar * k2 * vol);

        var j = new double[grid.Dimension * grid.Count];
        f.Current(hbar, psi, j);
        for (var a = 0; a < grid.Dimension; a++)
        {
            j.AsSpan(a * grid.Count, grid.Count).ToArray().ShouldAllBe(x => Math.Abs(x - (hbar * k[a])) < 64 * Eps * hbar * Math.Sqrt(k2));
        }

        // (iħ∇ + c)e^{ik·x} = (c − ħk)e^{ik·x}: 𝒦 = ½|c − ħk|²·vol for a constant velocity c.
        var c = Enumerable.Range(0, grid.Dimension).Select(a => 0.7 - (0.4 * a)).ToArray();
        var u = new double[grid.Dimension * grid.Count];
        var expected = 0.0;
        for (var a = 0; a < grid.Dimension; a++)
        {
            u.AsSpan(a * grid.Count, grid.Count).Fill(c[a]);
            expected += (c[a] - (hbar * k[a])) * (c[a] - (hbar * k[a]));
        }

        expected *= 0.5 * vol;
        f.ModulatedKineticEnergy(hbar, psi, u).ShouldBe(expected, 64 * Eps * (expected + (hbar * hbar * k2 * vol)));
    }

    [Fact]
    public void Wkb_state_has_the_closed_form_modulated_kinetic_energy_and_current()
    {
        // ψ = a e^{iS/ħ}, a² = 1 + 0.3cos2πx, S = −0.5cos(2πx)/(2π) (S' = 0.5 sin2πx), u = 0.1 + 0.2 sin4πx.
        // R4 (halved per BCY): 𝒦 = ½ħ²‖a'‖² + ½∫a²|S' − u|²;  J = a²S'.
        const double hbar = 0.05;
        var grid = PeriodicGrid.Line(128);
        var f = new SpbFunctionals(grid);
        var psi = Sample(grid, x => Complex.FromPolarCoordinates(Math.Sqrt(A2(x)), -0.5 * Math.Cos(2 * Math.PI * x) / (2 * Math.PI) / hbar));
        var u = grid.Sample(x => Velocity(x[0]));

        var fine = PeriodicGrid.Line(4096);
        var aPrime2 = fine.Sample(x => Math.Pow(0.3 * Math.PI * Math.Sin(2 * Math.PI * x[0]), 2) / A2(x[0]));
        var slip = fine.Sample(x => A2(x[0]) * Math.Pow(SPrime(x[0]) - Velocity(x[0]), 2));
        var expected = (0.5 * hbar * hbar * Quadrature.Integrate(fine, aPrime2)) + (0.5 * Quadrature.Integrate(fine, slip));

        // Spectral accuracy: the Fourier tails of a and e^{iS/ħ} at |m| = 64 are below 1e-30; round-off 1e-14.
        f.ModulatedKineticEnergy(hbar, psi, u).ShouldBe(expected, 1e-13 * expected);

        var j = new double[grid.Count];
        f.Current(hbar, psi, j);
        var jExact = grid.Sample(x => A2(x[0]) * SPrime(x[0]));
        Slopes.MaxAbsDifference(j, jExact).ShouldBeLessThan(1e-13);

        static double A2(double x) => 1 + (0.3 * Math.Cos(2 * Math.PI * x));
        static double SPrime(double x) => 0.5 * Math.Sin(2 * Math.PI * x);
        static double Velocity(double x) => 0.1 + (0.2 * Math.Sin(4 * Math.PI * x));
    }

    [Fact]
    public void Wkb_state_in_two_dimensions_with_u_equal_to_grad_S_leaves_only_the_quantum_pressure()
    {
        // u = ∇S ⇒ 𝒦 = ½ħ²‖∇a‖² (BCY.E4.2 corrected), a² = 1 + 0.2cos2πx·cos2πy.
        const double hbar = 0.1;
        var grid = PeriodicGrid.Square(48);
        var f = new SpbFunctionals(grid);
        var psi = new Complex[grid.Count];
        var u = new double[2 * grid.Count];
        var s = grid.Sample(x => (0.2 * Math.Sin(2 * Math.PI * x[0])) + (0.1 * Math.Cos(2 * Math.PI * (x[0] - x[1]))));
        var a2 = grid.Sample(x => 1 + (0.2 * Math.Cos(2 * Math.PI * x[0]) * Math.Cos(2 * Math.PI * x[1])));
        var gx = grid.Sample(x => (0.4 * Math.PI * Math.Cos(2 * Math.PI * x[0])) - (0.2 * Math.PI * Math.Sin(2 * Math.PI * (x[0] - x[1]))));
        var gy = grid.Sample(x => 0.2 * Math.PI * Math.Sin(2 * Math.PI * (x[0] - x[1])));
        for (var i = 0; i < grid.Count; i++)
        {
            psi[i] = Complex.FromPolarCoordinates(Math.Sqrt(a2[i]), s[i] / hbar);
            u[i] = gx[i];
            u[grid.Count + i] = gy[i];
        }

        // |∇a|² = |∇a²|²/(4a²), ∇a² = −0.4π(sin2πx cos2πy, cos2πx sin2πy).
        var fine = PeriodicGrid.Square(256);
        var grad = fine.Sample(x =>
        {
            var ax = -0.4 * Math.PI * Math.Sin(2 * Math.PI * x[0]) * Math.Cos(2 * Math.PI * x[1]);
            var ay = -0.4 * Math.PI * Math.Cos(2 * Math.PI * x[0]) * Math.Sin(2 * Math.PI * x[1]);
            return ((ax * ax) + (ay * ay)) / (4 * (1 + (0.2 * Math.Cos(2 * Math.PI * x[0]) * Math.Cos(2 * Math.PI * x[1]))));
        });
        var expected = 0.5 * hbar * hbar * Quadrature.Integrate(fine, grad);
        f.ModulatedKineticEnergy(hbar, psi, u).ShouldBe(expected, 1e-11 * expected);
    }

    [Fact]
    public void Total_energy_equals_modulated_energy_at_unit_density_and_zero_velocity()
    {
        // BCY.E2.4: 𝓕 = ℰ(ρ ≡ 1, u ≡ 0) because ∫e^V = 1 (Remark 2.5) and m log m = V e^V. The difference is
        // ∫e^V − 1 = the PB mass defect, plus the Nyquist content of ψ (Parseval vs derivative), here < 1e-20.
        var grid = PeriodicGrid.Square(32);
        var p = new PhysicalParameters(0.2, 0.05);
        var f = new SpbFunctionals(grid);
        var psi = Sample2(grid, x => Complex.FromPolarCoordinates(
            Math.Sqrt(1 + (0.4 * Math.Cos(2 * Math.PI * x[0]) * Math.Cos(2 * Math.PI * x[1]))), 0.3 * Math.Sin(2 * Math.PI * x[1]) / 0.2));
        var norm = Math.Sqrt(f.Mass(psi));
        for (var i = 0; i < psi.Length; i++)
        {
            psi[i] /= norm;
        }

        var rho = new double[grid.Count];
        f.Density(psi, rho);
        var v = new double[grid.Count];
        var report = new PoissonBoltzmannSolver(grid, p.Epsilon).SolveInto(rho, v);
        var ones = Enumerable.Repeat(1.0, grid.Count).ToArray();
        var zeros = new double[2 * grid.Count];

        var total = f.TotalEnergy(p, psi, v);
        var modulated = f.ModulatedEnergy(p, psi, v, ones, zeros);
        var budget = Math.Abs(report.MassDefect) + (64 * Eps * (Math.Abs(total) + 1));
        Math.Abs(total - modulated.Total).ShouldBeLessThanOrEqualTo(budget);
        modulated.Field.ShouldBe(f.FieldEnergy(p.Epsilon, v));
        modulated.Kinetic.ShouldBe(f.KineticEnergy(p.Hbar, psi), 1e-13 * modulated.Kinetic);
    }

    [Fact]
    public void Field_energy_and_Boltzmann_entropy_match_closed_forms()
    {
        var grid = new PeriodicGrid([20, 21], 2.0);
        var f = new SpbFunctionals(grid);
        var k = 2 * Math.PI * 3 / 2.0;
        var v = grid.Sample(x => Math.Cos(k * x[0]));

        // (ε/2)∫|∇V|² = (ε/2)·k²·½·vol for V = cos kx.
        f.FieldEnergy(0.3, v).ShouldBe(0.5 * 0.3 * k * k * 0.5 * grid.Volume, 64 * Eps * k * k * grid.Volume);

        var c = Enumerable.Repeat(-0.7, grid.Count).ToArray();
        f.BoltzmannEntropy(c).ShouldBe(-0.7 * Math.Exp(-0.7) * grid.Volume, 16 * Eps * grid.Volume);
    }

    [Fact]
    public void Schrodinger_Poisson_field_energy_satisfies_the_integration_by_parts_identity()
    {
        // −εΔV = ρ − mean ρ ⇒ ε∫|∇V|² = ∫V(ρ − mean ρ): an independent check of LinearPoisson and FieldEnergy.
        var grid = PeriodicGrid.Line(64);
        var p = new PhysicalParameters(0.1, 0.02);
        var f = new SpbFunctionals(grid);
        var psi = Sample(grid, x => new Complex(1 + (0.3 * Math.Cos(2 * Math.PI * x)), 0.2 * Math.Sin(4 * Math.PI * x)));
        var rho = new double[grid.Count];
        f.Density(psi, rho);
        var v = new double[grid.Count];
        LinearPoisson.SolveInto(f.Operators, p.Epsilon, rho, v);
        var mean = Quadrature.Mean(grid, rho);
        var expected = 0.5 * Quadrature.Inner(grid, v, rho.Select(r => r - mean).ToArray());
        f.FieldEnergy(p.Epsilon, v).ShouldBe(expected, 1e-13 * expected);
        f.SchrodingerPoissonEnergy(p, psi, v).ShouldBe(f.KineticEnergy(p.Hbar, psi) + expected, 1e-13 * expected);
    }

    [Fact]
    public void Relative_entropy_of_equal_densities_is_exactly_zero()
    {
        var grid = PeriodicGrid.Line(33);
        var f = new SpbFunctionals(grid);
        var rho = grid.Sample(x => 1 + (0.5 * Math.Sin(2 * Math.PI * x[0])));
        f.RelativeEntropy(rho, rho).ShouldBe(0.0);
    }

    [Fact]
    public void Relative_entropy_of_a_two_level_pair_matches_the_closed_form()
    {
        // m = 1 ± a on the two halves, ρ ≡ 1 (grid aligned, so the trapezoidal rule is exact):
        // ∫ = ½[(1+a)log(1+a) − a] + ½[(1−a)log(1−a) + a].
        var grid = PeriodicGrid.Line(64);
        var f = new SpbFunctionals(grid);
        foreach (var a in new[] { 0.5, 1e-2, 1e-6 })
        {
            var m = grid.Sample(x => x[0] < 0.5 ? 1 + a : 1 - a);
            var ones = Enumerable.Repeat(1.0, grid.Count).ToArray();
            var expected = 0.5 * (((1 + a) * Math.Log(1 + a)) - a + ((1 - a) * Math.Log(1 - a)) + a);
            var series = (a * a / 2) + (Math.Pow(a, 4) / 12); // same quantity by its Taylor series (for tiny a)
            var reference = a < 1e-3 ? series : expected;
            f.RelativeEntropy(m, ones).ShouldBe(reference, 1e-9 * reference); // 1e-9: log(1±a) loses digits in the closed form for a = 1e-2
        }
    }

    [Fact]
    public void Relative_entropy_is_non_negative_and_agrees_with_the_naive_formula_for_random_densities()
    {
        var grid = PeriodicGrid.Line(50);
        var f = new SpbFunctionals(grid);
        var random = new Random(20240611);
        for (var trial = 0; trial < 20; trial++)
        {
            var m = Enumerable.Range(0, grid.Count).Select(_ => 0.1 + (2 * random.NextDouble())).ToArray();
            var rho = Enumerable.Range(0, grid.Count).Select(_ => 0.1 + (2 * random.NextDouble())).ToArray();
            var naive = Quadrature.Integrate(grid, m.Select((mi, i) => (mi * Math.Log(mi / rho[i])) - mi + rho[i]).ToArray());
            var value = f.RelativeEntropy(m, rho);
            value.ShouldBeGreaterThanOrEqualTo(0.0); // BCY Remark 2.8
            value.ShouldBe(naive, 1e-13 * Quadrature.Integrate(grid, m.Zip(rho, (a, b) => a + b).ToArray()));
        }

        var zero = new double[grid.Count];
        var ones = Enumerable.Repeat(1.0, grid.Count).ToArray();
        f.RelativeEntropy(zero, ones).ShouldBe(grid.Volume, 1e-15); // m = 0: integrand ρ
        Should.Throw<ArgumentException>(() => f.RelativeEntropy(ones, zero)).Message.ShouldContain("rho[0]");
    }

    [Fact]
    public void Functionals_do_not_allocate()
    {
        var grid = PeriodicGrid.Square(16);
        var f = new SpbFunctionals(grid);
        var p = new PhysicalParameters(0.1, 0.1);
        var psi = Sample2(grid, x => new Complex(1 + (0.1 * Math.Cos(2 * Math.PI * x[0])), 0));
        var v = new double[grid.Count];
        var u = new double[2 * grid.Count];
        var j = new double[2 * grid.Count];
        f.TotalEnergy(p, psi, v);
        f.ModulatedKineticEnergy(p.Hbar, psi, u);
        f.Current(p.Hbar, psi, j);
        var before = GC.GetAllocatedBytesForCurrentThread();
        f.TotalEnergy(p, psi, v);
        f.ModulatedKineticEnergy(p.Hbar, psi, u);
        f.Current(p.Hbar, psi, j);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    private static Complex[] PlaneWave(PeriodicGrid grid, double[] k)
    {
        var phase = grid.Sample(x => x.Select((xi, a) => k[a] * xi).Sum());
        return phase.Select(t => Complex.FromPolarCoordinates(1, t)).ToArray();
    }

    private static Complex[] Sample(PeriodicGrid grid, Func<double, Complex> f) =>
        Enumerable.Range(0, grid.Count).Select(i => f(grid.Coordinate(0, i))).ToArray();

    private static Complex[] Sample2(PeriodicGrid grid, Func<double[], Complex> f)
    {
        var re = grid.Sample(x => f(x).Real);
        var im = grid.Sample(x => f(x).Imaginary);
        return re.Zip(im, (a, b) => new Complex(a, b)).ToArray();
    }
}
