using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Solvers;
using Oracles.Solvers.Euler;
using Oracles.Systems.IsothermalEuler;
using Xunit.Abstractions;
using static Oracles.Tests.Solvers.SolverTestMath;

namespace Oracles.Tests.Solvers;

public class IsothermalEulerSolverTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(1, 64)]
    [InlineData(2, 32)]
    public void Linear_acoustics_is_reproduced_up_to_second_order_in_the_amplitude(int dimension, int n)
    {
        // R7: ρ = 1 + δcos(k·x − |k|t), u = δ(k/|k|)cos(k·x − |k|t) solves (2.2) up to O(δ²) (the neglected quadratic
        // terms and the O(δ²) left-moving wave of the data). The scheme's own errors are spectral in space and
        // O((|k|Δt)⁴)·δ in time (≈ 1e-6·δ for Δt = 0.005), far below δ² here, so max|error| must fall at order 2 ± 0.3 in δ.
        const double dt = 0.005, finalTime = 0.25;
        var grid = new PeriodicGrid(Enumerable.Repeat(n, dimension).ToArray(), 1.0);
        var mode = Enumerable.Repeat(1, dimension).ToArray();
        double[] deltas = [1e-2, 5e-3, 2.5e-3, 1.25e-3];
        var errors = new List<double>();
        foreach (var delta in deltas)
        {
            var initial = IsothermalEulerReferences.LinearAcoustics(grid, delta, 0, mode);
            var steps = (int)Math.Round(finalTime / dt);
            var run = new IsothermalEulerSolver(grid).Run(initial.Density, initial.Velocity, dt, steps, steps);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            var exact = IsothermalEulerReferences.LinearAcoustics(grid, delta, steps * dt, mode);
            var last = run.Trajectory.Count - 1;
            errors.Add(Math.Max(
                MaxAbsDifference(run.Trajectory.Density(last), exact.Density),
                MaxAbsDifference(run.Trajectory.Velocity(last), exact.Velocity)));
        }

        var order = ObservedOrder(deltas, errors);
        output.WriteLine($"d={dimension}: errors {string.Join(", ", errors)}; order {order}");
        order.ShouldBe(2.0, 0.3);
    }

    [Fact]
    public void RK4_self_converges_at_fourth_order_in_time()
    {
        // Fixed grid n = 64, smooth simple wave a = 0.4 up to T = 0.2 (t* = 1/(0.4π) ≈ 0.80; the spectral tail stays
        // ≈ 2e-10, below the default monitor threshold 1e-6). Successive differences ‖y_Δt − y_{Δt/2}‖∞ = (1 − 2⁻⁴)·C·Δt⁴ + …:
        // LSQ slope 4 ± 0.3. All Δt satisfy the RK4 limit Δt ≤ 2√2/|k|max ≈ 0.0145 at n = 64.
        const double finalTime = 0.2, amplitude = 0.4;
        var grid = PeriodicGrid.Line(64);
        var initial = IsothermalEulerReferences.SineSimpleWave(grid, 0, amplitude);
        double[] dts = [0.008, 0.004, 0.002, 0.001, 0.0005];
        var finals = dts.Select(dt => FinalState(grid, initial, dt, finalTime)).ToArray();
        var differences = Enumerable.Range(0, dts.Length - 1)
            .Select(i => Math.Max(MaxAbsDifference(finals[i].Rho, finals[i + 1].Rho), MaxAbsDifference(finals[i].U, finals[i + 1].U)))
            .ToArray();
        var order = ObservedOrder(dts[..^1], differences);
        output.WriteLine($"differences {string.Join(", ", differences)}; order {order}");
        order.ShouldBe(4.0, 0.3);
    }

    [Fact]
    public void Simple_wave_error_against_the_exact_Riemann_invariant_solution_falls_at_fourth_order()
    {
        // R7: w₋ = u − log ρ ≡ 0, w₊⁰ = 0.4 sin 2πx; the exact solution (implicit, characteristic speed λ₊ = w₊/2 + 1)
        // up to T = 0.4 ≈ t*/2. At n = 128 the spatial error is below 1e-10 (the Fourier tail of the exact solution at
        // T is ~1e-9 relative beyond the 2/3 band and the error of a Galerkin truncation is far smaller), so the error
        // against the exact solution is the RK4 error: LSQ slope 4 ± 0.3 over Δt = 0.004 … 0.0005 (stable: Δt·|k|max ≤ 2√2
        // needs Δt ≤ 0.0071 at n = 128).
        const double finalTime = 0.4, amplitude = 0.4;
        var grid = PeriodicGrid.Line(128);
        var initial = IsothermalEulerReferences.SineSimpleWave(grid, 0, amplitude);
        var exact = IsothermalEulerReferences.SineSimpleWave(grid, finalTime, amplitude);
        double[] dts = [0.004, 0.002, 0.001, 0.0005];
        var errors = dts.Select(dt =>
        {
            var (rho, u) = FinalState(grid, initial, dt, finalTime);
            return Math.Max(MaxAbsDifference(rho, exact.Density), MaxAbsDifference(u, exact.Velocity));
        }).ToArray();
        var order = ObservedOrder(dts, errors);
        output.WriteLine($"errors {string.Join(", ", errors)}; order {order}");
        order.ShouldBe(4.0, 0.3);
    }

    [Theory]
    [InlineData(IsothermalEulerSolver.DefaultSmoothnessThreshold)]
    [InlineData(1e-2)]
    public void A_steepening_wave_reports_leaving_the_smooth_regime_instead_of_throwing(double threshold)
    {
        // The simple wave a = 0.4 breaks at t* = 1/(0.4π) ≈ 0.80. At a jump the nonlinear term ∂ₓ(u²/2) has Fourier
        // coefficients that do not decay, so the fraction the 2/3 rule discards is O(1) ≫ 1e-2: the monitor must stop
        // the run by t* (10% margin for the steps the spectrum needs to fill), with a status — not an exception — and
        // only finite, positive frames. The data are resolved at t = 0 (tails ~1e-16), so the run must not stop there.
        const double amplitude = 0.4, dt = 0.002;
        var breaking = IsothermalEulerReferences.SineSimpleWaveBreakingTime(1.0, amplitude);
        var grid = PeriodicGrid.Line(64);
        var initial = IsothermalEulerReferences.SineSimpleWave(grid, 0, amplitude);
        var steps = (int)Math.Round(2.5 * breaking / dt);
        var run = new IsothermalEulerSolver(grid, threshold).Run(initial.Density, initial.Velocity, dt, steps, 10);
        output.WriteLine($"t* = {breaking}; {run.Message}");
        run.Status.ShouldBe(SolverStatus.LeftSmoothRegime, run.Message);
        run.Message.ShouldContain("Stopped at t=");
        var trajectory = run.Trajectory;
        trajectory.Count.ShouldBeGreaterThan(1);
        trajectory.Times[^1].ShouldBeLessThan(breaking + (0.1 * breaking));
        for (var frame = 0; frame < trajectory.Count; frame++)
        {
            trajectory.Density(frame).ToArray().ShouldAllBe(r => double.IsFinite(r) && r > 0);
            trajectory.Velocity(frame).ToArray().ShouldAllBe(u => double.IsFinite(u));
        }
    }

    [Fact]
    public void Time_derivative_matches_the_right_hand_side_of_the_log_form_computed_by_hand()
    {
        // BCY (2.2) for l = a sin2πx cos2πy, u = (b cos2πx, c sin2πy), differentiated by hand:
        //   ∂ₜl  = −div u − u·∇l = 2πb sin2πx − 2πc cos2πy − 2πab cos²2πx cos2πy + 2πac sin2πx sin²2πy,
        //   ∂ₜu₁ = −u·∇u₁ − ∂ₓl = 2πb² cos2πx sin2πx − 2πa cos2πx cos2πy,
        //   ∂ₜu₂ = −u·∇u₂ − ∂ᵧl = −2πc² sin2πy cos2πy + 2πa sin2πx sin2πy.
        // Products have |m| ≤ 2 per axis, inside the 2/3 band for n = 8 (3·2 ≤ 8), so the spectral RHS is exact up to
        // round-off: one FFT pair (≤ N·eps relative) times the largest derivative factor |k|max = 2π·4, per term (4 terms).
        const double a = 0.3, b = 0.2, c = -0.25;
        var grid = PeriodicGrid.Square(8);
        var n = grid.Count;
        var tau = 2 * Math.PI;
        var l = grid.Sample(x => a * Math.Sin(tau * x[0]) * Math.Cos(tau * x[1]));
        var u = grid.Sample(x => b * Math.Cos(tau * x[0])).Concat(grid.Sample(x => c * Math.Sin(tau * x[1]))).ToArray();
        var expectedL = grid.Sample(x =>
            (tau * b * Math.Sin(tau * x[0])) - (tau * c * Math.Cos(tau * x[1]))
            - (tau * a * b * Math.Pow(Math.Cos(tau * x[0]), 2) * Math.Cos(tau * x[1]))
            + (tau * a * c * Math.Sin(tau * x[0]) * Math.Pow(Math.Sin(tau * x[1]), 2)));
        var expectedU = grid.Sample(x =>
                (tau * b * b * Math.Cos(tau * x[0]) * Math.Sin(tau * x[0])) - (tau * a * Math.Cos(tau * x[0]) * Math.Cos(tau * x[1])))
            .Concat(grid.Sample(x =>
                (-tau * c * c * Math.Sin(tau * x[1]) * Math.Cos(tau * x[1])) + (tau * a * Math.Sin(tau * x[0]) * Math.Sin(tau * x[1]))))
            .ToArray();
        var dl = new double[n];
        var du = new double[2 * n];
        new IsothermalEulerSolver(grid).TimeDerivative(l, u, dl, du);
        var tolerance = 4 * n * Eps * (tau * 4);
        MaxAbsDifference(dl, expectedL).ShouldBeLessThan(tolerance);
        MaxAbsDifference(du, expectedU).ShouldBeLessThan(tolerance);
    }

    [Fact]
    public void A_time_step_above_the_RK4_stability_limit_is_reported_not_taken()
    {
        // n = 64: |k|max = 2π·31, so the limit is 2√2/(2π·31) ≈ 0.0145 for a slow flow; Δt = 0.05 violates it.
        var grid = PeriodicGrid.Line(64);
        var initial = IsothermalEulerReferences.LinearAcoustics(grid, 0.01, 0);
        var solver = new IsothermalEulerSolver(grid);
        solver.StableTimeStep(0).ShouldBe(2 * Math.Sqrt(2) / (2 * Math.PI * 31), 1e-15);
        var run = solver.Run(initial.Density, initial.Velocity, 0.05, 10, 1);
        run.Status.ShouldBe(SolverStatus.StabilityLimitViolated);
        run.Message.ShouldContain("stability limit");
        run.Trajectory.Count.ShouldBe(1);
        run.Trajectory.Density(0).ToArray().ShouldBe(initial.Density);
    }

    [Fact]
    public void Run_samples_the_first_the_every_kth_and_the_last_step_with_provenance()
    {
        var grid = PeriodicGrid.Line(16);
        var initial = IsothermalEulerReferences.LinearAcoustics(grid, 0.01, 0);
        var run = new IsothermalEulerSolver(grid).Run(initial.Density, initial.Velocity, 0.01, 7, 3);
        run.Status.ShouldBe(SolverStatus.Success, run.Message);
        run.Trajectory.System.ShouldBe(SystemIds.IsothermalEuler);
        run.Trajectory.Parameters.ShouldBe(new PhysicalParameters(0, 0));
        run.Trajectory.Times.ToArray().ShouldBe([0, 0.03, 0.06, 0.07], tolerance: 1e-15);
        run.Trajectory.HasVelocity.ShouldBeTrue();
        run.Trajectory.Provenance.Scheme.ShouldStartWith("pseudo-spectral + RK4");
        run.Trajectory.Provenance.SchemeOrder.ShouldBe(4);
        run.Trajectory.Provenance.SolverTimeStep.ShouldBe(0.01);
        run.Trajectory.Density(0).ToArray().ShouldBe(initial.Density, tolerance: 4 * Eps);
    }

    [Fact]
    public void Step_and_time_derivative_do_not_allocate()
    {
        var grid = PeriodicGrid.Square(16);
        var solver = new IsothermalEulerSolver(grid);
        var initial = IsothermalEulerReferences.LinearAcoustics(grid, 0.01, 0, [1, 1]);
        var l = initial.Density.Select(r => Math.Log(r)).ToArray();
        var u = initial.Velocity;
        solver.Step(l, u, 0.001);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            solver.Step(l, u, 0.001);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_argument_named()
    {
        var grid = PeriodicGrid.Line(16);
        var solver = new IsothermalEulerSolver(grid);
        var rho = grid.Sample(_ => 1.0);
        var u = new double[16];

        var zero = (double[])rho.Clone();
        zero[3] = 0;
        Should.Throw<ArgumentException>(() => solver.Run(zero, u, 0.01, 1, 1)).ParamName.ShouldBe("rho0");
        var negative = (double[])rho.Clone();
        negative[3] = -1;
        Should.Throw<ArgumentException>(() => solver.Run(negative, u, 0.01, 1, 1)).ParamName.ShouldBe("rho0");
        var nan = (double[])rho.Clone();
        nan[3] = double.NaN;
        Should.Throw<ArgumentException>(() => solver.Run(nan, u, 0.01, 1, 1)).ParamName.ShouldBe("rho0");
        var nanU = new double[16];
        nanU[0] = double.PositiveInfinity;
        Should.Throw<ArgumentException>(() => solver.Run(rho, nanU, 0.01, 1, 1)).ParamName.ShouldBe("u0");
        Should.Throw<ArgumentException>(() => solver.Run(new double[15], u, 0.01, 1, 1)).ParamName.ShouldBe("rho0");
        Should.Throw<ArgumentException>(() => solver.Run(rho, new double[32], 0.01, 1, 1)).ParamName.ShouldBe("u0");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(rho, u, 0, 1, 1)).ParamName.ShouldBe("dt");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(rho, u, -1, 1, 1)).ParamName.ShouldBe("dt");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(rho, u, 0.01, -1, 1)).ParamName.ShouldBe("steps");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(rho, u, 0.01, 1, 0)).ParamName.ShouldBe("sampleEvery");
        Should.Throw<ArgumentException>(() => solver.Step(new double[3], u, 0.01)).ParamName.ShouldBe("logRho");
        Should.Throw<ArgumentException>(() => solver.Step(new double[16], new double[3], 0.01)).ParamName.ShouldBe("u");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Step(new double[16], u, double.NaN)).ParamName.ShouldBe("dt");
        Should.Throw<ArgumentException>(() => solver.TimeDerivative(new double[16], u, new double[16], new double[5])).ParamName.ShouldBe("du");
        Should.Throw<ArgumentOutOfRangeException>(() => new IsothermalEulerSolver(grid, 0)).ParamName.ShouldBe("smoothnessThreshold");
        Should.Throw<ArgumentOutOfRangeException>(() => new IsothermalEulerSolver(grid, 1)).ParamName.ShouldBe("smoothnessThreshold");
    }

    private static (double[] Rho, double[] U) FinalState(PeriodicGrid grid, EulerState initial, double dt, double finalTime)
    {
        var steps = (int)Math.Round(finalTime / dt);
        var run = new IsothermalEulerSolver(grid).Run(initial.Density, initial.Velocity, dt, steps, steps);
        run.Status.ShouldBe(SolverStatus.Success, run.Message);
        var last = run.Trajectory.Count - 1;
        return (run.Trajectory.Density(last).ToArray(), run.Trajectory.Velocity(last).ToArray());
    }
}
