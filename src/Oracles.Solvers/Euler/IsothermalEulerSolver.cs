using System.Globalization;
using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Solvers.Euler;

/// <summary>
/// Reference solver for the isothermal Euler equations [BCY, eq. (1.5)] on T^d, d = 1, 2, 3, in the logarithmic form
/// [BCY, eq. (2.2)], valid while ρ &gt; 0 and the solution is smooth:
/// ∂ₜ log ρ + div u + u·∇log ρ = 0,  ∂ₜu + (u·∇)u + ∇log ρ = 0.
/// Pseudo-spectral in space (catalogue IV.2 Y8), classical fourth-order Runge–Kutta in time.
/// </summary>
/// <remarks>
/// <para><b>Space.</b> Derivatives are exact Fourier multipliers ik (Nyquist zeroed, <see cref="Wavenumbers"/>). The
/// quadratic terms u·∇log ρ and (u·∇)u are formed pointwise and then de-aliased by the 2/3 rule (modes with
/// 3|m_a| &gt; n_a removed, <see cref="SpectralOperators.DealiasMask"/>); the linear terms div u and ∇log ρ act on
/// every mode. <b>Time.</b> Classical RK4 (order 4).</para>
/// <para><b>Smoothness monitor.</b> The theorems of BCY concern smooth solutions (Thm 2.1, s &gt; d/2 + 1); isothermal
/// Euler forms shocks in finite time. Before every step <see cref="Run"/> measures two spectral tails, i.e. L² weights
/// outside the 2/3 band as in <see cref="SpectralOperators.TailFraction(ReadOnlySpan{double})"/>: the tail of the
/// state (log ρ, u) relative to its mean-free part — under-resolved data — and the weight of the nonlinear
/// terms outside the band before de-aliasing relative to the whole time derivative (∂ₜ log ρ, ∂ₜu) — the relative
/// rate the 2/3 rule throws away, which grows as a shock steepens because the de-aliased state itself never
/// acquires modes above the band (measuring it against the time derivative rather than the nonlinear terms alone
/// keeps small-amplitude waves, whose nonlinear terms are O(δ²), from tripping it). When either exceeds
/// <see cref="SmoothnessThreshold"/>, or a value is not finite, the run stops with
/// <see cref="SolverStatus.LeftSmoothRegime"/> and says when. A reference smaller than 10⁻⁶·max(1, max|f|) is
/// replaced by that floor, so the round-off of a nearly constant field (≈ eps·max|f| per mode) cannot trip the
/// monitor. The monitor is conservative: on the simple-wave tests the error against the exact solution stays
/// ≈ 100× below the largest tail seen (<see cref="DefaultSmoothnessThreshold"/>).</para>
/// <para><b>Stability.</b> Frozen-coefficient linearisation: the symbol of (2.2) has eigenvalues i(k·u ± |k|), and
/// RK4 is stable on the imaginary axis for |z| ≤ 2√2. A step with Δt·max(|k|_max, |k|_{2/3}(1 + max|u|)) &gt; 2√2
/// (modes above the band see only the linear acoustic terms) stops the run with
/// <see cref="SolverStatus.StabilityLimitViolated"/>.</para>
/// <para>Notation: log ρ ↔ <c>logRho</c>/<c>l</c>, u ↔ <c>u</c> (d components, component-major, length d·N),
/// Δt ↔ <c>dt</c>.</para>
/// </remarks>
/// <threadsafety>An instance owns its scratch and is not thread-safe; use one per thread. <see cref="Step"/> and
/// <see cref="TimeDerivative"/> do not allocate.</threadsafety>
public sealed class IsothermalEulerSolver
{
    /// <summary>
    /// The default <see cref="SmoothnessThreshold"/>: 10⁻⁶. The 2/3 truncation then discards at most a 10⁻⁶ fraction of
    /// the time derivative; on the simple-wave tests the error against the exact solution stays ≈ 100× below the tail
    /// (n = 64, t = t*/2: tail 8e-5, error 4e-7), i.e. ~10⁻⁸ here — far below the tolerances of the BCY oracles.
    /// </summary>
    public const double DefaultSmoothnessThreshold = 1e-6;

    /// <summary>Relative floor for the mean-free part in the monitor (see remarks).</summary>
    private const double FluctuationFloor = 1e-6;

    private readonly PeriodicGrid grid;
    private readonly int n;
    private readonly int d;
    private readonly double[][] k;
    private readonly bool[] keep;
    private readonly int[] negated;
    private readonly Complex[] stateHat;
    private readonly Complex[] productHat;
    private readonly Complex[] work;
    private readonly double[] products;
    private readonly double[] stageL;
    private readonly double[] stageU;
    private readonly double[] accL;
    private readonly double[] accU;
    private readonly double[] kL;
    private readonly double[] kU;
    private readonly double kAll;
    private readonly double kBand;
    private double stateTail;
    private double productTail;

    /// <summary>Creates the solver (and all its scratch) for a grid, with the default smoothness threshold.</summary>
    /// <param name="grid">The periodic grid.</param>
    public IsothermalEulerSolver(PeriodicGrid grid)
        : this(grid, DefaultSmoothnessThreshold)
    {
    }

    /// <summary>Creates the solver (and all its scratch) for a grid.</summary>
    /// <param name="grid">The periodic grid.</param>
    /// <param name="smoothnessThreshold">The spectral-tail level above which a run stops with
    /// <see cref="SolverStatus.LeftSmoothRegime"/>; in (0, 1).</param>
    public IsothermalEulerSolver(PeriodicGrid grid, double smoothnessThreshold)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.PositiveFinite(smoothnessThreshold);
        if (smoothnessThreshold >= 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(smoothnessThreshold), smoothnessThreshold, $"smoothnessThreshold must lie in (0, 1); got {Guard.Format(smoothnessThreshold)}.");
        }

        this.grid = grid;
        SmoothnessThreshold = smoothnessThreshold;
        n = grid.Count;
        d = grid.Dimension;
        var ops = new SpectralOperators(grid);
        k = new double[d][];
        double all2 = 0, band2 = 0;
        for (var a = 0; a < d; a++)
        {
            k[a] = new double[n];
            var max = 0.0;
            for (var i = 0; i < n; i++)
            {
                k[a][i] = ops.WaveNumber(a, i);
                max = Math.Max(max, Math.Abs(k[a][i]));
            }

            all2 += max * max;
            var band = 2 * Math.PI * (grid.Shape[a] / 3) / grid.Length;
            band2 += band * band;
        }

        kAll = Math.Sqrt(all2);
        kBand = Math.Sqrt(band2);
        keep = ops.DealiasMask.ToArray();
        negated = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Flat index of the mode −m (per axis j ↦ (n_a − j) mod n_a), used to split two real transforms.
            var flat = 0;
            for (var a = 0; a < d; a++)
            {
                var na = grid.Shape[a];
                var j = i / grid.Stride(a) % na;
                flat = (flat * na) + ((na - j) % na);
            }

            negated[i] = flat;
        }

        stateHat = new Complex[(1 + d) * n];
        productHat = new Complex[(1 + d) * n];
        work = new Complex[n];
        products = new double[(1 + d) * n];
        stageL = new double[n];
        stageU = new double[d * n];
        accL = new double[n];
        accU = new double[d * n];
        kL = new double[n];
        kU = new double[d * n];
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid => grid;

    /// <summary>The spectral-tail level above which <see cref="Run"/> reports <see cref="SolverStatus.LeftSmoothRegime"/>.</summary>
    public double SmoothnessThreshold { get; }

    /// <summary>
    /// The largest Δt allowed by the frozen-coefficient RK4 stability bound at a state with max|u| =
    /// <paramref name="maxSpeed"/>: 2√2 / max(|k|_max, |k|_{2/3}(1 + max|u|)).
    /// </summary>
    /// <param name="maxSpeed">max over the grid of |u| (Euclidean), ≥ 0.</param>
    /// <returns>The bound.</returns>
    public double StableTimeStep(double maxSpeed)
    {
        Guard.NonNegativeFinite(maxSpeed);
        return 2 * Math.Sqrt(2) / Math.Max(kAll, kBand * (1 + maxSpeed));
    }

    /// <summary>
    /// The right-hand side of [BCY, eq. (2.2)]: ∂ₜ log ρ = −div u − u·∇log ρ, ∂ₜu = −(u·∇)u − ∇log ρ, spectral
    /// derivatives, products de-aliased by the 2/3 rule.
    /// </summary>
    /// <param name="logRho">log ρ (length N).</param>
    /// <param name="u">u (length d·N, component-major).</param>
    /// <param name="dLogRho">Destination ∂ₜ log ρ (length N).</param>
    /// <param name="du">Destination ∂ₜu (length d·N).</param>
    public void TimeDerivative(ReadOnlySpan<double> logRho, ReadOnlySpan<double> u, Span<double> dLogRho, Span<double> du)
    {
        Guard.Length(logRho.Length, n, nameof(logRho));
        Guard.Length(u.Length, d * n, nameof(u));
        Guard.Length(dLogRho.Length, n, nameof(dLogRho));
        Guard.Length(du.Length, d * n, nameof(du));
        Rhs(logRho, u, dLogRho, du);
    }

    /// <summary>One classical RK4 step of [BCY, eq. (2.2)] in place. No checks of smoothness (see <see cref="Run"/>).</summary>
    /// <param name="logRho">log ρ (length N), advanced in place.</param>
    /// <param name="u">u (length d·N), advanced in place.</param>
    /// <param name="dt">Δt &gt; 0.</param>
    public void Step(Span<double> logRho, Span<double> u, double dt)
    {
        Guard.Length(logRho.Length, n, nameof(logRho));
        Guard.Length(u.Length, d * n, nameof(u));
        Guard.PositiveFinite(dt);
        Rhs(logRho, u, kL, kU);
        FinishStep(logRho, u, dt);
    }

    /// <summary>
    /// Integrates from (ρ₀, u₀) for <paramref name="steps"/> steps of size <paramref name="dt"/>, sampling every
    /// <paramref name="sampleEvery"/> steps (and t = 0 and the last step), with the smoothness and stability checks
    /// described in the remarks. System id <see cref="SystemIds.IsothermalEuler"/>, parameters (0, 0).
    /// </summary>
    /// <param name="rho0">ρ₀ &gt; 0 (length N).</param>
    /// <param name="u0">u₀ (length d·N, component-major).</param>
    /// <param name="dt">Δt &gt; 0.</param>
    /// <param name="steps">Number of steps, ≥ 0.</param>
    /// <param name="sampleEvery">Steps between frames, ≥ 1.</param>
    /// <returns>The trajectory (ρ and u frames), the status and a message; an early stop keeps the frames so far
    /// and the last state that passed the checks.</returns>
    public SolverRun Run(ReadOnlySpan<double> rho0, ReadOnlySpan<double> u0, double dt, int steps, int sampleEvery)
    {
        Guard.Length(rho0.Length, n, nameof(rho0));
        Guard.Positive(rho0);
        Guard.Length(u0.Length, d * n, nameof(u0));
        Guard.AllFinite(u0);
        Guard.PositiveFinite(dt);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleEvery);

        var l = new double[n];
        for (var i = 0; i < n; i++)
        {
            l[i] = Math.Log(rho0[i]);
        }

        var u = u0.ToArray();
        var lastL = new double[n];
        var lastU = new double[d * n];
        var lastStep = -1;
        var lastRecorded = -1;
        var times = new List<double>();
        var rhoFrames = new List<double[]>();
        var uFrames = new List<double[]>();
        var status = SolverStatus.Success;
        string? stop = null;
        var maxTail = 0.0;

        for (var step = 0; step <= steps; step++)
        {
            var t = step * dt;
            var reason = Check(l, u, dt);
            if (reason is not null)
            {
                status = reason.Value.Status;
                stop = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Stopped at t={t:R} (step {step} of {steps}, dt={dt:R}): {reason.Value.Why} Last state that passed the checks: {(lastStep < 0 ? "none" : (lastStep * dt).ToString("R", CultureInfo.InvariantCulture))}.");
                break;
            }

            maxTail = Math.Max(maxTail, Math.Max(stateTail, productTail));
            l.CopyTo(lastL, 0);
            u.CopyTo(lastU, 0);
            lastStep = step;
            if (step % sampleEvery == 0 || step == steps)
            {
                Record(times, rhoFrames, uFrames, t, l, u);
                lastRecorded = step;
            }

            if (step == steps)
            {
                break;
            }

            // k1 was computed by Check (the RHS at the current state); finish the RK4 step.
            FinishStep(l, u, dt);
        }

        if (status != SolverStatus.Success && lastStep >= 0 && lastRecorded != lastStep)
        {
            Record(times, rhoFrames, uFrames, lastStep * dt, lastL, lastU);
        }

        if (times.Count == 0)
        {
            // The initial state itself failed a check (e.g. Δt above the stability limit): keep it as the only frame.
            Record(times, rhoFrames, uFrames, 0, Log(rho0), u0);
        }

        var trajectory = new Trajectory(
            SystemIds.IsothermalEuler,
            grid,
            times,
            new PhysicalParameters(0, 0),
            density: rhoFrames,
            velocity: uFrames,
            provenance: new Provenance(
                "Oracles.Solvers.Euler.IsothermalEulerSolver",
                "pseudo-spectral + RK4 (2/3 de-aliased products, BCY eq. (2.2))",
                dt,
                4));
        var message = stop ?? string.Create(
            CultureInfo.InvariantCulture,
            $"Completed {steps} steps to t={steps * dt:R} (dt={dt:R}); largest spectral tail {maxTail:R} (threshold {SmoothnessThreshold:R}).");
        return new SolverRun(trajectory, status, message);
    }

    private static double[] Log(ReadOnlySpan<double> rho)
    {
        var l = new double[rho.Length];
        for (var i = 0; i < rho.Length; i++)
        {
            l[i] = Math.Log(rho[i]);
        }

        return l;
    }

    private void Record(List<double> times, List<double[]> rhoFrames, List<double[]> uFrames, double t, ReadOnlySpan<double> l, ReadOnlySpan<double> u)
    {
        var rho = new double[n];
        for (var i = 0; i < n; i++)
        {
            rho[i] = Math.Exp(l[i]);
        }

        times.Add(t);
        rhoFrames.Add(rho);
        uFrames.Add(u.ToArray());
    }

    /// <summary>Checks the current state; on success kL/kU hold the RHS there (k1 of the next step).</summary>
    private (SolverStatus Status, string Why)? Check(ReadOnlySpan<double> l, ReadOnlySpan<double> u, double dt)
    {
        var maxSpeed = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (!double.IsFinite(l[i]))
            {
                return (SolverStatus.LeftSmoothRegime, $"log rho is not finite at {Describe(i)}: {Guard.Format(l[i])}.");
            }

            var s2 = 0.0;
            for (var a = 0; a < d; a++)
            {
                var ua = u[(a * n) + i];
                if (!double.IsFinite(ua))
                {
                    return (SolverStatus.LeftSmoothRegime, $"u[{a}] is not finite at {Describe(i)}: {Guard.Format(ua)}.");
                }

                s2 += ua * ua;
            }

            maxSpeed = Math.Max(maxSpeed, Math.Sqrt(s2));
        }

        var stable = StableTimeStep(maxSpeed);
        if (dt > stable)
        {
            return (SolverStatus.StabilityLimitViolated, string.Create(
                CultureInfo.InvariantCulture,
                $"dt={dt:R} exceeds the RK4 stability limit {stable:R} = 2*sqrt(2)/max(|k|max, |k|band*(1 + max|u|)) with max|u|={maxSpeed:R}; reduce dt."));
        }

        Rhs(l, u, kL, kU);
        if (stateTail > SmoothnessThreshold || productTail > SmoothnessThreshold || double.IsNaN(stateTail) || double.IsNaN(productTail))
        {
            return (SolverStatus.LeftSmoothRegime, string.Create(
                CultureInfo.InvariantCulture,
                $"the solution left the smooth regime: spectral tail of (log rho, u) = {stateTail:R}, of the nonlinear terms = {productTail:R}, threshold {SmoothnessThreshold:R} (a shock is forming or the grid is too coarse)."));
        }

        return null;
    }

    private string Describe(int flat)
    {
        var parts = new string[d];
        var rem = flat;
        for (var a = d - 1; a >= 0; a--)
        {
            parts[a] = Guard.Format(grid.Coordinate(a, rem % grid.Shape[a]));
            rem /= grid.Shape[a];
        }

        return d == 1 ? $"x={parts[0]}" : $"x=({string.Join(", ", parts)})";
    }

    /// <summary>RK4 from (l, u) with k1 already in (kL, kU).</summary>
    private void FinishStep(Span<double> l, Span<double> u, double dt)
    {
        var half = 0.5 * dt;
        var sixth = dt / 6;
        var third = dt / 3;

        // acc = y + dt/6 k1; stage = y + dt/2 k1
        Axpy(l, kL, sixth, accL);
        Axpy(u, kU, sixth, accU);
        Axpy(l, kL, half, stageL);
        Axpy(u, kU, half, stageU);

        Rhs(stageL, stageU, kL, kU);                 // k2
        AddScaled(accL, kL, third);
        AddScaled(accU, kU, third);
        Axpy(l, kL, half, stageL);
        Axpy(u, kU, half, stageU);

        Rhs(stageL, stageU, kL, kU);                 // k3
        AddScaled(accL, kL, third);
        AddScaled(accU, kU, third);
        Axpy(l, kL, dt, stageL);
        Axpy(u, kU, dt, stageU);

        Rhs(stageL, stageU, kL, kU);                 // k4
        AddScaled(accL, kL, sixth);
        AddScaled(accU, kU, sixth);
        accL.AsSpan().CopyTo(l);
        accU.AsSpan().CopyTo(u);
    }

    private static void Axpy(ReadOnlySpan<double> y, ReadOnlySpan<double> k, double h, Span<double> result)
    {
        for (var i = 0; i < y.Length; i++)
        {
            result[i] = y[i] + (h * k[i]);
        }
    }

    private static void AddScaled(Span<double> acc, ReadOnlySpan<double> k, double h)
    {
        for (var i = 0; i < acc.Length; i++)
        {
            acc[i] += h * k[i];
        }
    }

    /// <summary>
    /// The RHS of (2.2); also sets <see cref="stateTail"/> and <see cref="productTail"/> for this state. Fields are
    /// numbered f = 0 (log ρ) and f = 1 + a (u_a); real fields are transformed two at a time as one complex field
    /// (z = a + ib, â(m) = (ẑ(m) + conj ẑ(−m))/2, b̂(m) = (ẑ(m) − conj ẑ(−m))/(2i)), which halves the FFT count.
    /// </summary>
    private void Rhs(ReadOnlySpan<double> l, ReadOnlySpan<double> u, Span<double> dl, Span<double> du)
    {
        var fields = 1 + d;

        // Spectra of the state.
        var tail = new TailAccumulator(n);
        for (var f = 0; f < fields; f += 2)
        {
            var second = f + 1 < fields;
            ForwardPair(
                Field(l, u, f),
                second ? Field(l, u, f + 1) : default,
                second,
                stateHat.AsSpan(f * n, n),
                second ? stateHat.AsSpan((f + 1) * n, n) : default,
                ref tail,
                isReference: true);
        }

        stateTail = tail.Ratio;

        // Products N_f = Σ_b u_b ∂_b(field f): N_0 = u·∇l, N_{1+a} = (u·∇)u_a, formed pointwise; task t = f·d + b.
        products.AsSpan().Clear();
        var tasks = fields * d;
        for (var t = 0; t < tasks; t += 2)
        {
            var second = t + 1 < tasks;
            int f1 = t / d, b1 = t % d, f2 = (t + 1) / d, b2 = (t + 1) % d;
            var k1 = k[b1];
            var k2 = k[second ? b2 : b1];
            var s1 = stateHat.AsSpan(f1 * n, n);
            var s2 = stateHat.AsSpan((second ? f2 : f1) * n, n);
            for (var i = 0; i < n; i++)
            {
                // work = ik₁ŝ₁ + i·(ik₂ŝ₂): the inverse transform holds ∂_{b1} f1 in its real part, ∂_{b2} f2 in its imaginary part.
                var x = s1[i];
                var re = -k1[i] * x.Imaginary;
                var im = k1[i] * x.Real;
                if (second)
                {
                    var y = s2[i];
                    re -= k2[i] * y.Real;
                    im -= k2[i] * y.Imaginary;
                }

                work[i] = new Complex(re, im);
            }

            Fft.Inverse(grid, work);
            var u1 = u.Slice(b1 * n, n);
            var p1 = products.AsSpan(f1 * n, n);
            for (var i = 0; i < n; i++)
            {
                p1[i] += u1[i] * work[i].Real;
            }

            if (second)
            {
                var u2 = u.Slice(b2 * n, n);
                var p2 = products.AsSpan(f2 * n, n);
                for (var i = 0; i < n; i++)
                {
                    p2[i] += u2[i] * work[i].Imaginary;
                }
            }
        }

        // Spectra of the products; their tail is measured against the whole time derivative (see remarks).
        tail = new TailAccumulator(n);
        for (var f = 0; f < fields; f += 2)
        {
            var second = f + 1 < fields;
            ForwardPair(
                products.AsSpan(f * n, n),
                second ? products.AsSpan((f + 1) * n, n) : default,
                second,
                productHat.AsSpan(f * n, n),
                second ? productHat.AsSpan((f + 1) * n, n) : default,
                ref tail,
                isReference: false);
        }

        // Assemble in place: ∂ₜl = −div u − P(N_0), ∂ₜu_a = −P(N_{1+a}) − ∂_a l (P = 2/3 truncation).
        var r0 = productHat.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            r0[i] = keep[i] ? -r0[i] : Complex.Zero;
        }

        for (var a = 0; a < d; a++)
        {
            var ka = k[a];
            var sa = stateHat.AsSpan((1 + a) * n, n);
            for (var i = 0; i < n; i++)
            {
                var w = sa[i];
                r0[i] -= new Complex(-ka[i] * w.Imaginary, ka[i] * w.Real);
            }
        }

        tail.AddReference(r0);
        var lHat = stateHat.AsSpan(0, n);
        for (var a = 0; a < d; a++)
        {
            var ka = k[a];
            var ra = productHat.AsSpan((1 + a) * n, n);
            for (var i = 0; i < n; i++)
            {
                var w = lHat[i];
                var z = keep[i] ? -ra[i] : Complex.Zero;
                ra[i] = z - new Complex(-ka[i] * w.Imaginary, ka[i] * w.Real);
            }

            tail.AddReference(ra);
        }

        productTail = tail.Ratio;

        // Back to physical space, two real fields per inverse transform (the assembled spectra are Hermitian).
        for (var f = 0; f < fields; f += 2)
        {
            var second = f + 1 < fields;
            var a = productHat.AsSpan(f * n, n);
            var b = productHat.AsSpan((second ? f + 1 : f) * n, n);
            for (var i = 0; i < n; i++)
            {
                work[i] = second ? new Complex(a[i].Real - b[i].Imaginary, a[i].Imaginary + b[i].Real) : a[i];
            }

            Fft.Inverse(grid, work);
            var target1 = f == 0 ? dl : du.Slice((f - 1) * n, n);
            for (var i = 0; i < n; i++)
            {
                target1[i] = work[i].Real;
            }

            if (second)
            {
                var target2 = du.Slice(f * n, n);
                for (var i = 0; i < n; i++)
                {
                    target2[i] = work[i].Imaginary;
                }
            }
        }
    }

    private ReadOnlySpan<double> Field(ReadOnlySpan<double> l, ReadOnlySpan<double> u, int f) =>
        f == 0 ? l : u.Slice((f - 1) * n, n);

    private void ForwardPair(
        ReadOnlySpan<double> a,
        ReadOnlySpan<double> b,
        bool hasB,
        Span<Complex> aHat,
        Span<Complex> bHat,
        ref TailAccumulator tail,
        bool isReference)
    {
        double maxA = 0, maxB = 0;
        for (var i = 0; i < n; i++)
        {
            var y = hasB ? b[i] : 0.0;
            work[i] = new Complex(a[i], y);
            maxA = Math.Max(maxA, Math.Abs(a[i]));
            maxB = Math.Max(maxB, Math.Abs(y));
        }

        Fft.Forward(grid, work);
        if (!hasB)
        {
            work.AsSpan().CopyTo(aHat);
            tail.Add(aHat, keep, maxA, isReference);
            return;
        }

        for (var i = 0; i < n; i++)
        {
            var z = work[i];
            var zc = Complex.Conjugate(work[negated[i]]);
            var sum = z + zc;
            var diff = z - zc;
            aHat[i] = new Complex(0.5 * sum.Real, 0.5 * sum.Imaginary);
            bHat[i] = new Complex(0.5 * diff.Imaginary, -0.5 * diff.Real);
        }

        tail.Add(aHat, keep, maxA, isReference);
        tail.Add(bHat, keep, maxB, isReference);
    }

    /// <summary>
    /// Sums the squared spectral weight outside the 2/3 band of some fields and the squared weight of the mean-free
    /// part of a reference (the same fields, or the assembled time derivative).
    /// </summary>
    private struct TailAccumulator(int count)
    {
        private double tail2;
        private double reference2;
        private double max;

        public readonly double Ratio
        {
            get
            {
                // Parseval with the unscaled forward FFT: √Σ_k|f̂_k|² = N·RMS(f); the floor is N·1e-6·max(1, max|f|).
                var floor = count * FluctuationFloor * Math.Max(1, max);
                return Math.Sqrt(tail2) / Math.Max(Math.Sqrt(reference2), floor);
            }
        }

        public void Add(ReadOnlySpan<Complex> fHat, ReadOnlySpan<bool> keep, double maxAbs, bool isReference)
        {
            max = Math.Max(max, maxAbs);
            for (var i = 1; i < fHat.Length; i++)
            {
                var p = (fHat[i].Real * fHat[i].Real) + (fHat[i].Imaginary * fHat[i].Imaginary);
                if (isReference)
                {
                    reference2 += p;
                }

                if (!keep[i])
                {
                    tail2 += p;
                }
            }
        }

        public void AddReference(ReadOnlySpan<Complex> fHat)
        {
            for (var i = 1; i < fHat.Length; i++)
            {
                reference2 += (fHat[i].Real * fHat[i].Real) + (fHat[i].Imaginary * fHat[i].Imaginary);
            }
        }
    }
}
