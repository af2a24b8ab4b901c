using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>
/// Solves the Poisson–Boltzmann equation −εΔV = h − e^V on the torus T^d = [0, L)^d, d = 1, 2, 3 — the field
/// equation of the Schrödinger–Poisson–Boltzmann system [BCY, eq. (1.1)₂] with h = |ψ|², and of [BCY, Lemma 2.4,
/// Remark 2.6] for general densities h ≥ 0 with ∫h &gt; 0.
/// </summary>
/// <remarks>
/// <para><b>Method.</b> The equation is the Euler–Lagrange equation of the strictly convex energy
/// E(V) = ∫(ε/2)|∇V|² + e^V − hV, whose L²-gradient is F(V) = −εΔV + e^V − h. Newton's method solves
/// J δ = −F with J = −εΔ + diag(e^V) (symmetric positive definite) by preconditioned conjugate gradients, with the
/// forcing term η = min(0.1, √(‖F‖/‖h‖)) (inexact Newton, Eisenstat–Walker style; never tighter than needed for the
/// final tolerance). The preconditioner is P = D^{1/2}(I − (ε/ē)Δ)D^{1/2}, D = diag(e^V), ē = mean(e^V), applied
/// spectrally; it equals J when e^V is constant (then P = −εΔ + ē) and when ε → 0 (then P = D), so CG needs few
/// iterations in both limits. Steps are damped by backtracking (halving) until E decreases by the Armijo amount
/// 1e-4·t·⟨F, δ⟩ — which guarantees global convergence from any start (cold starts, small ε) — or, once E
/// differences are at round-off, until ‖F‖ decreases while E does not increase beyond its round-off.</para>
/// <para><b>Accuracy.</b> Fourier-spectral: for smooth h the discretisation error is the aliased tail of V̂.
/// The residual cannot be evaluated below ≈ eps·ε·max|k|²·‖V‖₂ (round-off of the spectral Laplacian), so very fine
/// grids with large ε need a looser tolerance than the default 1e-12.</para>
/// <para><b>Facts used by tests and oracles.</b> Integrating the equation over the torus gives ∫e^V = ∫h for any L
/// ([BCY, Remark 2.5]: ∫e^V = 1 for a probability density on the unit torus); the report's
/// <see cref="PoissonBoltzmannReport.MassDefect"/> measures it.</para>
/// <para>Notation: V ↔ <c>v</c>, h ↔ <c>h</c>, e^V ↔ <c>ev</c>, F ↔ <c>f</c>, δ ↔ <c>step</c>.</para>
/// </remarks>
/// <threadsafety>An instance owns its scratch and is not thread-safe; create one per thread. <see cref="SolveInto"/>
/// does not allocate (except to throw).</threadsafety>
public sealed class PoissonBoltzmannSolver
{
    private const double ArmijoFraction = 1e-4;
    private const int MaxHalvings = 60;

    // Initial guess log(max(h, GuessFloor·mean h)): as ε → 0 the solution tends to log h; the floor keeps the guess
    // finite where h vanishes (the iteration itself does not depend on this choice, only its speed).
    private const double GuessFloor = 1e-3;

    private readonly SpectralOperators ops;
    private readonly double epsilon;
    private readonly int count;
    private readonly double k2Max;
    private readonly double[] multiplier;
    private readonly double[] scaling;
    private readonly double[] step;
    private readonly double[] trial;
    private readonly double[] r;
    private readonly double[] z;
    private readonly double[] p;
    private readonly double[] q;
    private double[] lap;
    private double[] ev;
    private double[] f;
    private double[] trialLap;
    private double[] trialEv;
    private double[] trialF;

    /// <summary>Creates a solver (and all its scratch) for one grid and one ε.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <param name="options">Stopping rules; defaults when null.</param>
    public PoissonBoltzmannSolver(PeriodicGrid grid, double epsilon, PoissonBoltzmannOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.PositiveFinite(epsilon);
        Grid = grid;
        this.epsilon = epsilon;
        Options = options ?? new PoissonBoltzmannOptions();
        ops = new SpectralOperators(grid);
        count = grid.Count;
        foreach (var k2 in ops.WavenumberSquared)
        {
            k2Max = Math.Max(k2Max, k2);
        }

        multiplier = new double[count];
        scaling = new double[count];
        step = new double[count];
        trial = new double[count];
        r = new double[count];
        z = new double[count];
        p = new double[count];
        q = new double[count];
        lap = new double[count];
        ev = new double[count];
        f = new double[count];
        trialLap = new double[count];
        trialEv = new double[count];
        trialF = new double[count];
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; }

    /// <summary>ε.</summary>
    public double Epsilon => epsilon;

    /// <summary>The stopping rules.</summary>
    public PoissonBoltzmannOptions Options { get; }

    /// <summary>
    /// The residual r = −εΔV − h + e^V of a given V (for oracles that check a user's potential).
    /// </summary>
    /// <param name="ops">Spectral operators of the grid.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="h">The density.</param>
    /// <param name="v">The potential.</param>
    /// <param name="r">Destination (may alias neither input).</param>
    public static void Residual(SpectralOperators ops, double epsilon, ReadOnlySpan<double> h, ReadOnlySpan<double> v, Span<double> r)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Guard.NonNegativeFinite(epsilon);
        var n = ops.Grid.Count;
        Guard.Length(h.Length, n, nameof(h));
        Guard.Length(v.Length, n, nameof(v));
        Guard.Length(r.Length, n, nameof(r));
        ops.Laplacian(v, r);
        for (var i = 0; i < n; i++)
        {
            r[i] = (-epsilon * r[i]) - h[i] + Math.Exp(v[i]);
        }
    }

    /// <summary>
    /// Solves from the cold-start guess V = log(max(h, 10⁻³·mean h)) (the ε → 0 limit) into a new array.
    /// </summary>
    /// <param name="h">The density: finite, ≥ 0, with ∫h &gt; 0.</param>
    /// <returns>The solution V.</returns>
    public double[] Solve(ReadOnlySpan<double> h)
    {
        Validate(h);
        var v = new double[count];
        ColdGuess(h, v);
        SolveInto(h, v);
        return v;
    }

    /// <summary>
    /// Solves −εΔV = h − e^V, starting from the V passed in (warm start; all zeros is a valid cold start).
    /// </summary>
    /// <param name="h">The density: finite, ≥ 0, with ∫h &gt; 0 (otherwise <see cref="InvalidDensityException"/>).</param>
    /// <param name="v">In: the initial guess (finite). Out: the solution.</param>
    /// <returns>Iterations, relative residual and mass defect.</returns>
    /// <exception cref="InvalidDensityException">h is not an admissible density (message names index, x and value).</exception>
    /// <exception cref="PoissonBoltzmannNotConvergedException">The iteration failed to reach the tolerance.</exception>
    public PoissonBoltzmannReport SolveInto(ReadOnlySpan<double> h, Span<double> v)
    {
        Validate(h);
        Guard.Length(v.Length, count, nameof(v));
        Guard.AllFinite(v);

        var cell = Grid.CellVolume;
        var hNorm = Math.Sqrt(SumOfSquares(h));
        var tol = Options.RelativeTolerance;
        var (energy, fNorm) = Evaluate(h, v, lap, ev, f);
        if (!double.IsFinite(energy) || !double.IsFinite(fNorm))
        {
            // A guess so large that e^V overflows carries no information: restart from the cold guess.
            ColdGuess(h, v);
            (energy, fNorm) = Evaluate(h, v, lap, ev, f);
        }

        var newton = 0;
        var cgTotal = 0;
        var previousNorm = double.PositiveInfinity;
        var floor = RoundoffFloor(v, hNorm);
        while (true)
        {
            var relative = fNorm / hNorm;
            if (relative <= tol)
            {
                return Report(h, newton, cgTotal, relative, floor);
            }

            // Below the round-off floor a Newton step that no longer halves ‖F‖ means ‖F‖ is round-off: done.
            if (relative <= floor && fNorm > 0.5 * previousNorm)
            {
                return Report(h, newton, cgTotal, relative, floor);
            }

            previousNorm = fNorm;

            if (newton >= Options.MaxNewtonIterations)
            {
                var report = Report(h, newton, cgTotal, relative, floor);
                throw new PoissonBoltzmannNotConvergedException(
                    $"Poisson–Boltzmann Newton iteration (ε = {Guard.Format(epsilon)}, grid {Grid}) reached {newton} iterations " +
                    $"with relative residual {Guard.Format(relative)} > tolerance {Guard.Format(tol)}. Raise MaxNewtonIterations, " +
                    "loosen RelativeTolerance, or refine/smooth h.",
                    report);
            }

            newton++;

            // Forcing term: loose far from the solution, tight near it, never tighter than the final tolerance needs.
            var eta = Math.Min(0.1, Math.Sqrt(relative));
            eta = Math.Max(eta, 0.1 * tol / relative);
            eta = Math.Min(eta, 0.5);
            cgTotal += ConjugateGradient(eta);

            // Directional derivative of E along the step: ⟨∇E, δ⟩ = cell·Σ F δ (< 0 for any CG iterate from 0).
            var slope = 0.0;
            for (var i = 0; i < count; i++)
            {
                slope += f[i] * step[i];
            }

            slope *= cell;
            var energyRoundoff = EnergyRoundoff(h, v);
            var t = 1.0;
            var accepted = false;
            for (var halving = 0; halving <= MaxHalvings; halving++)
            {
                for (var i = 0; i < count; i++)
                {
                    trial[i] = v[i] + (t * step[i]);
                }

                var (trialEnergy, trialNorm) = Evaluate(h, trial, trialLap, trialEv, trialF);
                if (double.IsFinite(trialEnergy) && double.IsFinite(trialNorm) &&
                    (trialEnergy <= energy + (ArmijoFraction * t * slope) ||
                     (trialNorm <= (1 - (ArmijoFraction * t)) * fNorm && trialEnergy <= energy + energyRoundoff)))
                {
                    trial.AsSpan().CopyTo(v);
                    (lap, trialLap) = (trialLap, lap);
                    (ev, trialEv) = (trialEv, ev);
                    (f, trialF) = (trialF, f);
                    energy = trialEnergy;
                    fNorm = trialNorm;
                    floor = RoundoffFloor(v, hNorm);
                    accepted = true;
                    break;
                }

                t *= 0.5;
            }

            if (!accepted && relative <= floor)
            {
                return Report(h, newton, cgTotal, relative, floor);
            }

            if (!accepted)
            {
                var report = Report(h, newton, cgTotal, relative, floor);
                throw new PoissonBoltzmannNotConvergedException(
                    $"Poisson–Boltzmann line search stalled (ε = {Guard.Format(epsilon)}, grid {Grid}) at relative residual " +
                    $"{Guard.Format(relative)} > tolerance {Guard.Format(tol)}: no step decreases the energy or the residual. " +
                    $"The residual is probably at its round-off floor (≈ eps·ε·max|k|²·‖V‖); loosen RelativeTolerance.",
                    report);
            }
        }
    }

    /// <summary>Throws <see cref="InvalidDensityException"/> unless h is finite, ≥ 0 and has ∫h &gt; 0.</summary>
    /// <param name="h">The density.</param>
    private void Validate(ReadOnlySpan<double> h)
    {
        Guard.Length(h.Length, count, nameof(h));
        for (var i = 0; i < count; i++)
        {
            if (!double.IsFinite(h[i]))
            {
                throw new InvalidDensityException(
                    $"h[{i}] at {GridPoints.Describe(Grid, i)} must be finite; got {Guard.Format(h[i])}.", nameof(h));
            }

            if (h[i] < 0)
            {
                throw new InvalidDensityException(
                    $"h[{i}] at {GridPoints.Describe(Grid, i)} must be non-negative (a charge density); got {Guard.Format(h[i])}.",
                    nameof(h));
            }
        }

        var mass = Quadrature.Integrate(Grid, h);
        if (!(mass > 0))
        {
            throw new InvalidDensityException(
                $"∫h = {Guard.Format(mass)}: the Poisson–Boltzmann equation −εΔV = h − e^V needs ∫h > 0 " +
                "(integrating it gives ∫e^V = ∫h).",
                nameof(h));
        }
    }

    private void ColdGuess(ReadOnlySpan<double> h, Span<double> v)
    {
        var floor = GuessFloor * Quadrature.Mean(Grid, h);
        for (var i = 0; i < count; i++)
        {
            v[i] = Math.Log(Math.Max(h[i], floor));
        }
    }

    /// <summary>Fills ΔV, e^V and F = −εΔV + e^V − h; returns E(V) and ‖F‖ (discrete 2-norm, no cell factor).</summary>
    private (double Energy, double ResidualNorm) Evaluate(ReadOnlySpan<double> h, ReadOnlySpan<double> v, double[] lapV, double[] expV, double[] residual)
    {
        ops.Laplacian(v, lapV);
        double sum = 0, c = 0, squares = 0;
        for (var i = 0; i < count; i++)
        {
            var e = Math.Exp(v[i]);
            expV[i] = e;
            var fi = (-epsilon * lapV[i]) + e - h[i];
            residual[i] = fi;
            squares += fi * fi;
            var term = (-0.5 * epsilon * v[i] * lapV[i]) + e - (h[i] * v[i]);
            var s = sum + term;
            c += Math.Abs(sum) >= Math.Abs(term) ? (sum - s) + term : (term - s) + sum;
            sum = s;
        }

        return ((sum + c) * Grid.CellVolume, Math.Sqrt(squares));
    }

    /// <summary>Round-off scale of E: 64·eps·∫(|εVΔV|/2 + e^V + |hV|) (compensated sums; the factor covers the FFT).</summary>
    private double EnergyRoundoff(ReadOnlySpan<double> h, ReadOnlySpan<double> v)
    {
        var s = 0.0;
        for (var i = 0; i < count; i++)
        {
            s += Math.Abs(0.5 * epsilon * v[i] * lap[i]) + ev[i] + Math.Abs(h[i] * v[i]);
        }

        return 64 * 2.220446049250313e-16 * s * Grid.CellVolume;
    }

    /// <summary>Preconditioned CG for J·step = −F from step = 0, to ‖r‖ ≤ η‖F‖; returns the iterations used.</summary>
    private int ConjugateGradient(double eta)
    {
        var k2 = ops.WavenumberSquared;
        var mean = 0.0;
        for (var i = 0; i < count; i++)
        {
            mean += ev[i];
        }

        mean /= count;
        var ratio = epsilon / mean;
        for (var i = 0; i < count; i++)
        {
            multiplier[i] = 1.0 / (1.0 + (ratio * k2[i]));
            scaling[i] = 1.0 / Math.Sqrt(ev[i]);
        }

        double bb = 0;
        for (var i = 0; i < count; i++)
        {
            step[i] = 0;
            r[i] = -f[i];
            bb += r[i] * r[i];
        }

        var target = eta * eta * bb;
        Precondition();
        double rz = 0;
        for (var i = 0; i < count; i++)
        {
            p[i] = z[i];
            rz += r[i] * z[i];
        }

        for (var k = 1; k <= Options.MaxCgIterations; k++)
        {
            ops.Laplacian(p, q);
            double pq = 0;
            for (var i = 0; i < count; i++)
            {
                q[i] = (-epsilon * q[i]) + (ev[i] * p[i]);
                pq += p[i] * q[i];
            }

            if (!(pq > 0))
            {
                return k; // Breakdown at round-off: the current step is the best available.
            }

            var alpha = rz / pq;
            double rr = 0;
            for (var i = 0; i < count; i++)
            {
                step[i] += alpha * p[i];
                r[i] -= alpha * q[i];
                rr += r[i] * r[i];
            }

            if (rr <= target)
            {
                return k;
            }

            Precondition();
            double rzNew = 0;
            for (var i = 0; i < count; i++)
            {
                rzNew += r[i] * z[i];
            }

            var beta = rzNew / rz;
            rz = rzNew;
            for (var i = 0; i < count; i++)
            {
                p[i] = z[i] + (beta * p[i]);
            }
        }

        return Options.MaxCgIterations;
    }

    /// <summary>z = P^{-1} r = D^{-1/2}(I − (ε/ē)Δ)^{-1}D^{-1/2} r.</summary>
    private void Precondition()
    {
        for (var i = 0; i < count; i++)
        {
            z[i] = r[i] * scaling[i];
        }

        ops.ApplyMultiplier(z, multiplier, z);
        for (var i = 0; i < count; i++)
        {
            z[i] *= scaling[i];
        }
    }

    private PoissonBoltzmannReport Report(ReadOnlySpan<double> h, int newton, int cg, double relative, double floor) =>
        new(newton, cg, relative, Quadrature.Integrate(Grid, ev) - Quadrature.Integrate(Grid, h)) { RoundoffFloor = floor };

    /// <summary>
    /// Relative round-off floor of the residual: eps·√(log₂N)·(ε·max|k|²·‖V‖₂ + ‖e^V‖₂ + ‖h‖₂)/‖h‖₂. The FFT's
    /// error (≈ eps·√(log₂N)·‖V‖₂) is amplified by up to ε·max|k|² in −εΔV; the other terms are the rounding of
    /// e^V − h. A pessimistic estimate: it is only used to stop once Newton has stagnated below it.
    /// </summary>
    private double RoundoffFloor(ReadOnlySpan<double> v, double hNorm)
    {
        var vNorm = Math.Sqrt(SumOfSquares(v));
        var eNorm = Math.Sqrt(SumOfSquares(ev));
        return 2.220446049250313e-16 * Math.Sqrt(Math.Log2(count) + 1) * ((epsilon * k2Max * vNorm) + eNorm + hNorm) / hNorm;
    }

    private static double SumOfSquares(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        foreach (var xi in x)
        {
            s += xi * xi;
        }

        return s;
    }
}
