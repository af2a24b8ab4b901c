using System.Numerics;
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
/// final tolerance). Near the solution (‖F‖ &lt; 0.01‖h‖) CG goes on past η‖F‖, down to a quarter of the stopping
/// level, unless the step's quadratic remainder e^V(e^δ − 1 − δ) ≈ e^V δ²/2 (its norm is summed in CG's update pass)
/// dominates first: the next residual is about the sum of the two, and a CG iteration costs less than a Newton step
/// (which adds an evaluation and restarts CG); a smaller forcing term leaves the convergence theory intact. Steps are
/// damped by backtracking (halving) until E decreases by the Armijo amount 1e-4·t·⟨F, δ⟩ — which guarantees global
/// convergence from any start (cold starts, small ε) — or, once E differences are at round-off, until ‖F‖ decreases
/// while E does not increase beyond its round-off.</para>
/// <para><b>Preconditioners.</b> Each Newton step uses one of two spectral preconditioners (D = diag(e^V),
/// ē = mean e^V): the scaled P = D^{1/2}(I − (ε/ē)Δ)D^{1/2}, exact when e^V is constant and when ε → 0 (P → D), two
/// FFT pairs per CG iteration; or P₀ = −εΔ + ē, exact when e^V is constant and when ε → ∞, one FFT pair per CG
/// iteration (z = P₀⁻¹r satisfies −εΔz = r − ē z, so J z needs no second transform). On mean-zero V the Rayleigh
/// quotient of P₀⁻¹J lies in [(g + min D)/(g + ē), (g + max D)/(g + ē)], g = ε·min_{k≠0}|k|², so by Cauchy interlacing
/// all but two eigenvalues lie in an interval of condition number κ₀ = (g + max D)/(g + min D); for P the frozen-
/// coefficient estimate is κ = (G + min D)·max D/(min D·(G + max D)), G = ε·max|k|². The step takes the one with the
/// smaller estimated cost, FFT pairs × (ln(2/η)/ln(1/ρ) iterations, ρ = (√κ − 1)/(√κ + 1), plus 2 for P₀'s
/// outliers). Both solve the same system to the same η; only the cost differs.</para>
/// <para><b>Evaluation.</b> Far from the tolerance a trial point V + tδ is evaluated without a Laplacian: CG's residual
/// r = −F − Jδ gives −εΔδ = −F − r − e^V δ, so F(V + tδ) = (1 − t)F − t r + e^{V+tδ} − e^V(1 + tδ), and E follows from
/// −εΔ(V + tδ) = F(V + tδ) − e^{V+tδ} + h. Once this predicted ‖F‖ reaches max(tolerance, round-off floor) (or the line
/// search stalls), F is recomputed from a spectral Laplacian of V, and every later trial point is evaluated that way;
/// a step that will almost surely be the last (CG residual and quadratic remainder, or ‖F‖², far below that level) is
/// evaluated that way at once. Stopping decisions and the reported residual are therefore always fresh. The Laplacian
/// of the returned V is kept, and a warm start from exactly that V (the time-stepping loop) reuses it. Pointwise passes are fused (one pass per CG half-step, one per evaluation) and
/// vectorised with System.Runtime.Intrinsics.Vector512 (e^V within 2 ulp of <see cref="Math.Exp"/>); reductions are
/// per-lane sums combined in a fixed order, the energy and ∫e^V compensated, so the same inputs give bit-identical
/// results. Arrays of at least 2^16 values are cut into fixed chunks that run on
/// <see cref="Oracles.Core.Threading.ParallelChunks"/>, each chunk reducing into its own slot and the slots combined in
/// chunk order: the results are also bit-identical for any thread count. The inverse transforms are unscaled, the 1/N
/// folded into the spectral multipliers.</para>
/// <para><b>Accuracy.</b> Fourier-spectral: for smooth h the discretisation error is the aliased tail of V̂.
/// The residual cannot be evaluated below ≈ eps·ε·max|k|²·‖V‖₂ (round-off of the spectral Laplacian), so very fine
/// grids with large ε need a looser tolerance than the default 1e-12.</para>
/// <para><b>Facts used by tests and oracles.</b> Integrating the equation over the torus gives ∫e^V = ∫h for any L
/// ([BCY, Remark 2.5]: ∫e^V = 1 for a probability density on the unit torus); the report's
/// <see cref="PoissonBoltzmannReport.MassDefect"/> measures it.</para>
/// <para>Notation: V ↔ <c>v</c>, h ↔ <c>h</c>, e^V ↔ <c>ev</c>, F ↔ <c>f</c>, δ ↔ <c>step</c>, −εΔ(·) ↔ <c>lap</c>, <c>lp</c>.</para>
/// </remarks>
/// <threadsafety>An instance owns its scratch and is not thread-safe; create one per thread. <see cref="SolveInto"/>
/// does not allocate (except to throw).</threadsafety>
public sealed class PoissonBoltzmannSolver
{
    private const double ArmijoFraction = 1e-4;
    private const int MaxHalvings = 60;
    private const double MachineEpsilon = 2.220446049250313e-16;

    // Near the solution CG runs until ‖r‖ ≤ FinalFraction·max(tol, floor)·‖h‖ unless the step's quadratic remainder
    // dominates first; a step whose CG residual and remainder are both that small is evaluated freshly at once.
    private const double FinalFraction = 0.25;

    // Initial guess log(max(h, GuessFloor·mean h)): as ε → 0 the solution tends to log h; the floor keeps the guess
    // finite where h vanishes (the iteration itself does not depend on this choice, only its speed).
    private const double GuessFloor = 1e-3;

    private readonly double epsilon;
    private readonly int count;
    private readonly double k2Max;
    private readonly double k2Min;
    private readonly int halfLast;
    private readonly int lastAxis;

    // ε|k|², the preconditioner's multiplier (with the 1/N of the unscaled inverse transform folded in) and the weight
    // of each entry in sums over the full spectrum (2 for the columns 0 < k_last < n_last/2, which also stand for their
    // mirror image; else 1) on the half spectrum, each value twice (real and imaginary part).
    private readonly AlignedBuffer<double> epsK2;
    private readonly AlignedBuffer<double> weights;
    private readonly AlignedBuffer<double> multiplier;
    private readonly AlignedBuffer<Complex> spectrum;
    private readonly AlignedBuffer<double> r;
    private readonly AlignedBuffer<double> z;
    private readonly AlignedBuffer<double> p;
    private readonly AlignedBuffer<double> lp;
    private readonly AlignedBuffer<double> step;
    private readonly AlignedBuffer<double> scaling;
    private readonly AlignedBuffer<double> density;
    private readonly PoissonBoltzmannPasses passes;
    private AlignedBuffer<double> current;
    private AlignedBuffer<double> ev;
    private AlignedBuffer<double> f;
    private AlignedBuffer<double> lap;
    private AlignedBuffer<double> trial;
    private AlignedBuffer<double> trialEv;
    private AlignedBuffer<double> trialF;
    private AlignedBuffer<double> trialLap;

    // True when lap holds −εΔv computed by FFT from the bits now in v (then a warm start from the same v reuses it).
    private bool lapIsFresh;

    // ‖r‖² of the last CG iterate (r = −F − J·step), and ‖e^V step²/2‖², the estimate of its quadratic remainder.
    private double cgResidualSquares;
    private double quadraticSquares;

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
        count = grid.Count;

        // |k|² on the half spectrum (n₀, …, ⌊n_last/2⌋ + 1), summed over the axes in order as SpectralOperators does.
        var d = grid.Dimension;
        lastAxis = grid.Shape[d - 1];
        halfLast = (lastAxis / 2) + 1;
        var rows = count / lastAxis;
        var spectrumCount = Fft.SpectrumLength(grid.Shape);
        var k2Axis = new double[d][];
        for (var a = 0; a < d; a++)
        {
            k2Axis[a] = Wavenumbers.Squared(grid.Shape[a], grid.Length);
        }

        epsK2 = new AlignedBuffer<double>(2 * spectrumCount);
        weights = new AlignedBuffer<double>(2 * spectrumCount);
        var e2 = epsK2.Span;
        var w = weights.Span;
        k2Min = double.PositiveInfinity;
        for (var row = 0; row < rows; row++)
        {
            var rowK2 = 0.0;
            for (var a = 0; a < d - 1; a++)
            {
                rowK2 += k2Axis[a][row * lastAxis / grid.Stride(a) % grid.Shape[a]];
            }

            for (var c = 0; c < halfLast; c++)
            {
                var k2 = d == 1 ? k2Axis[0][c] : rowK2 + k2Axis[d - 1][c];
                k2Max = Math.Max(k2Max, k2);
                k2Min = k2 > 0 ? Math.Min(k2Min, k2) : k2Min;
                var j = 2 * ((row * halfLast) + c);
                e2[j] = e2[j + 1] = epsilon * k2;
                w[j] = w[j + 1] = c == 0 || 2 * c == lastAxis ? 1 : 2;
            }
        }

        multiplier = new AlignedBuffer<double>(2 * spectrumCount);
        spectrum = new AlignedBuffer<Complex>(spectrumCount);
        r = new AlignedBuffer<double>(count);
        z = new AlignedBuffer<double>(count);
        p = new AlignedBuffer<double>(count);
        lp = new AlignedBuffer<double>(count);
        step = new AlignedBuffer<double>(count);
        scaling = new AlignedBuffer<double>(count);
        density = new AlignedBuffer<double>(count);
        passes = new PoissonBoltzmannPasses(count, 2 * spectrumCount);
        current = new AlignedBuffer<double>(count);
        ev = new AlignedBuffer<double>(count);
        f = new AlignedBuffer<double>(count);
        lap = new AlignedBuffer<double>(count);
        trial = new AlignedBuffer<double>(count);
        trialEv = new AlignedBuffer<double>(count);
        trialF = new AlignedBuffer<double>(count);
        trialLap = new AlignedBuffer<double>(count);
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; }

    /// <summary>ε.</summary>
    public double Epsilon => epsilon;

    /// <summary>The stopping rules.</summary>
    public PoissonBoltzmannOptions Options { get; }

    /// <summary>
    /// The residual r = −εΔV − h + e^V of a given V (for oracles that check a user's potential). A plain scalar
    /// computation (<see cref="SpectralOperators.Laplacian(ReadOnlySpan{double}, Span{double})"/> and
    /// <see cref="Math.Exp"/>), independent of the solver's fused kernels.
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
        var result = new double[count];
        ColdGuess(h, result);
        SolveInto(h, result);
        return result;
    }

    /// <summary>
    /// Solves −εΔV = h − e^V, starting from the V passed in (warm start; all zeros is a valid cold start).
    /// </summary>
    /// <param name="h">The density: finite, ≥ 0, with ∫h &gt; 0 (otherwise <see cref="InvalidDensityException"/>).</param>
    /// <param name="v">In: the initial guess (finite). Out: the solution (on an exception, the last accepted iterate).</param>
    /// <returns>Iterations, relative residual and mass defect.</returns>
    /// <exception cref="InvalidDensityException">h is not an admissible density (message names index, x and value).</exception>
    /// <exception cref="PoissonBoltzmannNotConvergedException">The iteration failed to reach the tolerance.</exception>
    public PoissonBoltzmannReport SolveInto(ReadOnlySpan<double> h, Span<double> v)
    {
        var (mass, hSquares) = Validate(h);
        Guard.Length(v.Length, count, nameof(v));

        var cell = Grid.CellVolume;
        var hNorm = Math.Sqrt(hSquares);
        var tol = Options.RelativeTolerance;

        // The internal copy of V; its Laplacian is reused when V is bit for bit the solution this solver last returned.
        var (same, finite) = PoissonBoltzmannKernels.CopyAndCompare(v, current.Span);
        lapIsFresh &= same;
        if (!finite)
        {
            Guard.AllFinite(v); // throws, naming the first non-finite value
        }

        var sums = EvaluateFresh();
        if (!double.IsFinite(sums.Energy) || !double.IsFinite(sums.ResidualSquares))
        {
            // A guess so large that e^V overflows carries no information: restart from the cold guess.
            ColdGuess(h, current.Span);
            lapIsFresh = false;
            sums = EvaluateFresh();
        }

        var fresh = true; // sums (and f, ev) come from a spectral Laplacian of v, not from the prediction
        var freshTrials = false; // evaluate trial points with a spectral Laplacian (near the end, see below)
        var newton = 0;
        var cgTotal = 0;
        var previousNorm = double.PositiveInfinity;
        while (true)
        {
            var fNorm = Math.Sqrt(sums.ResidualSquares);
            var relative = fNorm / hNorm;
            var floor = RoundoffFloor(sums, hNorm);
            if (!fresh && (relative <= Math.Max(tol, floor) || newton >= Options.MaxNewtonIterations))
            {
                // The predicted residual says we may stop (or must): decide on a freshly computed one, and from now on
                // evaluate every trial point that way.
                sums = EvaluateFresh();
                fresh = freshTrials = true;
                fNorm = Math.Sqrt(sums.ResidualSquares);
                relative = fNorm / hNorm;
                floor = RoundoffFloor(sums, hNorm);
            }

            if (relative <= tol)
            {
                return Finish(v, newton, cgTotal, relative, floor, sums, mass);
            }

            // Below the round-off floor a Newton step that no longer halves ‖F‖ means ‖F‖ is round-off: done.
            if (relative <= floor && fNorm > 0.5 * previousNorm)
            {
                return Finish(v, newton, cgTotal, relative, floor, sums, mass);
            }

            previousNorm = fNorm;

            if (newton >= Options.MaxNewtonIterations)
            {
                var report = Finish(v, newton, cgTotal, relative, floor, sums, mass);
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

            // Near the solution (η = √relative < 0.1) CG continues past η‖F‖ while its residual still dominates the
            // step's quadratic remainder, down to FinalFraction of the stopping level: the next residual is about their
            // sum, and a CG iteration is cheaper than a Newton step (which also needs an evaluation, and restarts CG).
            var stop = Math.Max(tol, floor);
            var final = relative < 0.01 ? Math.Min(eta * fNorm, FinalFraction * stop * hNorm) : eta * fNorm;
            cgTotal += ConjugateGradient(eta, final, sums);

            // When CG has left a residual far below the stopping level and Newton's quadratic remainder is as small
            // (estimated, or bounded by relative²), the full step will almost surely be the last: evaluate it freshly at
            // once rather than predict, then verify.
            freshTrials |= Math.Sqrt(cgResidualSquares) <= FinalFraction * stop * hNorm &&
                (Math.Sqrt(quadraticSquares) <= FinalFraction * stop * hNorm || relative * relative <= 0.01 * stop);

            // Directional derivative of E along the step: ⟨∇E, δ⟩ = cell·Σ F δ (< 0 for any CG iterate from 0).
            var energy = sums.Energy * cell;
            var energyRoundoff = 64 * MachineEpsilon * sums.EnergyScale * cell;
            var t = 1.0;
            var accepted = false;
            for (var halving = 0; halving <= MaxHalvings; halving++)
            {
                var trialSums = EvaluateTrial(t, freshTrials);
                var slope = trialSums.Slope * cell;
                var trialEnergy = trialSums.Energy * cell;
                var trialNorm = Math.Sqrt(trialSums.ResidualSquares);
                if (double.IsFinite(trialEnergy) && double.IsFinite(trialNorm) &&
                    (trialEnergy <= energy + (ArmijoFraction * t * slope) ||
                     (trialNorm <= (1 - (ArmijoFraction * t)) * fNorm && trialEnergy <= energy + energyRoundoff)))
                {
                    (current, trial) = (trial, current);
                    (ev, trialEv) = (trialEv, ev);
                    (f, trialF) = (trialF, f);
                    if (freshTrials)
                    {
                        (lap, trialLap) = (trialLap, lap);
                    }

                    lapIsFresh = fresh = freshTrials;
                    sums = trialSums;
                    accepted = true;
                    break;
                }

                t *= 0.5;
            }

            if (!accepted && !fresh)
            {
                // Round-off may hide in the prediction: re-evaluate V freshly and continue in fresh mode.
                sums = EvaluateFresh();
                fresh = freshTrials = true;
                continue;
            }

            if (!accepted && relative <= floor)
            {
                return Finish(v, newton, cgTotal, relative, floor, sums, mass);
            }

            if (!accepted)
            {
                var report = Finish(v, newton, cgTotal, relative, floor, sums, mass);
                throw new PoissonBoltzmannNotConvergedException(
                    $"Poisson–Boltzmann line search stalled (ε = {Guard.Format(epsilon)}, grid {Grid}) at relative residual " +
                    $"{Guard.Format(relative)} > tolerance {Guard.Format(tol)}: no step decreases the energy or the residual. " +
                    $"The residual is probably at its round-off floor (≈ eps·ε·max|k|²·‖V‖); loosen RelativeTolerance.",
                    report);
            }
        }
    }

    /// <summary>
    /// Throws <see cref="InvalidDensityException"/> unless h is finite, ≥ 0 and has ∫h &gt; 0; returns ∫h and Σh².
    /// </summary>
    /// <param name="h">The density.</param>
    private (double Mass, double Squares) Validate(ReadOnlySpan<double> h)
    {
        Guard.Length(h.Length, count, nameof(h));
        var (admissible, sum, squares) = PoissonBoltzmannKernels.DensitySums(h, density.Span);
        for (var i = 0; !admissible && i < count; i++)
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

        var mass = sum * Grid.CellVolume;
        if (!(mass > 0))
        {
            throw new InvalidDensityException(
                $"∫h = {Guard.Format(mass)}: the Poisson–Boltzmann equation −εΔV = h − e^V needs ∫h > 0 " +
                "(integrating it gives ∫e^V = ∫h).",
                nameof(h));
        }

        return (mass, squares);
    }

    private void ColdGuess(ReadOnlySpan<double> h, Span<double> guess)
    {
        var floor = GuessFloor * Quadrature.Mean(Grid, h);
        for (var i = 0; i < count; i++)
        {
            guess[i] = Math.Log(Math.Max(h[i], floor));
        }
    }

    /// <summary>lap = −εΔV (unless already fresh), then e^V, F and the sums at the current V.</summary>
    private PointSums EvaluateFresh()
    {
        if (!lapIsFresh)
        {
            NegativeLaplacian(current, lap);
            lapIsFresh = true;
        }

        return passes.Evaluate(current, lap, density, ev, f);
    }

    /// <summary>Evaluates the trial point v + t·step into trial, trialEv, trialF (and trialLap when fresh).</summary>
    private PointSums EvaluateTrial(double t, bool fresh)
    {
        if (!fresh)
        {
            return passes.EvaluateTrial(t, current, step, f, r, ev, density, trial, trialEv, trialF);
        }

        var slope = passes.TrialPoint(t, current, step, f, trial);
        NegativeLaplacian(trial, trialLap);
        var sums = passes.Evaluate(trial, trialLap, density, trialEv, trialF);
        return sums with { Slope = slope };
    }

    /// <summary>
    /// result = −εΔx spectrally (x and result aligned, so the FFT runs in place on them): the multiplier εk²/N between
    /// the forward and the unscaled inverse transform.
    /// </summary>
    private void NegativeLaplacian(AlignedBuffer<double> x, AlignedBuffer<double> result)
    {
        Fft.ForwardReal(Grid, x.Span, spectrum.Span);
        passes.Multiply(spectrum, epsK2, 1.0 / count);
        Fft.InverseRealUnscaled(Grid, spectrum.Span, result.Span);
    }

    /// <summary>
    /// destination = M source for the Fourier multiplier in <see cref="multiplier"/> (the preconditioner's spectral
    /// factor, 1/N included, before the unscaled inverse transform); returns source·M source = (1/N) Σ_k m_k |ŝ_k|², the
    /// sum over the full spectrum (Parseval).
    /// </summary>
    private double ApplyMultiplier(AlignedBuffer<double> source, AlignedBuffer<double> destination)
    {
        Fft.ForwardReal(Grid, source.Span, spectrum.Span);
        var form = passes.MultiplyWithForm(spectrum, multiplier, weights);
        Fft.InverseRealUnscaled(Grid, spectrum.Span, destination.Span);
        return form;
    }

    /// <summary>
    /// Preconditioned CG for J·step = −F from step = 0: stops once ‖r‖ ≤ η‖F‖ and either ‖r‖ ≤ <paramref name="final"/>
    /// or ‖r‖ ≤ 4·‖e^V step²/2‖ (the linear residual no longer dominates the step's quadratic remainder); returns the
    /// iterations used.
    /// </summary>
    private int ConjugateGradient(double eta, double final, PointSums sums)
    {
        var mean = sums.ExpSum / count;
        cgResidualSquares = sums.ResidualSquares;
        quadraticSquares = 0;
        var stop = new CgStop(eta * eta * sums.ResidualSquares, final * final);
        return UseSpectralPreconditioner(eta, sums.ExpMin, sums.ExpMax, mean)
            ? SpectralCg(mean, stop)
            : ScaledCg(mean, stop);
    }

    /// <summary>The cost model of the type remarks: true when P₀ = −εΔ + ē is expected to need no more FFT pairs than P.</summary>
    private bool UseSpectralPreconditioner(double eta, double min, double max, double mean)
    {
        if (!(min > 0))
        {
            return mean > 0; // e^V underflowed somewhere: D^{-1/2} is infinite there, P₀ is not
        }

        // P₀⁻¹J: the whole spectrum in [min(1, min/ē), max(1, max/ē)]; all but two eigenvalues in an interval of condition
        // (g + max)/(g + min). P⁻¹J: frozen-coefficient estimate. Iterations to reduce the residual by η: ln(2/η)/ln(1/ρ).
        var g = epsilon * k2Min;
        var gMax = epsilon * k2Max;
        var log = Math.Log(2 / eta);
        var whole = Iterations(Math.Max(1, max / mean) / Math.Min(1, min / mean), log);
        var interval = Iterations((g + max) / (g + min), log) + 2;
        var scaled = Iterations((gMax + min) * max / (min * (gMax + max)), log);
        return Math.Min(whole, interval) <= 2 * scaled;

        static double Iterations(double kappa, double log)
        {
            if (!(kappa < double.PositiveInfinity))
            {
                return double.PositiveInfinity;
            }

            var root = Math.Sqrt(kappa);
            var rho = (root - 1) / (root + 1);
            return rho > 0 ? Math.Max(1, Math.Ceiling(log / -Math.Log(rho))) : 1;
        }
    }

    /// <summary>CG with P₀ = −εΔ + ē: one FFT pair per iteration.</summary>
    private int SpectralCg(double mean, CgStop stop)
    {
        passes.SpectralMultiplier(epsK2, mean, 1.0 / count, multiplier);

        // r₀ = −F is not stored: the first iteration reads F and flips the signs (z = P₀⁻¹F = −P₀⁻¹r₀, r₀·z₀ = F·P₀⁻¹F).
        var rz = ApplyMultiplier(f, z);
        var beta = 0.0;
        for (var k = 1; k <= Options.MaxCgIterations; k++)
        {
            var first = k == 1;
            var pq = passes.DirectionSpectral(first, beta, mean, z, first ? f : r, ev, p, lp);
            if (!(pq > 0))
            {
                return Breakdown(k);
            }

            (cgResidualSquares, quadraticSquares) = passes.Update(first, rz / pq, p, lp, ev, step, first ? f : r, first ? -1 : 1, r, null, null);
            if (stop.Reached(cgResidualSquares, quadraticSquares))
            {
                return k;
            }

            var rzNew = ApplyMultiplier(r, z);
            beta = rzNew / rz;
            rz = rzNew;
        }

        return Options.MaxCgIterations;
    }

    /// <summary>CG with P = D^{1/2}(I − (ε/ē)Δ)D^{1/2}: two FFT pairs per iteration.</summary>
    private int ScaledCg(double mean, CgStop stop)
    {
        // w ↔ z: w = M(s·r), the preconditioned residual is s·w.
        passes.InverseSqrt(ev, scaling);
        passes.ScaledMultiplier(epsK2, mean, 1.0 / count, multiplier);
        passes.NegateScaled(f, scaling, r, z);
        var rz = ApplyMultiplier(z, z); // z = s·w with w = M(s·r); r·z = (s r)·M(s r)
        var beta = 0.0;
        for (var k = 1; k <= Options.MaxCgIterations; k++)
        {
            passes.DirectionScaled(k == 1, beta, scaling, z, p);
            NegativeLaplacian(p, lp);
            var pq = passes.Curvature(p, lp, ev);
            if (!(pq > 0))
            {
                return Breakdown(k);
            }

            (cgResidualSquares, quadraticSquares) = passes.Update(k == 1, rz / pq, p, lp, ev, step, r, 1, r, scaling, z);
            if (stop.Reached(cgResidualSquares, quadraticSquares))
            {
                return k;
            }

            var rzNew = ApplyMultiplier(z, z);
            beta = rzNew / rz;
            rz = rzNew;
        }

        return Options.MaxCgIterations;
    }

    /// <summary>Breakdown at round-off (p·Jp ≤ 0): the current step is the best available (zero on the first iteration).</summary>
    private int Breakdown(int k)
    {
        if (k == 1)
        {
            step.Span.Clear();
            PoissonBoltzmannKernels.Negate(f.Span, r.Span); // r = −F − J·0
        }

        return k;
    }

    /// <summary>Copies V to the caller's array and reports (V is always freshly evaluated here).</summary>
    private PoissonBoltzmannReport Finish(
        Span<double> destination, int newton, int cg, double relative, double floor, PointSums sums, double mass)
    {
        current.Span.CopyTo(destination);
        return new(newton, cg, relative, (sums.ExpSum * Grid.CellVolume) - mass) { RoundoffFloor = floor };
    }

    /// <summary>
    /// Relative round-off floor of the residual: eps·√(log₂N)·(ε·max|k|²·‖V‖₂ + ‖e^V‖₂ + ‖h‖₂)/‖h‖₂. The FFT's
    /// error (≈ eps·√(log₂N)·‖V‖₂) is amplified by up to ε·max|k|² in −εΔV; the other terms are the rounding of
    /// e^V − h. A pessimistic estimate: it is only used to stop once Newton has stagnated below it.
    /// </summary>
    private double RoundoffFloor(PointSums sums, double hNorm) =>
        MachineEpsilon * Math.Sqrt(Math.Log2(count) + 1) *
        ((epsilon * k2Max * Math.Sqrt(sums.PotentialSquares)) + Math.Sqrt(sums.ExpSquares) + hNorm) / hNorm;

    /// <summary>CG's stopping rule (squared norms): ‖r‖ ≤ target, and ‖r‖ ≤ final or ‖r‖ ≤ 4·(quadratic remainder).</summary>
    private readonly record struct CgStop(double TargetSquares, double FinalSquares)
    {
        public bool Reached(double residualSquares, double quadraticSquares) =>
            residualSquares <= TargetSquares && (residualSquares <= FinalSquares || residualSquares <= 16 * quadraticSquares);
    }
}
