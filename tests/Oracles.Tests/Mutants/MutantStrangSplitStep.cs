using System.Numerics;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Tests.Mutants;

/// <summary>A deliberate, plausible bug in the Strang split-step solver of SPB [BCY, eq. (1.1)].</summary>
internal enum SpbMutation
{
    /// <summary>No bug: reproduces <see cref="Oracles.Solvers.SplitStep.StrangSplitStep"/> bit for bit.</summary>
    None,

    /// <summary>Wrong sign of the potential: the kick is e^{+iVΔt/(2ħ)}, i.e. the solver integrates iħ∂ₜψ = −(ħ²/2)Δψ − Vψ.</summary>
    PotentialSignFlipped,

    /// <summary>ħ where ħ² belongs: the kinetic operator coded as −(ħ/2)Δ, so the Fourier phase is e^{−i|k|²Δt/2} instead of e^{−iħ|k|²Δt/2}.</summary>
    KineticPhaseHbarNotHbarSquared,

    /// <summary>Missing ½ in the kinetic phase: e^{−iħ|k|²Δt} (the operator −ħ²Δ instead of −(ħ²/2)Δ).</summary>
    KineticPhaseMissingHalf,

    /// <summary>Missing ½ in the kicks: each of the two kicks is a full e^{−iVΔt/ħ}, so the potential acts twice per step.</summary>
    KickMissingHalf,

    /// <summary>Lie instead of Strang: one full kick with Vⁿ, the drift, then the new V (first order; still declared order 2).</summary>
    LieSplitting,

    /// <summary>Off-by-one wavenumber table: the negative modes are m = j − n + 1 instead of j − n (mode −1 gets k = 0).</summary>
    WavenumbersOffByOne,

    /// <summary>Unshifted wavenumber table: m = j for every FFT index, as if the spectrum were not wrapped to negative modes.</summary>
    WavenumbersUnshifted,

    /// <summary>Stale potential: the second half kick reuses Vⁿ; V is recomputed only after it (so the recorded V matches ψ).</summary>
    StalePotentialInSecondKick,

    /// <summary>ε dropped in the Poisson–Boltzmann solve (−ΔV = |ψ|² − e^V).</summary>
    EpsilonDroppedInPoissonBoltzmann,

    /// <summary>e^V replaced by 1: the potential solves the linear Poisson equation −εΔV = |ψ|² − 1 (SP, not SPB).</summary>
    BoltzmannFactorReplacedByOne,

    /// <summary>Newton loop of the Poisson–Boltzmann solve stopped after a fixed count without a convergence test.</summary>
    NewtonFixedIterationCount,

    /// <summary>Density ψ² instead of |ψ|²: the potential is computed from Re(ψ²) = (Re ψ)² − (Im ψ)².</summary>
    DensityPsiSquared,

    /// <summary>
    /// Renormalisation hiding a mass loss: the kinetic factor is e^{−ħ|k|²Δt/2} (the i dropped — a heat step, which
    /// damps every mode), and ψ is rescaled to ∫|ψ|² = 1 after every drift (before V is computed, so V still solves
    /// Poisson–Boltzmann for the recorded |ψ|²): the mass looks conserved.
    /// </summary>
    RenormalisedLossyKinetic,

    /// <summary>A time step applied twice: the loop calls the step twice per iteration while the clock advances by Δt once.</summary>
    TimeStepAppliedTwice,
}

/// <summary>
/// A compact, mutable re-implementation of <see cref="Oracles.Solvers.SplitStep.StrangSplitStep"/> (SPB model) for the
/// mutant suite: with <see cref="SpbMutation.None"/> it performs the same operations in the same order (same FFT,
/// same production Poisson–Boltzmann solver with warm start, same cold guess), so its trajectory equals the production
/// one to round-off; each other <see cref="SpbMutation"/> changes exactly one line of the algorithm.
/// </summary>
/// <remarks>
/// <para>One step: ψ ← e^{−iVⁿΔt/(2ħ)}ψ; ψ̂(k) ← e^{−iħ|k|²Δt/2}ψ̂(k); Vⁿ⁺¹ = V[|ψ|²]; ψ ← e^{−iVⁿ⁺¹Δt/(2ħ)}ψ
/// [BCY, eq. (1.1)]; catalogue IV.2 Y5.</para>
/// <para>Every mutant claims what the correct solver claims (provenance "Strang split-step Fourier", order 2, its Δt)
/// and the declared ε, ħ: the oracles must find the bug from the data alone.</para>
/// <para>Notation: ψ ↔ <c>psi</c>, V ↔ <c>v</c>, ħ ↔ <c>hbar</c>, Δt ↔ <c>dt</c>, |k|² ↔ <c>k2</c>.</para>
/// </remarks>
internal sealed class MutantStrangSplitStep
{
    private readonly PeriodicGrid grid;
    private readonly int n;
    private readonly double hbar;
    private readonly SpbMutation mutation;
    private readonly MutantPoissonBoltzmann potential;
    private readonly double[] k2;
    private readonly Complex[] propagator;
    private readonly double[] density;
    private double propagatorDt = double.NaN;

    public MutantStrangSplitStep(PeriodicGrid grid, PhysicalParameters parameters, SpbMutation mutation)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(parameters);
        if (mutation is SpbMutation.WavenumbersOffByOne or SpbMutation.WavenumbersUnshifted && grid.Dimension != 1)
        {
            throw new ArgumentException($"The wavenumber-table mutants are written for 1-D grids; got {grid}.", nameof(grid));
        }

        this.grid = grid;
        this.mutation = mutation;
        Parameters = parameters;
        n = grid.Count;
        hbar = parameters.Hbar;
        var ops = new SpectralOperators(grid);
        potential = new MutantPoissonBoltzmann(ops, parameters.Epsilon, mutation switch
        {
            SpbMutation.EpsilonDroppedInPoissonBoltzmann => PbMutation.EpsilonDropped,
            SpbMutation.BoltzmannFactorReplacedByOne => PbMutation.BoltzmannFactorReplacedByOne,
            SpbMutation.NewtonFixedIterationCount => PbMutation.NewtonFixedIterationCount,
            _ => PbMutation.None,
        });
        k2 = mutation switch
        {
            SpbMutation.WavenumbersOffByOne => WavenumberSquared(j => j <= n / 2 ? j : j - n + 1),
            SpbMutation.WavenumbersUnshifted => WavenumberSquared(j => j),
            _ => ops.WavenumberSquared.ToArray(),
        };
        propagator = new Complex[n];
        density = new double[n];
    }

    public PhysicalParameters Parameters { get; }

    /// <summary>V from |ψ|² at t = 0: the production cold guess log max(h, 10⁻³·mean h), then the (mutable) solve.</summary>
    public void InitialPotential(ReadOnlySpan<Complex> psi, Span<double> v)
    {
        Density(psi);
        var mean = Quadrature.Mean(grid, density);
        for (var i = 0; i < n; i++)
        {
            v[i] = mean > 0 ? Math.Log(Math.Max(density[i], 1e-3 * mean)) : 0;
        }

        potential.Solve(density, v);
    }

    /// <summary>One (possibly mutated) step in place.</summary>
    public void Step(Span<Complex> psi, Span<double> v, double dt)
    {
        if (dt != propagatorDt)
        {
            UpdatePropagator(dt);
        }

        var halfKick = mutation switch
        {
            SpbMutation.PotentialSignFlipped => 0.5 * dt / hbar,
            SpbMutation.KickMissingHalf => -dt / hbar,
            _ => -0.5 * dt / hbar,
        };
        if (mutation == SpbMutation.LieSplitting)
        {
            Kick(psi, v, -dt / hbar);
            Drift(psi);
            Density(psi);
            potential.Solve(density, v);
            return;
        }

        Kick(psi, v, halfKick);
        Drift(psi);
        if (mutation == SpbMutation.RenormalisedLossyKinetic)
        {
            // The careful way to hide the loss: rescale before V is computed, so V still matches |ψ|².
            var scale = 1 / Math.Sqrt(Quadrature.Mass(grid, psi));
            for (var i = 0; i < n; i++)
            {
                psi[i] *= scale;
            }
        }

        if (mutation == SpbMutation.StalePotentialInSecondKick)
        {
            Kick(psi, v, halfKick);
            Density(psi);
            potential.Solve(density, v);
            return;
        }

        Density(psi);
        potential.Solve(density, v);
        Kick(psi, v, halfKick);
    }

    /// <summary>
    /// Integrates like <see cref="Oracles.Solvers.SplitStep.StrangSplitStep.Run"/> (frames at t = 0, every
    /// <paramref name="sampleEvery"/> steps and the last step) and returns the trajectory with the provenance of the
    /// correct solver.
    /// </summary>
    public Trajectory Run(ReadOnlySpan<Complex> psi0, double dt, int steps, int sampleEvery)
    {
        var psi = psi0.ToArray();
        var v = new double[n];
        InitialPotential(psi, v);
        var times = new List<double> { 0.0 };
        var psiFrames = new List<Complex[]> { (Complex[])psi.Clone() };
        var vFrames = new List<double[]> { (double[])v.Clone() };
        for (var step = 1; step <= steps; step++)
        {
            Step(psi, v, dt);
            if (mutation == SpbMutation.TimeStepAppliedTwice)
            {
                Step(psi, v, dt);
            }

            if (step % sampleEvery == 0 || step == steps)
            {
                times.Add(step * dt);
                psiFrames.Add((Complex[])psi.Clone());
                vFrames.Add((double[])v.Clone());
            }
        }

        return new Trajectory(
            SystemIds.SchrodingerPoissonBoltzmann,
            grid,
            times,
            Parameters,
            psi: psiFrames,
            potential: vFrames,
            provenance: new Provenance(
                "Oracles.Solvers.SplitStep.StrangSplitStep",
                "Strang split-step Fourier (half kick, exact kinetic drift, half kick; warm-started Poisson–Boltzmann Newton)",
                dt,
                2));
    }

    private double[] WavenumberSquared(Func<int, int> mode)
    {
        var table = new double[n];
        for (var j = 0; j < n; j++)
        {
            var k = 2 * Math.PI * mode(j) / grid.Length;
            table[j] = k * k;
        }

        return table;
    }

    private static void Kick(Span<Complex> psi, ReadOnlySpan<double> v, double factor)
    {
        // ψ ← e^{i·factor·V}ψ, written as in the production solver (same rounding).
        for (var i = 0; i < psi.Length; i++)
        {
            var (s, c) = Math.SinCos(factor * v[i]);
            var z = psi[i];
            psi[i] = new Complex((c * z.Real) - (s * z.Imaginary), (c * z.Imaginary) + (s * z.Real));
        }
    }

    private void Drift(Span<Complex> psi)
    {
        Fft.Forward(grid, psi);
        for (var i = 0; i < n; i++)
        {
            psi[i] *= propagator[i];
        }

        Fft.Inverse(grid, psi);
    }

    private void UpdatePropagator(double dt)
    {
        var factor = mutation switch
        {
            SpbMutation.KineticPhaseHbarNotHbarSquared => -0.5 * dt,
            SpbMutation.KineticPhaseMissingHalf => -hbar * dt,
            _ => -0.5 * hbar * dt,
        };
        for (var i = 0; i < n; i++)
        {
            if (mutation == SpbMutation.RenormalisedLossyKinetic)
            {
                propagator[i] = new Complex(Math.Exp(factor * k2[i]), 0);
                continue;
            }

            var (s, c) = Math.SinCos(factor * k2[i]);
            propagator[i] = new Complex(c, s);
        }

        propagatorDt = dt;
    }

    private void Density(ReadOnlySpan<Complex> psi)
    {
        for (var i = 0; i < n; i++)
        {
            var (re, im) = (psi[i].Real, psi[i].Imaginary);
            density[i] = mutation == SpbMutation.DensityPsiSquared ? (re * re) - (im * im) : (re * re) + (im * im);
        }
    }
}
