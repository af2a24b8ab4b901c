using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Solvers.Euler;
using Oracles.Solvers.ReferenceProblems;
using Oracles.Solvers.SplitStep;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Tests.Mutants;

/// <summary>
/// The mutable re-implementations differ from the production solvers only by their bug: unmutated, they reproduce the
/// production trajectories to round-off; every mutation changes the trajectory.
/// </summary>
public sealed class MutantEquivalenceTests
{
    private static readonly RunSettings Short = MutantSuiteFixture.Coarse;

    [Fact]
    public void Unmutated_Strang_mutant_reproduces_the_production_solver()
    {
        var grid = PeriodicGrid.Line(Short.N);
        var (psi0, _, _) = MutantSuiteFixture.InitialData(grid);
        var production = new StrangSplitStep(grid, MutantSuiteFixture.Parameters, PotentialModel.PoissonBoltzmann)
            .Run(psi0, Short.TimeStep, Short.Steps, Short.SampleEvery).Trajectory;
        var mutant = MutantSuiteFixture.MutantQuantum(SpbMutation.None, Short);

        // The same operations in the same order on the same FFT and PB solver: bit-identical is expected; 1e-12 leaves
        // room only for a reordered sum (n·eps·max|ψ| ≈ 64·2.2e-16·1.1 ≈ 1.6e-14 per step, ×250 steps ≈ 4e-12 worst case
        // with every rounding aligned, ~1e-13 as a random walk).
        mutant.Times.ToArray().ShouldBe(production.Times.ToArray());
        mutant.Provenance.ShouldBe(production.Provenance);
        MaxDifference(mutant, production).ShouldBeLessThanOrEqualTo(1e-12);
    }

    [Fact]
    public void Unmutated_Euler_mutant_reproduces_the_production_solver_to_round_off()
    {
        var grid = PeriodicGrid.Line(Short.N);
        var (_, rho0, u0) = MutantSuiteFixture.InitialData(grid);
        var production = new IsothermalEulerSolver(grid).Run(rho0, u0, Short.TimeStep, Short.Steps, Short.SampleEvery);
        production.Status.ShouldBe(Oracles.Solvers.SolverStatus.Success, production.Message);
        var mutant = MutantSuiteFixture.MutantFluid(EulerMutation.None, Short);

        // The production right side transforms two real fields per complex FFT and sums the terms in another order:
        // per RHS evaluation the difference is ≈ eps·(1 + log₂N)·k_max·max|f| ≈ 2.2e-16·7·200·1.1 ≈ 3.4e-13 on a term
        // of size O(1), times Δt per stage, so ≈ 4·Δt·3.4e-13·250 ≈ 1.4e-13 over the run; 1e-12 covers it with margin.
        mutant.Times.ToArray().ShouldBe(production.Trajectory.Times.ToArray());
        mutant.Provenance.ShouldBe(production.Trajectory.Provenance);
        var worst = 0.0;
        for (var k = 0; k < mutant.Count; k++)
        {
            worst = Math.Max(worst, MaxAbs(mutant.Density(k), production.Trajectory.Density(k)));
            worst = Math.Max(worst, MaxAbs(mutant.Velocity(k), production.Trajectory.Velocity(k)));
        }

        worst.ShouldBeLessThanOrEqualTo(1e-12);
    }

    [Fact]
    public void The_fixed_count_Newton_loop_run_to_convergence_agrees_with_the_production_Poisson_Boltzmann_solver()
    {
        var grid = PeriodicGrid.Line(Short.N);
        var ops = new SpectralOperators(grid);
        var (psi0, _, _) = MutantSuiteFixture.InitialData(grid);
        var h = psi0.Select(z => (z.Real * z.Real) + (z.Imaginary * z.Imaginary)).ToArray();
        var eps = MutantSuiteFixture.Parameters.Epsilon;
        var reference = new PoissonBoltzmannSolver(grid, eps).Solve(h);
        var own = new MutantPoissonBoltzmann(ops, eps, PbMutation.NewtonFixedIterationCount);
        var v = new double[grid.Count];
        own.ColdGuess(h, v);
        own.Newton(h, v, converge: true);

        // Both residuals are ≤ 1e-12‖h‖₂ and the PB operator −εΔ + e^V is ≥ min e^V ≈ 0.9, so the two solutions differ
        // by ≤ 2·1e-12·‖h‖₂/0.9 ≈ 2.3e-12 in L², and by a few times that pointwise on 64 points: 1e-11.
        MaxAbs(v, reference).ShouldBeLessThanOrEqualTo(1e-11);

        // The bug is the stopping rule alone: stopped after the fixed count, the same loop is visibly unconverged.
        var truncated = new double[grid.Count];
        own.ColdGuess(h, truncated);
        own.Newton(h, truncated, converge: false);
        own.LastNewtonIterations.ShouldBe(MutantPoissonBoltzmann.FixedNewtonIterations);
        var r = new double[grid.Count];
        PoissonBoltzmannSolver.Residual(ops, eps, h, truncated, r);
        var relative = Math.Sqrt(r.Sum(x => x * x) / h.Sum(x => x * x));
        relative.ShouldBeGreaterThan(1e-6); // two orders above the oracle's 1e-8 solve allowance
    }

    public static TheoryData<string> SpbMutations => [.. Enum.GetNames<SpbMutation>().Where(m => m != nameof(SpbMutation.None))];

    public static TheoryData<string> EulerMutations => [.. Enum.GetNames<EulerMutation>().Where(m => m != nameof(EulerMutation.None))];

    [Theory]
    [MemberData(nameof(SpbMutations))]
    public void Every_Strang_mutation_changes_the_trajectory(string mutation)
    {
        var s = new RunSettings(Short.N, Short.TimeStep, 20, 20);
        var correct = MutantSuiteFixture.MutantQuantum(SpbMutation.None, s);
        var broken = MutantSuiteFixture.MutantQuantum(Enum.Parse<SpbMutation>(mutation), s);

        // 20 steps of any of these bugs move ψ or V by ≥ 1e-6 — far above the 1e-12 agreement of the unmutated copy.
        MaxDifference(broken, correct).ShouldBeGreaterThan(1e-6, mutation);
    }

    [Theory]
    [MemberData(nameof(EulerMutations))]
    public void Every_Euler_mutation_changes_the_trajectory(string mutation)
    {
        var s = new RunSettings(Short.N, Short.TimeStep, 20, 20);
        var correct = MutantSuiteFixture.MutantFluid(EulerMutation.None, s);
        var broken = MutantSuiteFixture.MutantFluid(Enum.Parse<EulerMutation>(mutation), s);
        var worst = 0.0;
        for (var k = 0; k < correct.Count; k++)
        {
            worst = Math.Max(worst, MaxAbs(broken.Density(k), correct.Density(k)));
            worst = Math.Max(worst, MaxAbs(broken.Velocity(k), correct.Velocity(k)));
        }

        // Forward Euler's local error over 20 steps is ≈ 20·Δt²/2·max|∂²ₜu| ≈ 20·8e-8·(2π)²·0.2 ≈ 1e-5; the pressure bugs
        // change ∂ₜu by O(0.1·2π) at once, ≈ 5e-3 after T = 8e-3.
        worst.ShouldBeGreaterThan(1e-7, mutation);
    }

    private static double MaxDifference(Trajectory a, Trajectory b)
    {
        var worst = 0.0;
        for (var k = 0; k < a.Count; k++)
        {
            var pa = a.Psi(k);
            var pb = b.Psi(k);
            for (var i = 0; i < pa.Length; i++)
            {
                worst = Math.Max(worst, Complex.Abs(pa[i] - pb[i]));
            }

            worst = Math.Max(worst, MaxAbs(a.Potential(k), b.Potential(k)));
        }

        return worst;
    }

    private static double MaxAbs(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        }

        return worst;
    }
}
