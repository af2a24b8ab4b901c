using System.Runtime.Intrinsics;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Core.Threading;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Tests.Systems.PoissonBoltzmann;

/// <summary>
/// The Poisson–Boltzmann solver against exact references (catalogue IV.3 R8, BCY Remark 2.5/2.6).
/// Error bounds use the coercivity of the Newton operator J = −εΔ + e^V ≥ min e^V (SPD): for two potentials,
/// ‖V − W‖₂ ≤ ‖F(V) − F(W)‖₂ / min(e^V, e^W), with F(V) = −εΔV + e^V − h the residual. So an exact solution W
/// is matched to (measured residual + residual of W itself, which is round-off) / min e^V.
/// </summary>
public class PoissonBoltzmannSolverTests
{
    private const double Tol = 1e-12;

    public static TheoryData<int[], double> GridsAndEpsilons() => new()
    {
        { new[] { 64 }, 0.1 },
        { new[] { 63 }, 0.01 },
        { new[] { 128 }, 1e-4 },
        { new[] { 128 }, 1e-6 },
        { new[] { 24, 17 }, 0.05 },
        { new[] { 12, 12, 11 }, 0.05 },
    };

    [Fact]
    public void Constant_density_one_gives_the_zero_potential_from_a_nonzero_start()
    {
        var grid = PeriodicGrid.Line(64);
        var h = Enumerable.Repeat(1.0, grid.Count).ToArray();
        var v = grid.Sample(x => 0.3 * Math.Sin(2 * Math.PI * x[0]));
        var report = new PoissonBoltzmannSolver(grid, 0.1).SolveInto(h, v);

        // Coercivity: ‖V − 0‖_rms ≤ ‖F‖_rms / min e^V with ‖F‖_rms ≤ Tol·‖h‖_rms = Tol, min e^V ≥ 1/2 (|V| ≤ Tol·√N).
        Slopes.Rms(v).ShouldBeLessThan(2 * Tol);
        report.NewtonIterations.ShouldBeGreaterThan(0);
    }

    [Theory]
    [MemberData(nameof(GridsAndEpsilons))]
    public void Manufactured_density_recovers_its_potential_exactly(int[] shape, double epsilon)
    {
        var grid = new PeriodicGrid(shape, 1.0);
        var ops = new SpectralOperators(grid);
        var v0 = SmoothPotential(grid);
        var h = PoissonBoltzmannReferences.FromPotential(ops, epsilon, v0);
        var v = new double[grid.Count];
        var report = new PoissonBoltzmannSolver(grid, epsilon).SolveInto(h, v);

        var r0 = new double[grid.Count];
        PoissonBoltzmannSolver.Residual(ops, epsilon, h, v0, r0);
        var minExp = Math.Exp(Math.Min(v.Min(), v0.Min()));
        var bound = ((report.RelativeResidual * Slopes.Rms(h)) + Slopes.Rms(r0)) / minExp;
        Slopes.RmsDifference(v, v0).ShouldBeLessThanOrEqualTo(bound * (1 + 1e-6));
        Slopes.MaxAbsDifference(v, v0).ShouldBeLessThan(1e-12); // "to ~1e-12" (bound above is ~1e-14 rms here)
        report.RelativeResidual.ShouldBeLessThanOrEqualTo(Math.Max(Tol, report.RoundoffFloor));
    }

    [Theory]
    [MemberData(nameof(GridsAndEpsilons))]
    public void Residual_recomputed_independently_meets_the_tolerance_and_mass_is_conserved(int[] shape, double epsilon)
    {
        var grid = new PeriodicGrid(shape, 1.0);
        var h = HarderDensity(grid);
        var solver = new PoissonBoltzmannSolver(grid, epsilon);
        var v = solver.Solve(h);
        var r = new double[grid.Count];
        PoissonBoltzmannSolver.Residual(new SpectralOperators(grid), epsilon, h, v, r);

        // The recomputed residual differs from the solver's own by round-off (≤ its floor, < Tol here).
        var relative = Slopes.Rms(r) / Slopes.Rms(h);
        relative.ShouldBeLessThanOrEqualTo(Tol * 1.5);

        // ∫e^V − ∫h = ∫r (the spectral Laplacian has exactly zero mean): |∫r| ≤ ‖r‖_L² vol^½, plus the
        // round-off of two compensated integrals (4·eps·∫(e^V + h)).
        var expV = v.Select(Math.Exp).ToArray();
        var defect = Quadrature.Integrate(grid, expV) - Quadrature.Integrate(grid, h);
        var budget = Norms.L2(grid, r) + (4 * 2.2e-16 * (Quadrature.Integrate(grid, expV) + Quadrature.Integrate(grid, h)));
        Math.Abs(defect).ShouldBeLessThanOrEqualTo(budget);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(2.0)]
    public void Boltzmann_mass_equals_charge_mass_on_any_box(double length)
    {
        // BCY Remark 2.5 (∫e^V = 1 on the unit torus) generalises to ∫e^V = ∫h on [0, L)^d.
        var grid = new PeriodicGrid([32, 16], length);
        var h = grid.Sample(x => 0.7 * (1 + (0.5 * Math.Cos(2 * Math.PI * x[0] / length)) + (0.3 * Math.Sin(2 * Math.PI * (x[0] + x[1]) / length))));
        var solver = new PoissonBoltzmannSolver(grid, 0.02);
        var v = new double[grid.Count];
        var report = solver.SolveInto(h, v);

        // |∫e^V − ∫h| = |∫r| ≤ ‖r‖₂·vol^½ = RelativeResidual·‖h‖₂·vol^½, plus integration round-off.
        var bound = (report.RelativeResidual * Norms.L2(grid, h) * Math.Sqrt(grid.Volume)) + (8 * 2.2e-16 * Quadrature.Integrate(grid, h));
        Math.Abs(report.MassDefect).ShouldBeLessThanOrEqualTo(bound);
        report.MassDefect.ShouldBe(Quadrature.Integrate(grid, v.Select(Math.Exp).ToArray()) - Quadrature.Integrate(grid, h), 1e-15);
    }

    [Theory]
    [InlineData(0.1, new[] { 1 })]
    [InlineData(0.01, new[] { 3 })]
    public void Single_mode_linear_response_error_is_second_order_in_delta(double epsilon, int[] mode)
    {
        var grid = PeriodicGrid.Line(64);
        var solver = new PoissonBoltzmannSolver(grid, epsilon);
        double[] deltas = [0.04, 0.02, 0.01, 0.005];
        var first = new List<double>();
        var second = new List<double>();
        foreach (var delta in deltas)
        {
            var (h, v1) = PoissonBoltzmannReferences.SingleMode(grid, epsilon, delta, mode);
            var (_, v2) = PoissonBoltzmannReferences.SingleModeSecondOrder(grid, epsilon, delta, mode);
            var v = solver.Solve(h);
            first.Add(Slopes.MaxAbsDifference(v, v1));
            second.Add(Slopes.MaxAbsDifference(v, v2));
        }

        // R8: V = δcos/(1 + 4π²|k|²ε) + O(δ²): observed order 2 ± 0.3; with the δ² term, O(δ³): 3 ± 0.3.
        // Smallest errors: ~δ² = 2.5e-5 and ~δ³ = 1.3e-7, far above the solver's 1e-12 floor.
        Slopes.LogLog(deltas, first).ShouldBe(2.0, 0.3);
        Slopes.LogLog(deltas, second).ShouldBe(3.0, 0.3);
    }

    [Fact]
    public void Single_mode_in_three_dimensions_has_second_order_error_in_delta()
    {
        var grid = PeriodicGrid.Cube(8);
        var solver = new PoissonBoltzmannSolver(grid, 0.05);
        double[] deltas = [0.04, 0.02, 0.01];
        var errors = deltas.Select(delta =>
        {
            var (h, v1) = PoissonBoltzmannReferences.SingleMode(grid, 0.05, delta, [1, -1, 2]);
            return Slopes.MaxAbsDifference(solver.Solve(h), v1);
        }).ToArray();
        Slopes.LogLog(deltas, errors).ShouldBe(2.0, 0.3);
    }

    [Fact]
    public void Warm_start_from_a_nearby_solution_takes_fewer_Newton_iterations_than_a_cold_start()
    {
        var grid = PeriodicGrid.Line(128);
        var solver = new PoissonBoltzmannSolver(grid, 0.01);
        var h1 = HarderDensity(grid);
        var h2 = grid.Sample(x => 1.01 * HarderDensityAt(x[0] + 0.002));
        var warm = solver.Solve(h1);
        var warmReport = solver.SolveInto(h2, warm);
        var cold = new double[grid.Count];
        var coldReport = solver.SolveInto(h2, cold);
        warmReport.NewtonIterations.ShouldBeLessThan(coldReport.NewtonIterations);
        Slopes.MaxAbsDifference(warm, cold).ShouldBeLessThan(1e-11); // same unique solution (BCY Remark 2.6)
    }

    [Theory]
    [InlineData(1e-4)]
    [InlineData(1e-6)]
    public void Small_epsilon_converges_and_approaches_log_h(double epsilon)
    {
        var grid = PeriodicGrid.Line(128);
        var h = grid.Sample(x => 1 + (0.5 * Math.Cos(2 * Math.PI * x[0])) + (0.2 * Math.Sin(6 * Math.PI * x[0])));
        var solver = new PoissonBoltzmannSolver(grid, epsilon);
        var v = new double[grid.Count];
        var report = solver.SolveInto(h, v); // cold start from 0
        report.RelativeResidual.ShouldBeLessThanOrEqualTo(Tol);

        // e^V = h + εΔV ⇒ V = log h + εΔ(log h)/h + O(ε²): ‖V − log h‖∞ ≤ 2ε·max|Δlog h / h| for small ε.
        var logH = h.Select(t => Math.Log(t)).ToArray();
        var lap = new double[grid.Count];
        new SpectralOperators(grid).Laplacian(logH, lap);
        var firstOrder = lap.Select((l, i) => Math.Abs(l / h[i])).Max();
        Slopes.MaxAbsDifference(v, logH).ShouldBeLessThanOrEqualTo(2 * epsilon * firstOrder);
    }

    [Fact]
    public void Cold_start_with_a_nearly_vanishing_density_converges()
    {
        var grid = PeriodicGrid.Line(256);
        var h = grid.Sample(x => Math.Exp(3 * Math.Cos(2 * Math.PI * x[0])) * (1 + (0.5 * Math.Sin(6 * Math.PI * x[0])))); // ratio max/min ≈ 1e3
        foreach (var epsilon in new[] { 1e-2, 1e-4, 1e-6 })
        {
            var report = new PoissonBoltzmannSolver(grid, epsilon).SolveInto(h, new double[grid.Count]);
            report.RelativeResidual.ShouldBeLessThanOrEqualTo(Tol);
            report.NewtonIterations.ShouldBeLessThan(15);
        }
    }

    [Fact]
    public void Stops_at_the_roundoff_floor_when_the_tolerance_is_below_it()
    {
        // ε·max|k|² = (π·256)² ≈ 6.5e5: the Laplacian's round-off puts the residual floor near 1e-11 > 1e-12.
        var grid = PeriodicGrid.Line(256);
        var h = grid.Sample(x => Math.Exp(3 * Math.Cos(2 * Math.PI * x[0])));
        var report = new PoissonBoltzmannSolver(grid, 1.0).SolveInto(h, new double[grid.Count]);
        report.RoundoffFloor.ShouldBeGreaterThan(Tol);
        report.RelativeResidual.ShouldBeLessThanOrEqualTo(report.RoundoffFloor);
        report.NewtonIterations.ShouldBeLessThan(20);
    }

    [Fact]
    public void Solve_into_does_not_allocate()
    {
        var grid = PeriodicGrid.Square(16);
        var solver = new PoissonBoltzmannSolver(grid, 0.05);
        var h = HarderDensity(grid);
        var v = new double[grid.Count];
        solver.SolveInto(h, v); // JIT and FFT plans
        Array.Clear(v);
        var before = GC.GetAllocatedBytesForCurrentThread();
        solver.SolveInto(h, v);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.ShouldBe(0); // the report is a value type; all scratch is preallocated
    }

    [Fact]
    public void Nan_in_the_density_is_rejected_with_its_index_and_point()
    {
        var grid = PeriodicGrid.Line(8);
        var h = Enumerable.Repeat(1.0, 8).ToArray();
        h[5] = double.NaN;
        var e = Should.Throw<InvalidDensityException>(() => new PoissonBoltzmannSolver(grid, 0.1).Solve(h));
        e.Message.ShouldContain("h[5]");
        e.Message.ShouldContain("x = 0.625");
        e.Message.ShouldContain("NaN");
        e.ParamName.ShouldBe("h");
    }

    [Fact]
    public void Negative_density_is_rejected_with_its_index_and_point()
    {
        var grid = PeriodicGrid.Square(4);
        var h = Enumerable.Repeat(1.0, 16).ToArray();
        h[6] = -0.5;
        var e = Should.Throw<InvalidDensityException>(() => new PoissonBoltzmannSolver(grid, 0.1).SolveInto(h, new double[16]));
        e.Message.ShouldContain("h[6]");
        e.Message.ShouldContain("x = (0.25, 0.5)");
        e.Message.ShouldContain("-0.5");
    }

    [Fact]
    public void Zero_total_charge_is_rejected()
    {
        var grid = PeriodicGrid.Line(8);
        var e = Should.Throw<InvalidDensityException>(() => new PoissonBoltzmannSolver(grid, 0.1).Solve(new double[8]));
        e.Message.ShouldContain("∫h = 0");
    }

    [Fact]
    public void Non_finite_initial_guess_and_wrong_lengths_are_rejected()
    {
        var grid = PeriodicGrid.Line(8);
        var solver = new PoissonBoltzmannSolver(grid, 0.1);
        var h = Enumerable.Repeat(1.0, 8).ToArray();
        var v = new double[8];
        v[2] = double.PositiveInfinity;
        Should.Throw<ArgumentException>(() => solver.SolveInto(h, v)).Message.ShouldContain("v[2]");
        Should.Throw<ArgumentException>(() => solver.SolveInto(h, new double[7])).Message.ShouldContain("v has 7");
        Should.Throw<ArgumentOutOfRangeException>(() => new PoissonBoltzmannSolver(grid, 0.0));
        Should.Throw<ArgumentOutOfRangeException>(() => new PoissonBoltzmannOptions(MaxNewtonIterations: 0));
    }

    [Fact]
    public void Exhausting_the_Newton_budget_throws_with_the_report()
    {
        var grid = PeriodicGrid.Line(64);
        var h = grid.Sample(x => Math.Exp(3 * Math.Cos(2 * Math.PI * x[0])));
        var solver = new PoissonBoltzmannSolver(grid, 1e-3, new PoissonBoltzmannOptions(MaxNewtonIterations: 1));
        var e = Should.Throw<PoissonBoltzmannNotConvergedException>(() => solver.SolveInto(h, new double[grid.Count]));
        e.Report.HasValue.ShouldBeTrue();
        e.Report.Value.NewtonIterations.ShouldBe(1);
        e.Report.Value.RelativeResidual.ShouldBeGreaterThan(Tol);
    }

    [Fact]
    public void Results_are_bit_identical_across_runs()
    {
        var grid = PeriodicGrid.Square(16);
        var h = HarderDensity(grid);
        var a = new PoissonBoltzmannSolver(grid, 0.03).Solve(h);
        var b = new PoissonBoltzmannSolver(grid, 0.03).Solve(h);
        a.ShouldBe(b);
    }

    [Fact]
    public void Vector_exponential_of_the_solver_is_within_2_ulp_of_Math_Exp()
    {
        // The solver's e^V is Vector512.Exp. Measured here (AMD EPYC, AVX-512, .NET 10): at most 2 ulp from Math.Exp on
        // 1.2e8 random arguments with |x| ≤ 745 (under 1 % of them at 2 ulp), at most 1 ulp for |x| ≤ 1e-3. Bounded at
        // 2 ulp: the size of the rounding of e^V − h itself, so residual and energy are as accurate as with Math.Exp.
        // Same overflow (+∞) and underflow (subnormals, then 0).
        var random = new Random(20240601);
        var x = new double[8];
        var maxUlp = 0L;
        for (var k = 0; k < 200_000; k++)
        {
            var range = (k % 4) switch { 0 => 745.0, 1 => 40.0, 2 => 1.0, _ => 1e-6 };
            for (var j = 0; j < 8; j++)
            {
                x[j] = range * ((2 * random.NextDouble()) - 1);
            }

            var e = Vector512.Exp(Vector512.Create(x));
            for (var j = 0; j < 8; j++)
            {
                var expected = Math.Exp(x[j]);
                var ulp = Math.Abs(BitConverter.DoubleToInt64Bits(e[j]) - BitConverter.DoubleToInt64Bits(expected));
                maxUlp = Math.Max(maxUlp, ulp);
            }
        }

        maxUlp.ShouldBeLessThanOrEqualTo(2);
        double[] special = [709.78, 710, -745.2, -746, 0, -0.0, 1e-300, double.PositiveInfinity, double.NegativeInfinity];
        foreach (var s in special)
        {
            Vector512.Exp(Vector512.Create(s)).GetElement(0).ShouldBe(Math.Exp(s));
        }
    }

    public static TheoryData<int[], double> RaggedGridsAndEpsilons() => new()
    {
        { new[] { 63 }, 0.01 },     // n mod 8 = 7: the vector kernels' masked tail
        { new[] { 13, 11 }, 0.05 }, // 143 = 17·8 + 7
        { new[] { 10, 9, 7 }, 1.0 }, // 630 = 78·8 + 6; large ε: the spectral preconditioner
        { new[] { 10, 9, 7 }, 1e-4 }, // small ε: the scaled preconditioner
        { new[] { 16, 16, 16 }, 0.02 },
        { new[] { 41, 41, 41 }, 0.05 }, // 68921 ≥ 2^16: threaded passes, 5 chunks, the last one ragged with a tail of 1
    };

    [Theory]
    [MemberData(nameof(RaggedGridsAndEpsilons))]
    public void Reported_residual_and_mass_defect_match_a_plain_scalar_recomputation(int[] shape, double epsilon)
    {
        var grid = new PeriodicGrid(shape, 1.0);
        var h = HarderDensity(grid);
        var v = new double[grid.Count];
        var report = new PoissonBoltzmannSolver(grid, epsilon).SolveInto(h, v);

        // Residual recomputes −εΔV − h + e^V with SpectralOperators.Laplacian and Math.Exp, element by element.
        var r = new double[grid.Count];
        PoissonBoltzmannSolver.Residual(new SpectralOperators(grid), epsilon, h, v, r);
        var relative = Slopes.Rms(r) / Slopes.Rms(h);
        relative.ShouldBeLessThanOrEqualTo(Math.Max(Tol, report.RoundoffFloor));

        // The report's residual is a fresh one at the returned V (not the Laplacian-free prediction): the two computations
        // differ by the rounding of e^V (≤ 2 ulp), of the FFT and of the sums, all below the round-off floor.
        Math.Abs(report.RelativeResidual - relative).ShouldBeLessThanOrEqualTo(report.RoundoffFloor);
        var expV = v.Select(Math.Exp).ToArray();
        var defect = Quadrature.Integrate(grid, expV) - Quadrature.Integrate(grid, h);
        report.MassDefect.ShouldBe(defect, 8 * 2.2e-16 * (Quadrature.Integrate(grid, expV) + Quadrature.Integrate(grid, h)));
    }

    [Fact]
    public void Warm_starts_are_bit_identical_whether_or_not_the_kept_Laplacian_is_reused()
    {
        // A solver keeps −εΔV of the V it returned and reuses it when the next warm start is that V bit for bit; a fresh
        // solver recomputes it. Same FFT on the same bits: the results must be identical, not just close.
        var grid = new PeriodicGrid([12, 10, 9], 1.0);
        var h1 = HarderDensity(grid);
        var h2 = grid.Sample(x => 1.01 * HarderDensityAt(x[0] + 0.002) * (1 + (0.2 * Math.Cos(2 * Math.PI * x[2]))));
        var keeping = new PoissonBoltzmannSolver(grid, 0.05);
        var v = keeping.Solve(h1);
        var start = (double[])v.Clone();
        var reusedReport = keeping.SolveInto(h2, v);
        var w = start;
        var freshReport = new PoissonBoltzmannSolver(grid, 0.05).SolveInto(h2, w);
        v.ShouldBe(w);
        reusedReport.ShouldBe(freshReport);
        reusedReport.NewtonIterations.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Warm_started_sequences_are_bit_identical_across_runs_and_do_not_allocate()
    {
        var grid = new PeriodicGrid([16, 12, 11], 1.0);
        var densities = Enumerable.Range(0, 4)
            .Select(k => grid.Sample(x => HarderDensityAt(x[0] + (0.003 * k)) * (1 + (0.2 * Math.Cos(2 * Math.PI * (x[1] + x[2]))))))
            .ToArray();
        double[] Run(out long allocated)
        {
            var solver = new PoissonBoltzmannSolver(grid, 0.1);
            var v = solver.Solve(densities[0]);
            var reports = new PoissonBoltzmannReport[densities.Length];
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var k = 1; k < densities.Length; k++)
            {
                reports[k] = solver.SolveInto(densities[k], v);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            reports.Skip(1).ShouldAllBe(report => report.RelativeResidual <= Tol && report.NewtonIterations > 0);
            return v;
        }

        var a = Run(out var allocatedA);
        var b = Run(out _);
        a.ShouldBe(b);
        allocatedA.ShouldBe(0);
    }

    [Fact]
    public void Threaded_solves_are_bit_identical_to_single_threaded_ones()
    {
        // 64³ = 2^18 points: every pass runs in 16 fixed chunks on ParallelChunks, whose per-chunk reductions are
        // combined in chunk order, so the thread count must not change a single bit (cold solve, then a warm one).
        var grid = PeriodicGrid.Cube(64);
        var h1 = HarderDensity(grid);
        var h2 = grid.Sample(x => HarderDensityAt(x[0] + 0.01) * (1 + (0.2 * Math.Cos(2 * Math.PI * (x[1] + x[2])))));
        (double[] V, PoissonBoltzmannReport Cold, PoissonBoltzmannReport Warm) Run()
        {
            var solver = new PoissonBoltzmannSolver(grid, 0.05);
            var v = new double[grid.Count];
            var cold = solver.SolveInto(h1, v);
            var warm = solver.SolveInto(h2, v);
            return (v, cold, warm);
        }

        var threaded = Run();
        var inline = threaded;
        ParallelChunks.Inline(() => inline = Run());
        threaded.V.Select(BitConverter.DoubleToInt64Bits).ShouldBe(inline.V.Select(BitConverter.DoubleToInt64Bits));
        threaded.Cold.ShouldBe(inline.Cold);
        threaded.Warm.ShouldBe(inline.Warm);
        threaded.Warm.RelativeResidual.ShouldBeLessThanOrEqualTo(Tol);
    }

    [Fact]
    public void Warm_solves_on_a_threaded_grid_do_not_allocate()
    {
        var grid = PeriodicGrid.Cube(64);
        var solver = new PoissonBoltzmannSolver(grid, 0.05);
        var h = HarderDensity(grid);
        var v = solver.Solve(h); // JIT, FFT plans, the worker pool
        var shifted = grid.Sample(x => 1.001 * HarderDensityAt(x[0] + 0.001) * (1 + (0.2 * Math.Cos(2 * Math.PI * x[2]))));
        solver.SolveInto(shifted, v);

        // Once inline too: under load a worker can take every chunk of a pass, and this thread would then allocate its
        // per-thread FFT scratch the first time it runs such a chunk, inside the measurement.
        Oracles.Core.Threading.ParallelChunks.Inline(() => solver.SolveInto(shifted, v));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = solver.SolveInto(h, v);
        (GC.GetAllocatedBytesForCurrentThread() - before).ShouldBe(0); // the chunk jobs are cached per solver
        report.NewtonIterations.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void A_start_within_round_off_squared_of_the_solution_takes_one_Newton_step()
    {
        // From ‖F‖/‖h‖ ≈ 1e-6 the Newton step's quadratic remainder (≈ e^V δ²/2, ~1e-12 relative) is below the
        // tolerance, so CG runs on to a residual below it instead of stopping at η‖F‖ and paying a second Newton step;
        // the step is evaluated freshly (its residual is recomputed here independently).
        var grid = new PeriodicGrid([24, 20, 18], 1.0);
        var ops = new SpectralOperators(grid);
        var h = HarderDensity(grid);
        var solver = new PoissonBoltzmannSolver(grid, 0.05);
        var v = solver.Solve(h);
        var nearby = grid.Sample(x => HarderDensityAt(x[0]) * (1 + (0.2 * Math.Cos(2 * Math.PI * x[2]))) * (1 + (1e-6 * Math.Sin(2 * Math.PI * x[1]))));
        var report = solver.SolveInto(nearby, v);
        report.NewtonIterations.ShouldBe(1);
        report.RelativeResidual.ShouldBeLessThanOrEqualTo(Tol);
        var r = new double[grid.Count];
        PoissonBoltzmannSolver.Residual(ops, 0.05, nearby, v, r);
        (Slopes.Rms(r) / Slopes.Rms(nearby)).ShouldBeLessThanOrEqualTo(Tol);
    }

    private static double[] SmoothPotential(PeriodicGrid grid) => grid.Sample(x =>
    {
        var s = 0.1 * Math.Sin(2 * Math.PI * x[0]);
        s += grid.Dimension > 1 ? 0.05 * Math.Cos(2 * Math.PI * (x[0] + (2 * x[grid.Dimension - 1]))) : 0.02 * Math.Cos(4 * Math.PI * x[0]);
        return s;
    });

    private static double HarderDensityAt(double x) => Math.Exp(Math.Cos(2 * Math.PI * x)) * (1 + (0.3 * Math.Sin(4 * Math.PI * x)));

    private static double[] HarderDensity(PeriodicGrid grid) => grid.Sample(x =>
        HarderDensityAt(x[0]) * (grid.Dimension > 1 ? 1 + (0.2 * Math.Cos(2 * Math.PI * x[grid.Dimension - 1])) : 1));
}
