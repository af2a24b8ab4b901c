using System.Numerics;
using Oracles.Catalog.Bcy.Identities;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.PoissonBoltzmann;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Tests.Catalog.Bcy;

public class IdentityOracleTests
{
    private static Trajectory Quantum => CatalogTestData.WellPrepared.Quantum;

    [Fact]
    public void Recorded_potential_solves_Poisson_Boltzmann()
    {
        var r = new PotentialSolvesPoissonBoltzmann().Evaluate(new OracleContext(Quantum));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // The reference solver stops at 1e-12 relative (its default tolerance), far inside the 1e-8 allowance.
        r.Details["relativeResidual"].ShouldBeLessThan(1e-11);
    }

    [Fact]
    public void Potential_solved_with_the_wrong_epsilon_is_rejected_and_the_fitted_epsilon_names_the_bug()
    {
        var r = new PotentialSolvesPoissonBoltzmann().Evaluate(new OracleContext(CatalogTestData.EpsilonDroppedMutant));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);

        // The recorded V solves PB with ε = 1 exactly (to 1e-12), so the least-squares ε′ is 1 to solver accuracy.
        r.Details["epsilonFit"].ShouldBe(1.0, tolerance: 1e-6);
    }

    [Fact]
    public void Potential_residual_is_not_applicable_without_V()
    {
        var noV = new Trajectory(SystemIds.SchrodingerPoissonBoltzmann, Quantum.Grid, [0.0], Quantum.Parameters, psi: [Quantum.Psi(0).ToArray()]);
        new PotentialSolvesPoissonBoltzmann().Evaluate(new OracleContext(noV)).Status.ShouldBe(OracleStatus.NotApplicable);
    }

    [Fact]
    public void Mass_of_the_Boltzmann_density_equals_the_mass_of_psi()
    {
        var r = new BoltzmannDensityHasTheMassOfTheDensity().Evaluate(new OracleContext(Quantum));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Details["massOfM"].ShouldBe(1.0, tolerance: 1e-12); // ∫e^V = ∫|ψ|² = 1 up to the 1e-12 PB residual
    }

    [Fact]
    public void Mass_of_m_rejects_a_potential_shifted_by_a_constant()
    {
        // V + 1e-4 ⇒ ∫e^V = e^{1e-4} ≈ 1 + 1e-4, ≫ the integrated allowance 1e-8·‖|ψ|²‖₂.
        var shifted = CatalogTestData.With(Quantum, potential: (_, v) => [.. v.Select(x => x + 1e-4)]);
        var r = new BoltzmannDensityHasTheMassOfTheDensity().Evaluate(new OracleContext(shifted));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        r.Observed.ShouldBe(Math.Exp(1e-4) - 1, tolerance: 1e-10);
    }

    [Fact]
    public void Corrected_evolution_identity_holds_for_the_manufactured_fluid()
    {
        var r = new ModulatedEnergyEvolvesByCorrectedIdentity().Evaluate(new OracleContext(Quantum, CatalogTestData.ManufacturedFluidTrajectory));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // The audit measured residuals ≤ 1.1e-8 against terms ~1e-2 (§V.9); ours is the Strang O(Δt²) defect.
        r.Observed.ShouldBeLessThan(1e-6);
    }

    [Fact]
    public void Corrected_evolution_identity_holds_for_the_Euler_solution()
    {
        var run = CatalogTestData.WellPrepared;
        var r = new ModulatedEnergyEvolvesByCorrectedIdentity().Evaluate(new OracleContext(run.Quantum, run.Fluid));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
    }

    [Fact]
    public void Corrected_evolution_identity_rejects_the_epsilon_dropped_mutant()
    {
        var r = new ModulatedEnergyEvolvesByCorrectedIdentity().Evaluate(new OracleContext(CatalogTestData.EpsilonDroppedMutant, CatalogTestData.ManufacturedFluidTrajectory));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
    }

    [Fact]
    public void Corrected_evolution_identity_rejects_a_quantum_run_with_a_stretched_clock()
    {
        // The identity holds for any smooth fluid, so only the quantum side can break it: stamping the SPB frames at
        // 1.01·t makes every quantum time derivative 1 % too small (≈ 1e-4 of dℰ/dt ~ 1e-2, ≫ the ~1e-6 budget).
        var stretched = CatalogTestData.With(Quantum, time: t => 1.01 * t);
        var r = new ModulatedEnergyEvolvesByCorrectedIdentity().Evaluate(new OracleContext(stretched, CatalogTestData.ManufacturedFluid(stretched)));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
    }

    [Fact]
    public void Printed_evolution_identity_fails_on_SPB_data_as_errata_F18_predicts()
    {
        var oracle = new ModulatedEnergyEvolvesByPrintedIdentity();
        var r = oracle.Evaluate(new OracleContext(Quantum, CatalogTestData.ManufacturedFluidTrajectory));
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);
        oracle.Erratum!.Finding.ShouldBe("F18");

        // The printed form is off by −∫J·∇log ρ, of order 1e-1 here (the audit saw 8e-2 in its run).
        r.Observed.ShouldBeGreaterThan(1e-3);
    }

    [Fact]
    public void Printed_evolution_identity_passes_when_the_fluid_density_is_constant()
    {
        // ρ ≡ 1: log ρ = 0, so both forms of the (2.13) term vanish and the printed identity is true.
        var q = Quantum;
        var flat = new Trajectory(SystemIds.IsothermalEuler, q.Grid, q.Times.ToArray(), new PhysicalParameters(0, 0),
            density: [.. Enumerable.Range(0, q.Count).Select(_ => q.Grid.Sample(_ => 1.0))],
            velocity: [.. q.Times.ToArray().Select(t => q.Grid.Sample(x => 0.2 * Math.Cos((2 * Math.PI * x[0]) + t)))],
            provenance: new Provenance("test", "manufactured", 0, null));
        var r = new ModulatedEnergyEvolvesByPrintedIdentity().Evaluate(new OracleContext(q, flat));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
    }

    [Fact]
    public void Evolution_identity_is_not_applicable_without_a_fluid()
    {
        new ModulatedEnergyEvolvesByCorrectedIdentity().Evaluate(new OracleContext(Quantum)).Status.ShouldBe(OracleStatus.NotApplicable);
    }

    [Fact]
    public void Well_prepared_data_have_the_exact_R13_energy_when_declared()
    {
        var run = CatalogTestData.WellPrepared;
        var context = new OracleContext(run.Quantum, run.Fluid) { Declarations = new HashSet<string> { WellPreparedDataHaveExactModulatedEnergy.Declaration } };
        var r = new WellPreparedDataHaveExactModulatedEnergy().Evaluate(context);
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // R13 independently: sys's WellPreparedData computes the same closed form with its own discretisation.
        var ops = new SpectralOperators(run.Quantum.Grid);
        var data = WellPreparedData.Lemma41(run.Quantum.Parameters, ops, run.Fluid!.Density(0), run.Quantum.Grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI)));
        r.Details["R13[0]"].ShouldBe(data.ExactModulatedEnergy, tolerance: 1e-12 * Math.Max(1, data.ExactModulatedEnergy) + 1e-14);
    }

    [Fact]
    public void Well_prepared_data_are_detected_without_a_declaration()
    {
        var run = CatalogTestData.WellPrepared;
        var r = new WellPreparedDataHaveExactModulatedEnergy().Evaluate(new OracleContext(run.Quantum, run.Fluid));
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);
        r.Message.ShouldContain("detected");
    }

    [Fact]
    public void Declared_well_prepared_data_built_with_the_literal_Lemma_4_2_formula_are_rejected()
    {
        // Errata F14: ψ = √(e^{V₀ − εΔV₀})e^{iU₀/ħ} is not the Lemma 4.1 datum.
        var grid = PeriodicGrid.Line(128);
        var p = CatalogTestData.Parameters;
        var ops = new SpectralOperators(grid);
        var rho0 = grid.Sample(x => 1 + (0.1 * Math.Cos(2 * Math.PI * x[0])));
        var phase = grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI));
        var u0 = grid.Sample(x => 0.2 * Math.Cos(2 * Math.PI * x[0]));
        var v0 = rho0.Select(x => Math.Log(x)).ToArray();
        var lap = new double[grid.Count];
        ops.Laplacian(v0, lap);
        var psi = Enumerable.Range(0, grid.Count).Select(i => Math.Sqrt(Math.Exp(v0[i] - (p.Epsilon * lap[i]))) * Complex.FromPolarCoordinates(1, phase[i] / p.Hbar)).ToArray();
        var (q, f) = CatalogTestData.Snapshot(grid, p, psi, rho0, u0);
        var context = new OracleContext(q, f) { Declarations = new HashSet<string> { WellPreparedDataHaveExactModulatedEnergy.Declaration } };
        var r = new WellPreparedDataHaveExactModulatedEnergy().Evaluate(context);
        r.Status.ShouldBe(OracleStatus.Fail, r.Message);

        // Undeclared, the same datum is simply not Lemma 4.1 data.
        new WellPreparedDataHaveExactModulatedEnergy().Evaluate(new OracleContext(q, f)).Status.ShouldBe(OracleStatus.NotApplicable);
    }

    [Fact]
    public void Well_prepared_energy_vanishes_along_a_family_with_epsilon_and_hbar_to_zero()
    {
        var grid = PeriodicGrid.Line(128);
        var ops = new SpectralOperators(grid);
        var rho0 = grid.Sample(x => 1 + (0.3 * Math.Cos(2 * Math.PI * x[0])) + (0.1 * Math.Sin(4 * Math.PI * x[0])));
        var phase = grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI));
        var family = new List<OracleContext>();
        foreach (var s in new[] { 0.01, 0.005, 0.0025 })
        {
            var p = new PhysicalParameters(s, s);
            var data = WellPreparedData.Lemma41(p, ops, rho0, phase);
            var (q, f) = CatalogTestData.Snapshot(grid, p, data.Psi, rho0, data.Velocity, data.Potential);
            family.Add(new OracleContext(q, f) { Declarations = new HashSet<string> { WellPreparedDataHaveExactModulatedEnergy.Declaration } });
        }

        var r = new WellPreparedDataHaveExactModulatedEnergy().Evaluate(new OracleContext(null) { Family = family });
        r.Status.ShouldBe(OracleStatus.Pass, r.Message);

        // ℰ(0) = O(ħ² + ε): halving both roughly halves it (ε term) or quarters it (ħ² term).
        r.Details["E0[2]"].ShouldBeLessThan(0.6 * r.Details["E0[1]"]);
        r.Details["E0[1]"].ShouldBeLessThan(0.6 * r.Details["E0[0]"]);
    }
}
