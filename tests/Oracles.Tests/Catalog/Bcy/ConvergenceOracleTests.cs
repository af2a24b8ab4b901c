using System.Numerics;
using Oracles.Catalog.Bcy.Convergence;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Solvers.ReferenceProblems;

namespace Oracles.Tests.Catalog.Bcy;

public class ConvergenceOracleTests
{
    // The audit's F11 ladder (errata-audit F11: ħ = 0.1, T = 0.06, ε = 1e-2 … 1e-7) on a coarser grid and step
    // (n = 128, Δt = 2e-4; the audit used 256 and 1e-4 and found the run converged to 7 digits).
    private static readonly Lazy<IReadOnlyList<OracleContext>> F11Ladder = new(() =>
        [.. new[] { 1e-2, 1e-4, 1e-6, 1e-7 }.Select(eps =>
        {
            var run = BcyReferenceProblems.F11Counterexample1D(new PhysicalParameters(0.1, eps), new RunSettings(128, 2e-4, 300, 30));
            return new OracleContext(run.Quantum, run.Fluid);
        })]);

    [Fact]
    [Trait("Category", "Slow")]
    public void Printed_Gronwall_bound_fails_on_the_F11_ladder_because_C_grows_as_epsilon_shrinks()
    {
        var oracle = new GronwallBoundHoldsAsPrinted();
        var r = oracle.Evaluate(new OracleContext(null) { Family = F11Ladder.Value });
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        oracle.Erratum!.Finding.ShouldBe("F11");

        // ℰ(0) = 0 and ℰ(T) ≈ 4.6e-3 (audit) while √ε → 3e-4: C(ε) = log(ℰ(T)/√ε)/T grows by ≈ ln(√10)/T ≈ 19 per decade.
        r.Details["C[3]"].ShouldBeGreaterThan(r.Details["C[2]"]);
        r.Details["C[3]"].ShouldBeGreaterThan(30);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Corrected_Gronwall_bound_holds_on_the_F11_ladder()
    {
        var r = new GronwallBoundHoldsWithHbarSquared().Evaluate(new OracleContext(null) { Family = F11Ladder.Value });
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
    }

    [Fact]
    public void Printed_Gronwall_bound_holds_on_a_well_prepared_ladder()
    {
        // Lemma 4.1 data: ℰ(0) ≈ ½ħ²‖∇√ρ₀‖² > 0, so C settles as ε → 0.
        var ladder = new[] { 1e-2, 1e-4, 1e-6 }.Select(eps =>
        {
            var run = BcyReferenceProblems.WellPrepared1D(new PhysicalParameters(0.1, eps), new RunSettings(64, 4e-4, 100, 20));
            return new OracleContext(run.Quantum, run.Fluid);
        }).ToList();
        var r = new GronwallBoundHoldsAsPrinted().Evaluate(new OracleContext(null) { Family = ladder });
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
    }

    [Fact]
    public void Corrected_Gronwall_bound_fails_when_the_modulated_energy_grows_as_epsilon_shrinks()
    {
        // A synthetic ladder whose ℰ(t) = ½(a(ε)t)²·2π²·... grows like log(1/ε): a solver whose error grows as ε → 0.
        var grid = PeriodicGrid.Line(32);
        var times = new[] { 0.0, 0.02, 0.04, 0.06 };
        var family = new[] { 1e-2, 1e-4, 1e-6, 1e-8 }.Select(eps =>
        {
            var hbar = 0.01;
            var a = 10 * Math.Log10(1 / eps);
            var psis = times.Select(t => Enumerable.Range(0, 32).Select(i =>
            {
                var x = grid.Coordinate(0, i);
                return Complex.FromPolarCoordinates(1, a * t * Math.Sin(2 * Math.PI * x) / (2 * Math.PI) / hbar);
            }).ToArray()).ToList();
            var q = new Trajectory(SystemIds.SchrodingerPoissonBoltzmann, grid, times, new PhysicalParameters(hbar, eps), psi: psis, potential: [.. times.Select(_ => new double[32])]);
            var f = new Trajectory(SystemIds.IsothermalEuler, grid, times, new PhysicalParameters(0, 0), density: [.. times.Select(_ => grid.Sample(_ => 1.0))], velocity: [.. times.Select(_ => new double[32])]);
            return new OracleContext(q, f);
        }).ToList();
        var r = new GronwallBoundHoldsWithHbarSquared().Evaluate(new OracleContext(null) { Family = family });
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
    }

    [Fact]
    public void Gronwall_oracles_need_three_rungs_at_fixed_hbar()
    {
        var two = new[] { 1e-2, 1e-4 }.Select(eps =>
        {
            var run = BcyReferenceProblems.WellPrepared1D(new PhysicalParameters(0.1, eps), new RunSettings(32, 4e-4, 10, 5));
            return new OracleContext(run.Quantum, run.Fluid);
        }).ToList();
        new GronwallBoundHoldsWithHbarSquared().Evaluate(new OracleContext(null) { Family = two }).Status.ShouldBe(OracleStatus.Inconclusive);
        new GronwallBoundHoldsWithHbarSquared().Evaluate(new OracleContext(null)).Status.ShouldBe(OracleStatus.NotApplicable);
    }
}
