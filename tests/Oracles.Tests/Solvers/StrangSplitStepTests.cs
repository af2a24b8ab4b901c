using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Solvers;
using Oracles.Solvers.SplitStep;
using Oracles.Systems.SchrodingerPoissonBoltzmann;
using Xunit.Abstractions;
using static Oracles.Tests.Solvers.SolverTestMath;

namespace Oracles.Tests.Solvers;

public class StrangSplitStepTests(ITestOutputHelper output)
{
    // Lemma-4.1-like 1-D problem of the brief: ε = ħ = 0.1, n = 128, T = 0.2.
    private static readonly PhysicalParameters Lemma41Parameters = new(Hbar: 0.1, Epsilon: 0.1);

    /// <summary>
    /// Exact free evolution of ψ₀ = exp(−(x − x₀)²/(2s²) + ik₀(x − x₀)) under iħ∂ₜψ = −(ħ²/2)ψ'' on R:
    /// ψ = √(s²/a) exp(−(x − x₀ − ħk₀t)²/(2a) + ik₀(x − x₀) − iħk₀²t/2), a = s² + iħt (catalogue IV.3 R5).
    /// On the unit torus the solution is the sum over the images x + j (linearity and translation invariance).
    /// </summary>
    private static Complex[] SmoothPsi3D(PeriodicGrid grid)
    {
        // ψ = √ρ e^{iS/ħ}, ρ = 1 + 0.3 cos x cos y cos z, S = 0.2(sin x + sin 2y + cos z), ħ = 0.1: smooth and resolved at 16³.
        var n = grid.Shape[0];
        var psi = new Complex[grid.Count];
        var h = 2 * Math.PI / n;
        for (var i = 0; i < grid.Count; i++)
        {
            var (x, y, z) = (i / (n * n) * h, i / n % n * h, i % n * h);
            var rho = 1 + (0.3 * Math.Cos(x) * Math.Cos(y) * Math.Cos(z));
            psi[i] = Complex.FromPolarCoordinates(Math.Sqrt(rho), 0.2 * (Math.Sin(x) + Math.Sin(2 * y) + Math.Cos(z)) / 0.1);
        }

        return psi;
    }

    private static Complex FreeGaussian(double x, double t, double hbar, double s, double x0, double k0)
    {
        var a = new Complex(s * s, hbar * t);
        var amplitude = Complex.Sqrt(s * s / a);
        var sum = Complex.Zero;
        for (var j = -20; j <= 20; j++)
        {
            // |image j| ≤ exp(−(j − 1)²·s²/(2|a|²)): with s = 0.1, ħt ≤ 0.05 the |j| > 7 terms are below 1e-40.
            var y = x + j - x0;
            var drift = y - (hbar * k0 * t);
            sum += Complex.Exp((-(drift * drift) / (2 * a)) + new Complex(0, (k0 * y) - (0.5 * hbar * k0 * k0 * t)));
        }

        return amplitude * sum;
    }

    [Theory]
    [InlineData(1, 128)]
    [InlineData(2, 64)]
    public void Free_Gaussian_packet_spreads_as_the_exact_solution(int dimension, int n)
    {
        // R5: with V ≡ 0 Strang splitting is the exact spectral propagator e^{−iħ|k|²Δt/2}, so the only errors are
        // (i) the truncation of the initial data to n modes — the Gaussian spectrum at the Nyquist mode is
        // exp(−(πn·s)²/2) ≤ e^{−200} for s = 0.1, n ≥ 64 — and (ii) round-off, at most one FFT pair of relative error
        // ≤ n_total·eps per step (a worst-case bound; typical is eps·log n), times max|ψ| (1 here).
        const double hbar = 0.05, s = 0.1, x0 = 0.5, dt = 0.01;
        const int steps = 100;
        var k0 = 2 * Math.PI * 3;
        var grid = new PeriodicGrid(Enumerable.Repeat(n, dimension).ToArray(), 1.0);
        var solver = new StrangSplitStep(grid, new PhysicalParameters(hbar, 0), PotentialModel.Free);
        Complex Exact(double[] x, double t)
        {
            var z = Complex.One;
            foreach (var xa in x)
            {
                z *= FreeGaussian(xa, t, hbar, s, x0, k0);
            }

            return z;
        }

        var psi = Sample(grid, x => Exact(x, 0));
        var v = new double[grid.Count];
        solver.InitialPotential(psi, v);
        v.ShouldAllBe(x => x == 0);
        for (var step = 0; step < steps; step++)
        {
            solver.Step(psi, v, dt);
        }

        var expected = Sample(grid, x => Exact(x, steps * dt));
        var tolerance = steps * grid.Count * Eps;
        var error = MaxAbsDifference(psi, expected);
        output.WriteLine($"d={dimension}: max error {error} (bound {tolerance})");
        error.ShouldBeLessThan(tolerance);
    }

    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann, 3)]
    [InlineData(PotentialModel.LinearPoisson, -5)]
    public void A_plane_wave_has_zero_potential_and_the_exact_kinetic_phase(PotentialModel model, int mode)
    {
        // |e^{2πimx}|² ≡ 1, so V ≡ 0 for SPB (h = 1 = e^0) and SP (h − mean h = 0); the exact solution is
        // e^{2πimx − iħ(2πm)²t/2}. Strang reproduces it up to round-off: per step one FFT pair (≤ n·eps relative) and,
        // for SPB, a Newton residual ≤ 1e-12 in V turning into a phase error ≤ 1e-12·Δt/ħ.
        const int n = 64, steps = 50;
        const double dt = 0.01;
        var p = new PhysicalParameters(Hbar: 0.1, Epsilon: 0.05);
        var grid = PeriodicGrid.Line(n);
        var k = 2 * Math.PI * mode;
        var psi = Sample(grid, x => Complex.FromPolarCoordinates(1, k * x[0]));
        var run = new StrangSplitStep(grid, p, model).Run(psi, dt, steps, steps);
        run.Status.ShouldBe(SolverStatus.Success, run.Message);
        var t = steps * dt;
        var expected = Sample(grid, x => Complex.FromPolarCoordinates(1, (k * x[0]) - (0.5 * p.Hbar * k * k * t)));
        var tolerance = steps * ((n * Eps) + (1e-12 * dt / p.Hbar));
        MaxAbsDifference(run.Trajectory.Psi(1), expected).ShouldBeLessThan(tolerance);
        run.Trajectory.Potential(1).ToArray().Max(Math.Abs).ShouldBeLessThan(1e-12);
    }

    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann)]
    [InlineData(PotentialModel.LinearPoisson)]
    public void Mass_is_conserved_to_roundoff_by_Strang_splitting(PotentialModel model)
    {
        // Kicks multiply by unit-modulus phases (relative error ≤ 2 eps per point); the drift is an FFT pair with a
        // unit-modulus multiplier (relative L² error ≤ n·eps, worst case). Hence |M(t_k) − M(0)| ≤ k·n·eps·M(0)
        // (plus 2k·eps·M(0) from the kicks, absorbed since n ≥ 2).
        const int n = 128, steps = 200;
        const double dt = 0.005;
        var grid = PeriodicGrid.Line(n);
        var run = new StrangSplitStep(grid, Lemma41Parameters, model).Run(Lemma41Psi(grid, Lemma41Parameters), dt, steps, 10);
        run.Status.ShouldBe(SolverStatus.Success, run.Message);
        var f = new SpbFunctionals(grid);
        var m0 = f.Mass(run.Trajectory.Psi(0));
        for (var frame = 1; frame < run.Trajectory.Count; frame++)
        {
            var k = (int)Math.Round(run.Trajectory.Times[frame] / dt);
            Math.Abs(f.Mass(run.Trajectory.Psi(frame)) - m0).ShouldBeLessThanOrEqualTo(k * n * Eps * m0);
        }
    }

    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann)]
    [InlineData(PotentialModel.LinearPoisson)]
    public void Energy_drift_is_second_order_in_the_time_step(PotentialModel model)
    {
        // 𝓕 (SPB, [BCY, eq. (2.4)]) or ½ħ²‖∇ψ‖² + (ε/2)‖∇V‖² (SP) is conserved by the flow; Strang's modified energy
        // differs by O(Δt²), so max_t |E(t) − E(0)| must fall at order 2 (LSQ slope 2 ± 0.3) under Δt halving.
        const int n = 128;
        const double finalTime = 0.2;
        var grid = PeriodicGrid.Line(n);
        var psi0 = Lemma41Psi(grid, Lemma41Parameters);
        var f = new SpbFunctionals(grid);
        double[] dts = [0.01, 0.005, 0.0025];
        var drifts = new List<double>();
        foreach (var dt in dts)
        {
            var steps = (int)Math.Round(finalTime / dt);
            var run = new StrangSplitStep(grid, Lemma41Parameters, model).Run(psi0, dt, steps, 1);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            drifts.Add(MaxEnergyDrift(f, run.Trajectory, model));
        }

        var order = ObservedOrder(dts, drifts);
        output.WriteLine($"{model}: max energy drifts {string.Join(", ", drifts)}; order {order}");
        order.ShouldBe(2.0, 0.3);
    }

    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann)]
    [InlineData(PotentialModel.LinearPoisson)]
    public void Final_state_self_converges_at_second_order(PotentialModel model)
    {
        // ‖ψ_Δt(T) − ψ_{Δt/2}(T)‖₂ = (1 − 2^{−p})·C·Δt^p + …: the LSQ slope over Δt = 0.02 … 0.005 is p = 2 ± 0.3.
        const int n = 128;
        const double finalTime = 0.2;
        var grid = PeriodicGrid.Line(n);
        var psi0 = Lemma41Psi(grid, Lemma41Parameters);
        double[] dts = [0.02, 0.01, 0.005, 0.0025];
        var finals = dts.Select(dt =>
        {
            var run = new StrangSplitStep(grid, Lemma41Parameters, model).Run(psi0, dt, (int)Math.Round(finalTime / dt), 1000);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            return run.Trajectory.Psi(run.Trajectory.Count - 1).ToArray();
        }).ToArray();
        var differences = Enumerable.Range(0, dts.Length - 1).Select(i => L2Distance(grid, finals[i], finals[i + 1])).ToArray();
        var order = ObservedOrder(dts[..^1], differences);
        output.WriteLine($"{model}: successive differences {string.Join(", ", differences)}; order {order}");
        order.ShouldBe(2.0, 0.3);
    }

    [Theory]
    [InlineData(2, 16, PotentialModel.PoissonBoltzmann)]
    [InlineData(2, 16, PotentialModel.LinearPoisson)]
    [InlineData(3, 8, PotentialModel.PoissonBoltzmann)]
    [InlineData(3, 8, PotentialModel.LinearPoisson)]
    public void Multi_dimensional_runs_conserve_mass_and_drift_energy_at_second_order(int dimension, int n, PotentialModel model)
    {
        // Smoke test on small grids: mass to round-off (bound as in the 1-D test, with N = n^d) and an energy drift
        // that falls at order 2 ± 0.3 under Δt halving.
        var p = new PhysicalParameters(Hbar: 0.2, Epsilon: 0.2);
        var grid = new PeriodicGrid(Enumerable.Repeat(n, dimension).ToArray(), 1.0);
        var psi0 = SmoothPsi(grid, p.Hbar);
        var f = new SpbFunctionals(grid);
        double[] dts = [0.02, 0.01, 0.005];
        var drifts = new List<double>();
        foreach (var dt in dts)
        {
            var steps = (int)Math.Round(0.2 / dt);
            var run = new StrangSplitStep(grid, p, model).Run(psi0, dt, steps, 1);
            run.Status.ShouldBe(SolverStatus.Success, run.Message);
            var m0 = f.Mass(run.Trajectory.Psi(0));
            for (var frame = 1; frame < run.Trajectory.Count; frame++)
            {
                Math.Abs(f.Mass(run.Trajectory.Psi(frame)) - m0).ShouldBeLessThanOrEqualTo(frame * grid.Count * Eps * m0);
            }

            drifts.Add(MaxEnergyDrift(f, run.Trajectory, model));
        }

        var order = ObservedOrder(dts, drifts);
        output.WriteLine($"d={dimension} {model}: max energy drifts {string.Join(", ", drifts)}; order {order}");
        order.ShouldBe(2.0, 0.3);
    }

    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann)]
    [InlineData(PotentialModel.LinearPoisson)]
    public void Step_does_not_allocate_after_warm_up(PotentialModel model)
    {
        var grid = PeriodicGrid.Line(64);
        var solver = new StrangSplitStep(grid, Lemma41Parameters, model);
        var psi = Lemma41Psi(grid, Lemma41Parameters);
        var v = new double[grid.Count];
        solver.InitialPotential(psi, v);
        for (var i = 0; i < 3; i++)
        {
            solver.Step(psi, v, 0.001);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            solver.Step(psi, v, 0.001);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Theory]
    [InlineData(PotentialModel.PoissonBoltzmann)]
    [InlineData(PotentialModel.LinearPoisson)]
    public void A_threaded_3D_step_does_not_allocate_after_warm_up(PotentialModel model)
    {
        // 64³ = 262144 points: above the parallel thresholds of the FFT and the pointwise kernels.
        var grid = new PeriodicGrid([64, 64, 64], 2 * Math.PI);
        var solver = new StrangSplitStep(grid, new PhysicalParameters(0.1, 1.0), model);
        var psi = SmoothPsi3D(grid);
        var v = new double[grid.Count];
        solver.InitialPotential(psi, v);

        // Warm-up: threaded, and once inline, so this thread has run every kind of chunk and holds its per-thread
        // scratch (under load a worker can take all chunks of a pass, and the first chunk this thread then runs would
        // allocate its scratch once, inside the measurement).
        solver.Advance(psi, v, 1e-3, 3);
        Oracles.Core.Threading.ParallelChunks.Inline(() => solver.Advance(psi, v, 1e-3, 3));
        var before = GC.GetAllocatedBytesForCurrentThread();
        solver.Advance(psi, v, 1e-3, 2);
        solver.Step(psi, v, 1e-3);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0);
    }

    [Theory]
    [InlineData(PotentialModel.LinearPoisson, 1)]
    [InlineData(PotentialModel.LinearPoisson, 3)]
    public void Advance_with_fused_kicks_equals_repeated_steps_to_round_off(PotentialModel model, int dimension)
    {
        // The junction kick e^{−iVΔt/ħ} is the product of the two half kicks with the same V, exactly; only rounding
        // differs (one sin/cos of 2θV instead of two of θV, ≈ 2 ulp of the phase per junction). Propagated through 20
        // unitary steps and the linear V[|ψ|²] map, the difference stays within 10³·eps·‖ψ‖∞ (the observed one is ≈ 1e-14).
        var (solver, stepped, vStepped, advanced, vAdvanced, _) = StepTwoWays(model, dimension);
        var scale = stepped.Max(z => z.Magnitude);
        var difference = stepped.Zip(advanced, (a, b) => (a - b).Magnitude).Max();
        output.WriteLine($"max |ψ_step − ψ_advance| = {difference:E2} (‖ψ‖∞ = {scale:F3})");
        solver.CompletedSteps.ShouldBe(20);
        difference.ShouldBeLessThan(1e3 * 2.220446049250313e-16 * scale);
        vStepped.Zip(vAdvanced, (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThan(1e3 * 2.220446049250313e-16 * (1 + vStepped.Max(Math.Abs)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Advance_with_the_extrapolated_Newton_start_equals_repeated_steps_within_the_solver_tolerance(int dimension)
    {
        // Poisson–Boltzmann: Advance starts Newton from 2Vⁿ − Vⁿ⁻¹, Step from Vⁿ; both stop at relative residual
        // ‖F‖₂ ≤ tol·‖h‖₂ (tol = 1e-12), so per step the two V differ by at most ‖A⁻¹‖·2·tol·‖h‖₂ with
        // A = −εΔ + e^V ≥ min e^V (the linearisation; F is monotone). That phase error Δt/ħ·δV moves ψ by at most
        // (Δt/ħ)·max|δV|·‖ψ‖₂ per step in l2 (the drift is unitary; the feedback through |ψ|² over 20 steps of
        // Δt = 1e-3 adds a factor 1 + O(10⁻²), covered by the factor 2), plus the round-off of the linear case.
        var (_, stepped, vStepped, advanced, vAdvanced, perStepBound) = StepTwoWays(PotentialModel.PoissonBoltzmann, dimension);
        var l2 = Math.Sqrt(stepped.Sum(z => z.Magnitude * z.Magnitude));
        var psiBound = (2 * 20 * 1e-3 / 0.1 * perStepBound * l2) + (1e3 * 2.220446049250313e-16 * l2);
        var psiDifference = Math.Sqrt(stepped.Zip(advanced, (a, b) => (a - b).Magnitude * (a - b).Magnitude).Sum());
        var vDifference = vStepped.Zip(vAdvanced, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"‖ψ_step − ψ_advance‖₂ = {psiDifference:E2} (bound {psiBound:E2}); max|V_step − V_advance| = {vDifference:E2} (per-step solver bound {perStepBound:E2})");
        psiDifference.ShouldBeLessThan(psiBound);

        // V: the solver's own share plus the response A⁻¹δh to the density difference δh = 2 Re(ψ̄δψ).
        var minExpV = vStepped.Min(Math.Exp);
        var hDifference = 2 * stepped.Max(z => z.Magnitude) * psiBound;
        vDifference.ShouldBeLessThan(perStepBound + (hDifference / minExpV) + (1e3 * 2.220446049250313e-16 * (1 + vStepped.Max(Math.Abs))));
    }

    private static (StrangSplitStep Solver, Complex[] Stepped, double[] VStepped, Complex[] Advanced, double[] VAdvanced, double PerStepVBound)
        StepTwoWays(PotentialModel model, int dimension)
    {
        var grid = dimension == 1 ? PeriodicGrid.Line(128) : new PeriodicGrid([16, 16, 16], 2 * Math.PI);
        var parameters = dimension == 1 ? Lemma41Parameters : new PhysicalParameters(0.1, 1.0);
        var solver = new StrangSplitStep(grid, parameters, model);
        var psi0 = dimension == 1 ? Lemma41Psi(grid, parameters) : SmoothPsi3D(grid);
        var stepped = (Complex[])psi0.Clone();
        var vStepped = new double[grid.Count];
        solver.InitialPotential(stepped, vStepped);
        var advanced = (Complex[])psi0.Clone();
        var vAdvanced = (double[])vStepped.Clone();
        var perStepBound = 0.0;
        for (var k = 0; k < 20; k++)
        {
            solver.Step(stepped, vStepped, 1e-3);
            var h = Math.Sqrt(stepped.Sum(z => Math.Pow(z.Magnitude, 4)));
            perStepBound = Math.Max(perStepBound, 2 * 1e-12 * h / vStepped.Min(Math.Exp));
        }

        solver.Advance(advanced, vAdvanced, 1e-3, 20);
        return (solver, stepped, vStepped, advanced, vAdvanced, perStepBound);
    }

    [Fact]
    public void Run_samples_the_first_the_every_kth_and_the_last_step_with_provenance()
    {
        var grid = PeriodicGrid.Line(32);
        var run = new StrangSplitStep(grid, Lemma41Parameters, PotentialModel.PoissonBoltzmann).Run(Lemma41Psi(grid, Lemma41Parameters), 0.01, 7, 3);
        run.Status.ShouldBe(SolverStatus.Success);
        run.Trajectory.System.ShouldBe(SystemIds.SchrodingerPoissonBoltzmann);
        run.Trajectory.Times.ToArray().ShouldBe([0, 0.03, 0.06, 0.07], tolerance: 1e-15);
        run.Trajectory.HasPotential.ShouldBeTrue();
        run.Trajectory.Provenance.Scheme.ShouldStartWith("Strang split-step Fourier");
        run.Trajectory.Provenance.SchemeOrder.ShouldBe(2);
        run.Trajectory.Provenance.SolverTimeStep.ShouldBe(0.01);
        new StrangSplitStep(grid, Lemma41Parameters, PotentialModel.LinearPoisson).Run(Lemma41Psi(grid, Lemma41Parameters), 0.01, 1, 1)
            .Trajectory.System.ShouldBe(SystemIds.SchrodingerPoisson);
    }

    [Fact]
    public void Bad_input_is_rejected_with_the_argument_named()
    {
        var grid = PeriodicGrid.Line(16);
        var solver = new StrangSplitStep(grid, Lemma41Parameters, PotentialModel.PoissonBoltzmann);
        var psi = Lemma41Psi(grid, Lemma41Parameters);

        var nan = (Complex[])psi.Clone();
        nan[5] = new Complex(double.NaN, 0);
        Should.Throw<ArgumentException>(() => solver.Run(nan, 0.01, 1, 1)).ParamName.ShouldBe("psi0");
        Should.Throw<ArgumentException>(() => solver.Run(new Complex[grid.Count], 0.01, 1, 1)).ParamName.ShouldBe("psi0");
        Should.Throw<ArgumentException>(() => solver.Run(new Complex[15], 0.01, 1, 1)).ParamName.ShouldBe("psi0");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(psi, 0, 1, 1)).ParamName.ShouldBe("dt");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(psi, -0.1, 1, 1)).ParamName.ShouldBe("dt");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(psi, double.NaN, 1, 1)).ParamName.ShouldBe("dt");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(psi, 0.01, -1, 1)).ParamName.ShouldBe("steps");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Run(psi, 0.01, 1, 0)).ParamName.ShouldBe("sampleEvery");

        var v = new double[grid.Count];
        Should.Throw<ArgumentException>(() => solver.Step(psi, new double[3], 0.01)).ParamName.ShouldBe("v");
        Should.Throw<ArgumentException>(() => solver.Step(new Complex[3], v, 0.01)).ParamName.ShouldBe("psi");
        Should.Throw<ArgumentOutOfRangeException>(() => solver.Step(psi, v, 0)).ParamName.ShouldBe("dt");

        Should.Throw<ArgumentOutOfRangeException>(() => new StrangSplitStep(grid, new PhysicalParameters(0, 0.1), PotentialModel.LinearPoisson))
            .ParamName.ShouldBe("parameters");
        Should.Throw<ArgumentOutOfRangeException>(() => new StrangSplitStep(grid, new PhysicalParameters(0.1, 0), PotentialModel.PoissonBoltzmann))
            .ParamName.ShouldBe("parameters");
        Should.Throw<ArgumentOutOfRangeException>(() => new StrangSplitStep(grid, Lemma41Parameters, (PotentialModel)42))
            .ParamName.ShouldBe("model");
        Should.Throw<InvalidOperationException>(() => new StrangSplitStep(grid, Lemma41Parameters, PotentialModel.Free).Run(psi, 0.01, 1, 1));
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

    private static Complex[] Sample(PeriodicGrid grid, Func<double[], Complex> f)
    {
        var re = grid.Sample(x => f(x).Real);
        var im = grid.Sample(x => f(x).Imaginary);
        return re.Zip(im, (a, b) => new Complex(a, b)).ToArray();
    }
}
