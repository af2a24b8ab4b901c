using System.Globalization;
using System.Numerics;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Pointwise;
using Oracles.Core.Spectral;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Solvers.SplitStep;

/// <summary>How the potential V is obtained from the density |ψ|².</summary>
public enum PotentialModel
{
    /// <summary>Poisson–Boltzmann −εΔV = |ψ|² − e^V: the Schrödinger–Poisson–Boltzmann system [BCY, eq. (1.1)], system id "spb".</summary>
    PoissonBoltzmann,

    /// <summary>Linear Poisson −εΔV = |ψ|² − mean|ψ|² (mean-zero V): the Schrödinger–Poisson system [BCY, eq. (1.2)], system id "sp".</summary>
    LinearPoisson,

    /// <summary>
    /// No potential, V ≡ 0: the free Schrödinger equation iħ∂ₜψ = −(ħ²/2)Δψ, for validation against exact free
    /// evolution (catalogue IV.3 R5). Only <see cref="StrangSplitStep.Step"/> is available: no trajectory system id
    /// describes it, so <see cref="StrangSplitStep.Run"/> refuses it.
    /// </summary>
    Free,
}

/// <summary>
/// Strang split-step Fourier reference solver for iħ∂ₜψ = −(ħ²/2)Δψ + Vψ on T^d, d = 1, 2, 3, with V = V[|ψ|²]
/// from the Poisson–Boltzmann equation −εΔV = |ψ|² − e^V (SPB, [BCY, eq. (1.1)]) or the linear Poisson equation
/// −εΔV = |ψ|² − 1 (SP, [BCY, eq. (1.2)]) (catalogue IV.2 Y5, Y6).
/// </summary>
/// <remarks>
/// <para><b>One step</b> ψⁿ → ψⁿ⁺¹ of size Δt: half kick ψ ← e^{−iVⁿΔt/(2ħ)}ψ; exact kinetic drift in Fourier
/// ψ̂(k) ← e^{−iħ|k|²Δt/2} ψ̂(k); recompute Vⁿ⁺¹ = V[|ψ|²] (Poisson–Boltzmann by warm-started Newton from Vⁿ, or
/// the spectral linear Poisson solve); half kick with Vⁿ⁺¹. Because V depends on ψ only through |ψ|², which the
/// kick leaves unchanged, each kick solves its sub-problem iħ∂ₜψ = V[|ψ|²]ψ exactly, and the composition is the
/// symmetric (Strang) splitting: second order in Δt, time-reversible.</para>
/// <para><b>Invariants.</b> Each sub-step is unitary on the grid (a phase per point, a phase per Fourier mode), so
/// the discrete mass Σ|ψ_j|²·L^d/N is conserved to round-off, O(steps·eps) relative. The energy
/// 𝓕 = ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² + ∫V e^V (SPB, [BCY, eq. (2.4)]) or ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² (SP) is conserved by
/// the flow and drifts by O(Δt²) under the scheme, without secular growth for resolved data.</para>
/// <para><b>Accuracy</b> needs Δt ≲ ħ/‖V‖_∞ and Δt ≲ 1/(ħ|k|²) on the occupied modes (catalogue Y5); stability does
/// not (the scheme is unconditionally stable).</para>
/// <para>Notation: ψ ↔ <c>psi</c>, V ↔ <c>v</c>, ħ ↔ <c>hbar</c>, ε ↔ <c>epsilon</c>, Δt ↔ <c>dt</c>,
/// |k|² ↔ <c>k2</c>.</para>
/// </remarks>
/// <threadsafety>An instance owns its scratch and is not thread-safe; use one per thread. <see cref="Step"/> does
/// not allocate (the kinetic propagator is cached per Δt).</threadsafety>
public sealed class StrangSplitStep
{
    private readonly PeriodicGrid grid;
    private readonly int n;
    private readonly double hbar;
    private readonly double epsilon;
    private readonly SpectralOperators ops;
    private readonly PoissonBoltzmannSolver? pb;
    private readonly double[] k2;
    private readonly Complex[] propagator;
    // Work arrays on 64-byte boundaries: FFTW then runs its aligned plans on them (unaligned ones cost 1.2–1.5×).
    private readonly AlignedBuffer<double> density;
    private AlignedBuffer<Complex>? psiWork;
    private AlignedBuffer<double>? vWork;
    private double propagatorDt = double.NaN;
    private long newtonIterations;
    private AlignedBuffer<double>? vPrevious;
    private AlignedBuffer<double>? vOlder;

    /// <summary>Creates the solver (and all its scratch) for one grid, one (ħ, ε) and one potential model.</summary>
    /// <param name="grid">The periodic grid.</param>
    /// <param name="parameters">ħ &gt; 0 and ε &gt; 0 (ε is unused by <see cref="PotentialModel.Free"/>).</param>
    /// <param name="model">How V is obtained from |ψ|².</param>
    public StrangSplitStep(PeriodicGrid grid, PhysicalParameters parameters, PotentialModel model)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!Enum.IsDefined(model))
        {
            throw new ArgumentOutOfRangeException(nameof(model), model, $"model must be one of {string.Join(", ", Enum.GetNames<PotentialModel>())}.");
        }

        if (parameters.Hbar <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parameters), parameters.Hbar, $"parameters.Hbar must be positive (the kick divides by ħ); got {Guard.Format(parameters.Hbar)}.");
        }

        if (model != PotentialModel.Free && parameters.Epsilon <= 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parameters), parameters.Epsilon, $"parameters.Epsilon must be positive for {model} (−εΔV appears in the field equation); got {Guard.Format(parameters.Epsilon)}.");
        }

        this.grid = grid;
        Parameters = parameters;
        Model = model;
        n = grid.Count;
        hbar = parameters.Hbar;
        epsilon = parameters.Epsilon;
        ops = new SpectralOperators(grid);
        pb = model == PotentialModel.PoissonBoltzmann ? new PoissonBoltzmannSolver(grid, epsilon) : null;
        k2 = ops.WavenumberSquared.ToArray();
        propagator = new Complex[n];
        density = new AlignedBuffer<double>(n);
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid => grid;

    /// <summary>ħ and ε.</summary>
    public PhysicalParameters Parameters { get; }

    /// <summary>The potential model.</summary>
    public PotentialModel Model { get; }

    /// <summary>The system id of the trajectories this solver produces ("spb" or "sp"), or null for <see cref="PotentialModel.Free"/>.</summary>
    public string? SystemId => Model switch
    {
        PotentialModel.PoissonBoltzmann => SystemIds.SchrodingerPoissonBoltzmann,
        PotentialModel.LinearPoisson => SystemIds.SchrodingerPoisson,
        _ => null,
    };

    /// <summary>The report of the last Poisson–Boltzmann solve (null before the first one, or for other models).</summary>
    public PoissonBoltzmannReport? LastPotentialReport { get; private set; }

    /// <summary>Computes V = V[|ψ|²] from scratch (Poisson–Boltzmann from the cold guess log max(|ψ|², 10⁻³·mean|ψ|²)).</summary>
    /// <param name="psi">ψ (length N, finite, not identically zero for Poisson–Boltzmann).</param>
    /// <param name="v">Destination V (length N).</param>
    public void InitialPotential(ReadOnlySpan<Complex> psi, Span<double> v)
    {
        Guard.Length(psi.Length, n, nameof(psi));
        Guard.Length(v.Length, n, nameof(v));
        Guard.AllFinite(psi);
        Density(psi);
        if (Model == PotentialModel.PoissonBoltzmann)
        {
            // Cold guess: the ε → 0 limit V ≈ log h, floored where h vanishes (only the Newton speed depends on it).
            var rho = density.Span;
            var mean = Quadrature.Mean(grid, rho);
            for (var i = 0; i < n; i++)
            {
                v[i] = mean > 0 ? Math.Log(Math.Max(rho[i], 1e-3 * mean)) : 0;
            }
        }

        SolvePotential(v);
    }

    /// <summary>
    /// One Strang step of size <paramref name="dt"/> in place: half kick, exact kinetic drift, new V, half kick.
    /// </summary>
    /// <param name="psi">ψⁿ on entry, ψⁿ⁺¹ on exit (length N).</param>
    /// <param name="v">V[|ψⁿ|²] on entry (see <see cref="InitialPotential"/>), V[|ψⁿ⁺¹|²] on exit (length N).</param>
    /// <param name="dt">Δt &gt; 0.</param>
    /// <exception cref="PoissonBoltzmannNotConvergedException">The Poisson–Boltzmann solve failed.</exception>
    public void Step(Span<Complex> psi, Span<double> v, double dt) => Advance(psi, v, dt, 1);

    /// <summary>
    /// <paramref name="steps"/> Strang steps of size <paramref name="dt"/> in place, with the closing half kick of each
    /// step and the opening half kick of the next applied as one full kick.
    /// </summary>
    /// <remarks>
    /// Both half kicks of the junction between steps n and n+1 use Vⁿ⁺¹ = V[|ψⁿ⁺¹|²] (a kick does not change |ψ|),
    /// so e^{−iVⁿ⁺¹Δt/(2ħ)}e^{−iVⁿ⁺¹Δt/(2ħ)} = e^{−iVⁿ⁺¹Δt/ħ}: the result equals <paramref name="steps"/> calls of
    /// <see cref="Step"/> up to round-off (one sine/cosine per point instead of two, ≈ 1 ulp per junction; the tests
    /// compare both), for one pass over ψ less per step.
    /// </remarks>
    /// <param name="psi">ψⁿ on entry, ψⁿ⁺ˢᵗᵉᵖˢ on exit (length N); unspecified if an exception is thrown. Hold ψ and V
    /// in <see cref="AlignedBuffer{T}"/>s to save two copies per call.</param>
    /// <param name="v">V[|ψⁿ|²] on entry, V[|ψⁿ⁺ˢᵗᵉᵖˢ|²] on exit (length N).</param>
    /// <param name="dt">Δt &gt; 0.</param>
    /// <param name="steps">Number of steps, ≥ 0.</param>
    /// <exception cref="PoissonBoltzmannNotConvergedException">A Poisson–Boltzmann solve failed
    /// (<see cref="CompletedSteps"/> tells how many steps finished before).</exception>
    public void Advance(Span<Complex> psi, Span<double> v, double dt, int steps)
    {
        Guard.Length(psi.Length, n, nameof(psi));
        Guard.Length(v.Length, n, nameof(v));
        Guard.PositiveFinite(dt);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        CompletedSteps = 0;
        if (steps == 0)
        {
            return;
        }

        if (dt != propagatorDt)
        {
            UpdatePropagator(dt);
        }

        // The steps run in place when ψ and V sit on 64-byte boundaries (hold them in AlignedBuffers), else on aligned
        // copies (two passes per call, amortised over the steps of a run): FFTW runs its aligned plans either way.
        var inPlace = AlignedBuffer.IsAligned<Complex>(psi) && AlignedBuffer.IsAligned<double>(v);
        var w = inPlace ? psi : (psiWork ??= new AlignedBuffer<Complex>(n)).Span;
        var potential = inPlace ? v : (vWork ??= new AlignedBuffer<double>(n)).Span;
        if (!inPlace)
        {
            psi.CopyTo(w);
            v.CopyTo(potential);
        }

        var halfKick = -0.5 * dt / hbar;
        ComplexKernels.RotatePhase(w, potential, halfKick);
        for (var step = 1; step <= steps; step++)
        {
            // Drift: the propagator carries the 1/N of the inverse transform, so the backward transform is unscaled.
            Fft.Forward(grid, w);
            ComplexKernels.Multiply(w, propagator);
            Fft.InverseUnscaled(grid, w);
            ComplexKernels.ModulusSquared(w, density.Span);
            if (Model == PotentialModel.PoissonBoltzmann)
            {
                Predict(potential, step);
            }

            SolvePotential(potential);
            ComplexKernels.RotatePhase(w, potential, step == steps ? halfKick : 2 * halfKick);
            CompletedSteps = step;
        }

        if (!inPlace)
        {
            w.CopyTo(psi);
            potential.CopyTo(v);
        }
    }

    /// <summary>The number of steps the last <see cref="Advance"/> (or <see cref="Step"/>) completed.</summary>
    public int CompletedSteps { get; private set; }

    /// <summary>
    /// Integrates from ψ₀ for <paramref name="steps"/> steps of size <paramref name="dt"/>, sampling ψ and V every
    /// <paramref name="sampleEvery"/> steps (and at t = 0 and after the last step). ψ₀ is used as given (not
    /// normalised; BCY take ∫|ψ₀|² = 1).
    /// </summary>
    /// <param name="psi0">ψ₀ (length N, finite, not identically zero).</param>
    /// <param name="dt">Δt &gt; 0.</param>
    /// <param name="steps">Number of steps, ≥ 0.</param>
    /// <param name="sampleEvery">Steps between frames, ≥ 1.</param>
    /// <returns>The trajectory (system "spb" or "sp", ψ and V frames), the status and a message. A failed
    /// Poisson–Boltzmann solve ends the run with <see cref="SolverStatus.StabilityLimitViolated"/>, a non-finite ψ
    /// with <see cref="SolverStatus.NonFinite"/>; the frames recorded before are kept.</returns>
    public SolverRun Run(ReadOnlySpan<Complex> psi0, double dt, int steps, int sampleEvery)
    {
        var system = SystemId ?? throw new InvalidOperationException(
            "Run needs a system id for the trajectory; the Free model (V ≡ 0) has none. Use Step for free evolution, or the PoissonBoltzmann / LinearPoisson model.");
        Guard.Length(psi0.Length, n, nameof(psi0));
        Guard.AllFinite(psi0);
        if (Quadrature.Mass(grid, psi0) <= 0)
        {
            throw new ArgumentException("psi0 is identically zero; the density |psi0|^2 must have positive mass.", nameof(psi0));
        }

        Guard.PositiveFinite(dt);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleEvery);

        // ψ and V live in aligned buffers, so Advance runs in place (no copies between frames).
        var psiBuffer = new AlignedBuffer<Complex>(n);
        var vBuffer = new AlignedBuffer<double>(n);
        psi0.CopyTo(psiBuffer.Span);
        InitialPotential(psiBuffer.Span, vBuffer.Span);
        var times = new List<double> { 0.0 };
        var psiFrames = new List<Complex[]> { psiBuffer.Span.ToArray() };
        var vFrames = new List<double[]> { vBuffer.Span.ToArray() };
        var status = SolverStatus.Success;
        string? stop = null;
        var newtonAtStart = newtonIterations;
        for (var step = 0; step < steps;)
        {
            // Frames at the multiples of sampleEvery and after the last step: advance (fused kicks) to the next one.
            var take = Math.Min(sampleEvery - (step % sampleEvery), steps - step);
            try
            {
                Advance(psiBuffer.Span, vBuffer.Span, dt, take);
            }
            catch (PoissonBoltzmannNotConvergedException e)
            {
                var failed = step + CompletedSteps + 1;
                status = SolverStatus.StabilityLimitViolated;
                stop = string.Create(CultureInfo.InvariantCulture, $"Stopped at t={failed * dt:R} (step {failed} of {steps}, dt={dt:R}): {e.Message}");
                break;
            }
            catch (InvalidDensityException e)
            {
                var failed = step + CompletedSteps + 1;
                status = SolverStatus.NonFinite;
                stop = string.Create(CultureInfo.InvariantCulture, $"Stopped at t={failed * dt:R} (step {failed} of {steps}, dt={dt:R}): the density became inadmissible: {e.Message}");
                break;
            }

            var previous = step;
            step += take;
            var t = step * dt;
            var bad = FirstNonFinite(psiBuffer.Span, vBuffer.Span);
            if (bad >= 0)
            {
                status = SolverStatus.NonFinite;
                stop = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Stopped at t={t:R} (step {step} of {steps}, dt={dt:R}): psi or V is not finite at flat index {bad} (it became so after step {previous}, the last frame).");
                break;
            }

            times.Add(t);
            psiFrames.Add(psiBuffer.Span.ToArray());
            vFrames.Add(vBuffer.Span.ToArray());
        }

        var newton = newtonIterations - newtonAtStart;
        var trajectory = new Trajectory(
            system,
            grid,
            times,
            Parameters,
            psi: psiFrames,
            potential: vFrames,
            provenance: new Provenance(
                "Oracles.Solvers.SplitStep.StrangSplitStep",
                Model == PotentialModel.PoissonBoltzmann
                    ? "Strang split-step Fourier (half kick, exact kinetic drift, half kick; warm-started Poisson–Boltzmann Newton)"
                    : "Strang split-step Fourier (half kick, exact kinetic drift, half kick; spectral linear Poisson)",
                dt,
                2));
        var newtonNote = Model == PotentialModel.PoissonBoltzmann
            ? string.Create(CultureInfo.InvariantCulture, $"; {newton} Poisson–Boltzmann Newton iterations in all.")
            : ".";
        var message = stop ?? string.Create(
            CultureInfo.InvariantCulture,
            $"Completed {steps} steps to t={steps * dt:R} (dt={dt:R}); {times.Count} frames{newtonNote}");
        return new SolverRun(trajectory, status, message);
    }

    private static int FirstNonFinite(ReadOnlySpan<Complex> psi, ReadOnlySpan<double> v)
    {
        for (var i = 0; i < psi.Length; i++)
        {
            if (!double.IsFinite(psi[i].Real) || !double.IsFinite(psi[i].Imaginary) || !double.IsFinite(v[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The Newton start for Vⁿ⁺¹ inside an <see cref="Advance"/>: Vⁿ at the first step, the linear extrapolation
    /// 2Vⁿ − Vⁿ⁻¹ at the second, the quadratic one 3Vⁿ − 3Vⁿ⁻¹ + Vⁿ⁻² from the third on (errors O(Δt), O(Δt²),
    /// O(Δt³)). Measured on the 128³ benchmark problem: 2 Newton / 5 CG per warm solve from Vⁿ, 1 / 3 from the linear
    /// start, 1 / 2 from the quadratic one. Only the starting point changes: every solve still runs to the same
    /// relative tolerance, so a step's result moves by at most the solver tolerance (tested).
    /// </summary>
    private void Predict(Span<double> v, int step)
    {
        var older = (vOlder ??= new AlignedBuffer<double>(n)).Span;
        var previous = (vPrevious ??= new AlignedBuffer<double>(n)).Span;
        if (step == 1)
        {
            v.CopyTo(previous);
            return;
        }

        for (var i = 0; i < n; i++)
        {
            var current = v[i];
            v[i] = step == 2 ? (2 * current) - previous[i] : (3 * (current - previous[i])) + older[i];
            older[i] = previous[i];
            previous[i] = current;
        }
    }

    private void UpdatePropagator(double dt)
    {
        // e^{−iħ|k|²Δt/2}: the exact free flow of iħ∂ₜψ = −(ħ²/2)Δψ on each Fourier mode.
        // Scaled by 1/N: Advance applies the unscaled inverse transform.
        var factor = -0.5 * hbar * dt;
        var scale = 1.0 / n;
        for (var i = 0; i < n; i++)
        {
            var (s, c) = Math.SinCos(factor * k2[i]);
            propagator[i] = new Complex(c * scale, s * scale);
        }

        propagatorDt = dt;
    }

    private void Density(ReadOnlySpan<Complex> psi) => ComplexKernels.ModulusSquared(psi, density.Span);

    private void SolvePotential(Span<double> v)
    {
        switch (Model)
        {
            case PotentialModel.PoissonBoltzmann:
                var report = pb!.SolveInto(density.Span, v);
                LastPotentialReport = report;
                newtonIterations += report.NewtonIterations;
                break;
            case PotentialModel.LinearPoisson:
                LinearPoisson.SolveInto(ops, epsilon, density.Span, v);
                break;
            default:
                v.Clear();
                break;
        }
    }
}
