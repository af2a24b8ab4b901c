using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Solvers;
using Oracles.Solvers.Euler;
using Oracles.Solvers.SplitStep;
using Oracles.Systems.IsothermalEuler;
using Oracles.Systems.SchrodingerPoissonBoltzmann;
using Xunit.Abstractions;
using static Oracles.Tests.Solvers.SolverTestMath;

namespace Oracles.Tests.Solvers;

/// <summary>Heavier refinement studies (CI runs them in the bounded Slow step).</summary>
[Trait("Category", "Slow")]
public class SolverRefinementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann)]
    [InlineData(PotentialModel.LinearPoisson)]
    public void Two_dimensional_Strang_runs_self_converge_and_drift_energy_at_second_order(PotentialModel model)
    {
        // 64², ε = ħ = 0.1, T = 0.2: ‖ψ_Δt(T) − ψ_{Δt/2}(T)‖₂ and max_t|E(t) − E(0)| both fall at order 2 ± 0.3.
        var p = new PhysicalParameters(Hbar: 0.1, Epsilon: 0.1);
        var grid = PeriodicGrid.Square(64);
        var psi0 = SmoothPsi(grid, p.Hbar);
        var f = new SpbFunctionals(grid);
        double[] dts = [0.01, 0.005, 0.0025, 0.00125];
        var finals = new List<Complex[]>();
        var drifts = new List<double>();
        foreach (var dt in dts)
        {
            var run = new StrangSplitStep(grid, p, model).Run(psi0, dt, (int)Math.Round(0.2 / dt), 1);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            finals.Add(run.Trajectory.Psi(run.Trajectory.Count - 1).ToArray());
            drifts.Add(MaxEnergyDrift(f, run.Trajectory, model));
        }

        var differences = Enumerable.Range(0, dts.Length - 1).Select(i => L2Distance(grid, finals[i], finals[i + 1])).ToArray();
        var selfOrder = ObservedOrder(dts[..^1], differences);
        var driftOrder = ObservedOrder(dts, drifts);
        output.WriteLine($"{model}: differences {string.Join(", ", differences)} (order {selfOrder}); drifts {string.Join(", ", drifts)} (order {driftOrder})");
        selfOrder.ShouldBe(2.0, 0.3);
        driftOrder.ShouldBe(2.0, 0.3);
    }

    [Fact]
    public void Semiclassical_SPB_energy_drift_is_second_order_on_a_fine_grid()
    {
        // Closer to the BCY limit: ε = ħ = 0.02 on n = 512 with the Lemma 4.1 data, T = 0.2. The phases ħ|k|²Δt/2 of the
        // occupied modes stay small for Δt ≤ 0.002, so the drift is in the asymptotic O(Δt²) regime: slope 2 ± 0.3.
        var p = new PhysicalParameters(Hbar: 0.02, Epsilon: 0.02);
        var grid = PeriodicGrid.Line(512);
        var psi0 = Lemma41Psi(grid, p);
        var f = new SpbFunctionals(grid);
        double[] dts = [0.002, 0.001, 0.0005];
        var drifts = dts.Select(dt =>
        {
            var run = new StrangSplitStep(grid, p, PotentialModel.PoissonBoltzmann).Run(psi0, dt, (int)Math.Round(0.2 / dt), 1);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            return MaxEnergyDrift(f, run.Trajectory, PotentialModel.PoissonBoltzmann);
        }).ToArray();
        var order = ObservedOrder(dts, drifts);
        output.WriteLine($"drifts {string.Join(", ", drifts)}; order {order}");
        order.ShouldBe(2.0, 0.3);
    }

    [Fact]
    public void Two_dimensional_plane_simple_wave_error_against_the_exact_solution_falls_at_fourth_order()
    {
        // The R7 simple wave along axis 0 on a 128 × 8 grid (constant along axis 1): the 2-D code path must reproduce
        // the exact 1-D solution, with the RK4 error dominating (as in the 1-D test): slope 4 ± 0.3.
        const double finalTime = 0.4, amplitude = 0.4;
        var grid = new PeriodicGrid([128, 8], 1.0);
        var initial = IsothermalEulerReferences.SineSimpleWave(grid, 0, amplitude);
        var exact = IsothermalEulerReferences.SineSimpleWave(grid, finalTime, amplitude);
        double[] dts = [0.004, 0.002, 0.001, 0.0005];
        var errors = dts.Select(dt =>
        {
            var steps = (int)Math.Round(finalTime / dt);
            var run = new IsothermalEulerSolver(grid).Run(initial.Density, initial.Velocity, dt, steps, steps);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            var last = run.Trajectory.Count - 1;
            return Math.Max(
                MaxAbsDifference(run.Trajectory.Density(last), exact.Density),
                MaxAbsDifference(run.Trajectory.Velocity(last), exact.Velocity));
        }).ToArray();
        var order = ObservedOrder(dts, errors);
        output.WriteLine($"errors {string.Join(", ", errors)}; order {order}");
        order.ShouldBe(4.0, 0.3);
    }

    private static double MaxEnergyDrift(SpbFunctionals f, Trajectory trajectory, PotentialModel model)
    {
        double Energy(int frame) => model == PotentialModel.PoissonBoltzmann
            ? f.TotalEnergy(trajectory.Parameters, trajectory.Psi(frame), trajectory.Potential(frame))
            : f.SchrodingerPoissonEnergy(trajectory.Parameters, trajectory.Psi(frame), trajectory.Potential(frame));
        var e0 = Energy(0);
        var drift = 0.0;
        for (var frame = 1; frame < trajectory.Count; frame++)
        {
            drift = Math.Max(drift, Math.Abs(Energy(frame) - e0));
        }

        return drift;
    }
}
