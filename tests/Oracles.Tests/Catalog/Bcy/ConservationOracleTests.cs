using System.Numerics;
using Oracles.Catalog.Bcy.Conservation;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;

namespace Oracles.Tests.Catalog.Bcy;

public class ConservationOracleTests
{
    private static OracleResult Evaluate(IOracle oracle, Trajectory q, Trajectory? f = null, params Trajectory[] refinements) =>
        oracle.Evaluate(new OracleContext(q, f) { Refinements = [.. refinements.Select(r => new OracleContext(r))] });

    [Fact]
    public void Mass_is_one_to_roundoff_on_the_Strang_run()
    {
        var r = Evaluate(new MassIsConservedAndNormalised(), CatalogTestData.WellPrepared.Quantum);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // Strang is unitary: the drift is at the level of a few ulps (the audit measured 7.6e-15 over 1000 steps).
        r.Observed.ShouldBeLessThan(1e-13);
    }

    [Fact]
    public void Mass_oracle_rejects_a_trajectory_whose_psi_grows_by_one_part_in_a_million()
    {
        var broken = CatalogTestData.With(CatalogTestData.WellPrepared.Quantum, psi: (k, p) => k < 30 ? p : [.. p.Select(z => z * 1.0000005)]);
        var r = Evaluate(new MassIsConservedAndNormalised(), broken);
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        r.Observed.ShouldBe(1e-6, tolerance: 1e-9); // (1 + 5e-7)² − 1 = 1.00000025e-6
    }

    [Fact]
    public void Mass_oracle_rejects_an_unnormalised_initial_state()
    {
        var broken = CatalogTestData.With(CatalogTestData.WellPrepared.Quantum, psi: (_, p) => [.. p.Select(z => z * 1.01)]);
        var r = Evaluate(new MassIsConservedAndNormalised(), broken);
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        r.Observed.ShouldBe(0.0201, tolerance: 1e-12); // 1.01² − 1, exact up to round-off
    }

    [Fact]
    public void Continuity_holds_on_the_Strang_run_within_the_Richardson_budget()
    {
        var r = Evaluate(new ContinuityEquationHolds(), CatalogTestData.WellPrepared.Quantum);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details["centres"].ShouldBe(47);
    }

    [Fact]
    public void Continuity_holds_exactly_on_a_free_Schrodinger_superposition()
    {
        // ψ(t) = Σ a_m e^{i(2πmx − ħ(2πm)²t/2)} solves the free equation (V = 0) exactly: continuity holds for any real V.
        var grid = PeriodicGrid.Line(64);
        var hbar = 0.1;
        var times = Enumerable.Range(0, 9).Select(k => 0.01 * k).ToArray();
        var modes = new (int M, Complex A)[] { (0, 0.8), (1, new Complex(0.3, 0.2)), (-2, 0.25), (3, new Complex(0, 0.1)) };
        var psis = times.Select(t => Enumerable.Range(0, 64).Select(i =>
        {
            var x = grid.Coordinate(0, i);
            var z = Complex.Zero;
            foreach (var (m, a) in modes)
            {
                var k = 2 * Math.PI * m;
                z += a * Complex.FromPolarCoordinates(1, (k * x) - (hbar * k * k * t / 2));
            }

            return z;
        }).ToArray()).ToList();
        var exact = new Trajectory(SystemIds.SchrodingerPoisson, grid, times, new PhysicalParameters(hbar, 1), psi: psis, provenance: new Provenance("test", "exact", 0, null));
        Evaluate(new ContinuityEquationHolds(), exact).Status.ShouldBe(OracleStatus.Pass);

        // The same frames stamped at 1.5× the times: ∂_tρ is underestimated by a third, far beyond the budget.
        var stretched = CatalogTestData.With(exact, time: t => 1.5 * t);
        var r = Evaluate(new ContinuityEquationHolds(), stretched);
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
    }

    [Fact]
    public void Continuity_oracle_rejects_a_run_whose_time_axis_is_scaled()
    {
        var broken = CatalogTestData.With(CatalogTestData.WellPrepared.Quantum, time: t => 1.25 * t);
        var r = Evaluate(new ContinuityEquationHolds(), broken);
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
    }

    [Fact]
    public void Continuity_is_inconclusive_without_provenance_when_sampling_alone_does_not_explain_the_residual()
    {
        var noProvenance = CatalogTestData.With(CatalogTestData.WellPrepared.Quantum, time: t => 1.25 * t, provenance: new Provenance("file", "unknown"));
        Evaluate(new ContinuityEquationHolds(), noProvenance).Status.ShouldBe(OracleStatus.Inconclusive);
    }

    [Fact]
    public void Total_energy_drift_of_Strang_is_within_the_single_run_scheme_budget()
    {
        var r = Evaluate(new TotalEnergyIsConserved(), CatalogTestData.WellPrepared.Quantum);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details.ShouldContainKey("solverBudget");
    }

    [Fact]
    public void Total_energy_drift_of_Strang_falls_at_second_order_under_refinement()
    {
        var r = Evaluate(new TotalEnergyIsConserved(), CatalogTestData.WellPrepared.Quantum, null, CatalogTestData.WellPreparedRefined.Quantum);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // Strang: drift ∝ Δt², so halving Δt divides it by 4 (slope 2 ± 0.3 is the oracle's own window).
        r.Details["observedOrder"].ShouldBe(2.0, tolerance: 0.3);
    }

    [Fact]
    public void Total_energy_oracle_rejects_Lie_splitting_on_a_single_run_and_by_its_order()
    {
        var single = Evaluate(new TotalEnergyIsConserved(), CatalogTestData.LieMutant);
        single.Status.ShouldBe(OracleStatus.Fail, single.Message);

        // With the Lie run at Δt/2 as refinement the drift halves: observed order 1, outside 2 ± 0.3.
        var ordered = Evaluate(new TotalEnergyIsConserved(), CatalogTestData.LieMutant, null, CatalogTestData.LieMutantRefined);
        ordered.Status.ShouldBe(OracleStatus.Fail, ordered.Message);
        ordered.Details["observedOrder"].ShouldBe(1.0, tolerance: 0.3);
    }

    [Fact]
    public void Total_energy_is_inconclusive_without_refinements_or_provenance()
    {
        var q = CatalogTestData.With(CatalogTestData.LieMutant, provenance: new Provenance("file", "unknown"));
        Evaluate(new TotalEnergyIsConserved(), q).Status.ShouldBe(OracleStatus.Inconclusive);
    }

    [Fact]
    public void Schrodinger_Poisson_energy_is_conserved_by_Strang_and_rejected_for_Lie_splitting()
    {
        var r = Evaluate(new SchrodingerPoissonEnergyIsConserved(), CatalogTestData.SchrodingerPoissonTrajectory);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        var lie = Evaluate(new SchrodingerPoissonEnergyIsConserved(), CatalogTestData.SchrodingerPoissonLieMutant);
        lie.Status.ShouldBe(OracleStatus.Fail, lie.Message);
    }

    [Fact]
    public void Energy_budget_is_not_established_when_one_frame_is_corrupted()
    {
        // A phase kick e^{0.01i cos 2πx} in one frame makes K jump: the error constant measured from K would absorb
        // the jump, so the smoothness guard refuses to measure it (Inconclusive instead of a false Pass).
        var sp = CatalogTestData.SchrodingerPoissonTrajectory;
        var grid = sp.Grid;
        var kicked = CatalogTestData.With(sp, psi: (k, p) => k != 40 ? p : [.. p.Select((z, i) => z * Complex.FromPolarCoordinates(1, 0.01 * Math.Cos(2 * Math.PI * grid.Coordinate(0, i))))]);
        var broken = Evaluate(new SchrodingerPoissonEnergyIsConserved(), kicked);
        broken.Status.ShouldBe(OracleStatus.Inconclusive, broken.Message);
        broken.Message.ShouldContain("not smooth");
    }
}
