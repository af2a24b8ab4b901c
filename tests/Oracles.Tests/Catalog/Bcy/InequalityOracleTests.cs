using System.Numerics;
using Oracles.Catalog.Bcy.Inequalities;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;

namespace Oracles.Tests.Catalog.Bcy;

public class InequalityOracleTests
{
    private static Trajectory Quantum => CatalogTestData.WellPrepared.Quantum;

    private static Trajectory Fluid => CatalogTestData.WellPrepared.Fluid!;

    [Fact]
    public void Entropies_and_modulated_energy_are_non_negative_on_the_reference_run()
    {
        var r = new EntropiesAreNonNegative().Evaluate(new OracleContext(Quantum, Fluid));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details["minModulatedEnergy"].ShouldBeGreaterThan(0);
        r.Details["minRelativeEntropy"].ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public void Entropies_pass_on_the_F11_run_where_V_is_at_round_off_level()
    {
        // Regression: `oracles solve spb --initial f11` (ρ₀ = 1, so V ≈ 0) gave ∫Ve^V = −4.3e-18 against a budget of
        // 6.9e-32 (round-off of ∫|V|e^V only) — a false Fail on a correct run. The normalisation's own round-off
        // (8·eps·(1+log₂N)·∫e^V ≈ 1.6e-14 here) now belongs to the budget.
        var run = Oracles.Solvers.ReferenceProblems.BcyReferenceProblems.F11Counterexample1D(
            new PhysicalParameters(0.1, 0.1), new Oracles.Solvers.ReferenceProblems.RunSettings(256, 2e-4, 1000, 10));
        var r = new EntropiesAreNonNegative().Evaluate(new OracleContext(run.Quantum, run.Fluid));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
    }

    [Fact]
    public void Boltzmann_entropy_is_negative_for_a_potential_shifted_down_and_the_oracle_says_so()
    {
        // V − 0.5 ⇒ ∫e^V ≈ 0.61 and ∫Ve^V ≈ 0.61(∫V₀e^{V₀} − 0.5) < 0: not the PB potential of a unit-mass ψ.
        var shifted = CatalogTestData.With(Quantum, potential: (_, v) => [.. v.Select(x => x - 0.5)]);
        var r = new EntropiesAreNonNegative().Evaluate(new OracleContext(shifted));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        r.Where!.ShouldContain("∫Ve^V");
    }

    [Fact]
    public void Pinsker_holds_on_the_reference_run()
    {
        var r = new CsiszarKullbackPinskerInequalityHolds().Evaluate(new OracleContext(Quantum, Fluid));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Observed.ShouldBeLessThanOrEqualTo(r.Bound);
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.001)]
    public void Pinsker_is_sharp_on_two_level_densities(double a)
    {
        // ρ = 1 ± a, m = 1 ∓ a on the two halves: ‖ρ − m‖₁ = 2a, KL = a log((1+a)/(1−a)) = 2a² + O(a⁴): ratio → 1.
        var grid = PeriodicGrid.Line(64);
        var rho = grid.Sample(x => x[0] < 0.5 ? 1 + a : 1 - a);
        var m = grid.Sample(x => x[0] < 0.5 ? 1 - a : 1 + a);
        var r = CsiszarKullbackPinskerInequalityHolds.Check(grid, rho, m);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Ratio.ShouldBe(1.0, tolerance: a * a); // ratio = 1 − a²/3 + O(a⁴)
        r.Ratio.ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Pinsker_is_not_applicable_to_densities_that_are_not_normalised()
    {
        var shifted = CatalogTestData.With(Quantum, potential: (_, v) => [.. v.Select(x => x + 0.1)]);
        var r = new CsiszarKullbackPinskerInequalityHolds().Evaluate(new OracleContext(shifted, Fluid));
        r.Status.ShouldBe(OracleStatus.NotApplicable, r.Message);
    }

    [Fact]
    public void Boltzmann_density_is_bounded_in_L2_by_the_density()
    {
        var r = new BoltzmannDensityIsBoundedInL2ByTheDensity().Evaluate(new OracleContext(Quantum));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details["ratio"].ShouldBeLessThan(1.0);
    }

    [Fact]
    public void Boltzmann_L2_bound_rejects_a_potential_shifted_up()
    {
        // V + 0.2 ⇒ ‖e^V‖₂ = e^{0.2}‖e^{V₀}‖₂ ≈ 1.22‖e^{V₀}‖₂ > ‖ρ_ħ‖₂ (which exceeds ‖e^{V₀}‖₂ by < 1 % here).
        var shifted = CatalogTestData.With(Quantum, potential: (_, v) => [.. v.Select(x => x + 0.2)]);
        var r = new BoltzmannDensityIsBoundedInL2ByTheDensity().Evaluate(new OracleContext(shifted));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
    }

    [Theory]
    [InlineData(0.3, 1.59)]
    [InlineData(0.1, 4.97)]
    [InlineData(0.01, 50.0)]
    public void Printed_T3_bound_fails_on_the_F11_counterexample_with_the_audited_ratios(double delta, double ratio)
    {
        var (q, f) = CatalogTestData.F11State(delta, 0.1);
        var oracle = new T3BoundAsPrinted();
        var r = oracle.Evaluate(new OracleContext(q, f));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        oracle.Erratum!.Finding.ShouldBe("F11");

        // Catalogue §V.5 prints the ratios |𝒯₃|/(4‖u'‖𝒦) to three digits.
        r.Details["ratio"].ShouldBe(ratio, tolerance: 0.006 * ratio);
    }

    [Fact]
    public void Printed_T3_bound_holds_when_the_kinetic_defect_dominates()
    {
        // A plane wave e^{6πix/ħ·ħ} against u = sin2πx: 𝒦 = ½∫(u − 6πħ)² is O(1) and |𝒯₃| = |∫u'(u − 6πħ)²| < 4‖u'‖𝒦.
        var grid = PeriodicGrid.Line(128);
        var psi = Enumerable.Range(0, 128).Select(i => Complex.FromPolarCoordinates(1, 6 * Math.PI * grid.Coordinate(0, i))).ToArray();
        var (q, f) = CatalogTestData.Snapshot(grid, new PhysicalParameters(0.1, 0.1), psi, grid.Sample(_ => 1.0), grid.Sample(x => Math.Sin(2 * Math.PI * x[0])));
        var r = new T3BoundAsPrinted().Evaluate(new OracleContext(q, f));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    public void Corrected_T3_bound_and_closed_form_hold_on_the_F11_counterexample(double delta)
    {
        var (q, f) = CatalogTestData.F11State(delta, 0.1);
        var r = new T3BoundWithHbarSquaredTerm().Evaluate(new OracleContext(q, f));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // The audit found the closed form exact to 3e-14 relative; our identity budget is round-off + aliasing.
        r.Details["identityResidual"].ShouldBeLessThan(1e-12);
    }

    [Fact]
    public void Corrected_T3_closed_form_holds_in_2D_for_a_non_gradient_velocity()
    {
        var grid = PeriodicGrid.Square(32);
        var n = grid.Count;
        var hbar = 0.07;
        var psi = new Complex[n];
        var u = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            var x = grid.Coordinate(0, i / 32);
            var y = grid.Coordinate(1, i % 32);
            var amp = Math.Sqrt(1 + (0.3 * Math.Cos(2 * Math.PI * x) * Math.Sin(2 * Math.PI * y)));
            psi[i] = amp * Complex.FromPolarCoordinates(1, 0.05 * (Math.Sin(2 * Math.PI * x) + Math.Cos(4 * Math.PI * y)) / hbar);
            u[i] = 0.5 * Math.Sin(2 * Math.PI * y);                                  // u¹(y): curl ≠ 0
            u[n + i] = 0.3 * Math.Cos(2 * Math.PI * x) + (0.2 * Math.Sin(2 * Math.PI * (x + y)));
        }

        var q = new Trajectory(SystemIds.SchrodingerPoissonBoltzmann, grid, [0.0], new PhysicalParameters(hbar, 0.1), psi: [psi]);
        var f = new Trajectory(SystemIds.IsothermalEuler, grid, [0.0], new PhysicalParameters(0, 0), density: [grid.Sample(_ => 1.0)], velocity: [u]);
        var r = new T3BoundWithHbarSquaredTerm().Evaluate(new OracleContext(q, f));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details["identityResidual"].ShouldBeLessThan(1e-12);
    }

    [Fact]
    public void T3_bounds_are_not_applicable_without_a_velocity_on_the_same_grid()
    {
        var (q, _) = CatalogTestData.F11State(0.1, 0.1);
        var (_, f64) = CatalogTestData.F11State(0.1, 0.1, n: 64);
        new T3BoundWithHbarSquaredTerm().Evaluate(new OracleContext(q)).Status.ShouldBe(OracleStatus.NotApplicable);
        new T3BoundWithHbarSquaredTerm().Evaluate(new OracleContext(q, f64)).Status.ShouldBe(OracleStatus.NotApplicable);
    }

    [Fact]
    public void Current_defect_bounds_hold_on_the_reference_run()
    {
        var printed = new CurrentDefectIsBoundedByKineticEnergy().Evaluate(new OracleContext(Quantum, Fluid));
        printed.Status.ShouldBe(OracleStatus.Pass, printed.Message);
        var sharp = new CurrentDefectHasSharpConstantRootTwo().Evaluate(new OracleContext(Quantum, Fluid));
        sharp.Status.ShouldBe(OracleStatus.Pass, sharp.Message);

        // The sharp ratio is the printed one times 2/√2.
        sharp.Details["ratio"].ShouldBe(printed.Details["ratio"] * Math.Sqrt(2), tolerance: 1e-12);
    }

    [Fact]
    public void Sharp_current_bound_is_attained_by_a_plane_wave_with_zero_velocity()
    {
        // ψ = e^{2πi·3x}, u = 0: J − ρu = 6πħ, 𝒦 = ½(6πħ)², b = 1 ⇒ |∫(J − ρu)b| = √2·√𝒦 exactly.
        var grid = PeriodicGrid.Line(32);
        var psi = Enumerable.Range(0, 32).Select(i => Complex.FromPolarCoordinates(1, 6 * Math.PI * grid.Coordinate(0, i))).ToArray();
        var (q, f) = CatalogTestData.Snapshot(grid, new PhysicalParameters(0.1, 0.1), psi, grid.Sample(_ => 1.0), grid.Sample(_ => 0.0));
        var r = new CurrentDefectHasSharpConstantRootTwo().Evaluate(new OracleContext(q, f));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details["ratio"].ShouldBe(1.0, tolerance: 1e-13);
    }

    [Fact]
    public void Current_defect_bounds_reject_an_unnormalised_state()
    {
        // ψ = 2e^{6πix}: |∫J b| = 4·6πħ but √(2𝒦) = 2·6πħ; BCY's bounds assume ‖ψ‖₂ = 1.
        var grid = PeriodicGrid.Line(32);
        var psi = Enumerable.Range(0, 32).Select(i => 2 * Complex.FromPolarCoordinates(1, 6 * Math.PI * grid.Coordinate(0, i))).ToArray();
        var (q, f) = CatalogTestData.Snapshot(grid, new PhysicalParameters(0.1, 0.1), psi, grid.Sample(_ => 1.0), grid.Sample(_ => 0.0));
        new CurrentDefectHasSharpConstantRootTwo().Evaluate(new OracleContext(q, f)).Status.ShouldBe(OracleStatus.Fail);
        new CurrentDefectIsBoundedByKineticEnergy().Evaluate(new OracleContext(q, f)).Status.ShouldBe(OracleStatus.Fail);
    }
}
