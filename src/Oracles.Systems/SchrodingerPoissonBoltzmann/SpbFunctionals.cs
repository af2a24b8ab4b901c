using System.Numerics;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Systems.SchrodingerPoissonBoltzmann;

/// <summary>
/// Observables and energies of the Schrödinger–Poisson–Boltzmann system iħ∂_tψ = −(ħ²/2)Δψ + Vψ,
/// −εΔV = |ψ|² − e^V [BCY, eq. (1.1)] and of the Schrödinger–Poisson system (1.2), evaluated spectrally on a
/// periodic grid.
/// </summary>
/// <remarks>
/// <para>Definitions (catalogue §0.2, BCY.E1.6, BCY.E2.4, BCY.S1.current):</para>
/// <list type="bullet">
/// <item>density ρ_ħ = |ψ|², current J = ħ Im(ψ̄∇ψ) [BCY, §1, below (1.6)];</item>
/// <item>kinetic energy ½ħ²∫|∇ψ|² = ½tr(−ħ²ΔR), R = |ψ⟩⟨ψ|;</item>
/// <item>total energy 𝓕_{ε,ħ} = ½tr(−ħ²ΔR) + (ε/2)∫|∇V|² + ∫V e^V [BCY, eq. (2.4)], conserved by (1.1)
/// [BCY, Lemma 2.11]; for (1.2) the conserved energy is ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² (derived);</item>
/// <item>modulated energy ℰ_{ε,ħ} = ½∫|(iħ∇ + u)ψ|² + (ε/2)∫|∇V|² + ∫(m log(m/ρ) − m + ρ), m = e^V
/// [BCY, eq. (1.6)], with the ½ of 𝒦 as in [BCY, Remark 2.9].</item>
/// </list>
/// <para>Discretisation: integrals by the trapezoidal rule (spectrally accurate); the quadratic forms ∫|∇ψ|² and
/// ∫|∇V|² by Parseval with the full |k|² table (Nyquist kept) — exactly the quadratic form of the discrete −Δ
/// used by spectral solvers, so a split-step solver conserves these discrete energies; ∇ψ in 𝒦 and J by spectral
/// first derivatives (Nyquist zeroed). For resolved fields the two agree to round-off.</para>
/// <para>Notation: ψ ↔ <c>psi</c>, ρ ↔ <c>rho</c>, u ↔ <c>u</c> (d components, component-major), V ↔ <c>v</c>,
/// m ↔ <c>m</c>.</para>
/// </remarks>
/// <threadsafety>An instance owns scratch and is not thread-safe; create one per grid and thread. No method
/// allocates after construction (except <see cref="ModulatedEnergy"/>, which returns a record).</threadsafety>
public sealed class SpbFunctionals
{
    private readonly Complex[] complexWork;
    private readonly double[] realWork;
    private readonly double[] exponential;

    /// <summary>Creates the functionals (and their scratch) for a grid.</summary>
    /// <param name="grid">The grid.</param>
    public SpbFunctionals(PeriodicGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Grid = grid;
        Operators = new SpectralOperators(grid);
        complexWork = new Complex[grid.Count];
        realWork = new double[grid.Count];
        exponential = new double[grid.Count];
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; }

    /// <summary>The spectral operators used (and their scratch); shared with callers on the same thread.</summary>
    public SpectralOperators Operators { get; }

    /// <summary>ρ_ħ = |ψ|² at every point.</summary>
    /// <param name="psi">The wave function.</param>
    /// <param name="rho">Destination.</param>
    public void Density(ReadOnlySpan<Complex> psi, Span<double> rho)
    {
        Guard.Length(psi.Length, Grid.Count, nameof(psi));
        Guard.Length(rho.Length, Grid.Count, nameof(rho));
        for (var i = 0; i < psi.Length; i++)
        {
            rho[i] = (psi[i].Real * psi[i].Real) + (psi[i].Imaginary * psi[i].Imaginary);
        }
    }

    /// <summary>The current J = ħ Im(ψ̄∇ψ) [BCY, §1], d components, component-major.</summary>
    /// <param name="hbar">ħ ≥ 0.</param>
    /// <param name="psi">The wave function.</param>
    /// <param name="current">Destination of length d·N.</param>
    public void Current(double hbar, ReadOnlySpan<Complex> psi, Span<double> current)
    {
        Guard.NonNegativeFinite(hbar);
        var n = Grid.Count;
        Guard.Length(psi.Length, n, nameof(psi));
        Guard.Length(current.Length, Grid.Dimension * n, nameof(current));
        for (var a = 0; a < Grid.Dimension; a++)
        {
            Operators.Derivative(psi, a, complexWork);
            var j = current.Slice(a * n, n);
            for (var i = 0; i < n; i++)
            {
                // Im(ψ̄ ∂ψ) = Re ψ · Im ∂ψ − Im ψ · Re ∂ψ.
                j[i] = hbar * ((psi[i].Real * complexWork[i].Imaginary) - (psi[i].Imaginary * complexWork[i].Real));
            }
        }
    }

    /// <summary>The mass ∫|ψ|².</summary>
    /// <param name="psi">The wave function.</param>
    /// <returns>The mass.</returns>
    public double Mass(ReadOnlySpan<Complex> psi) => Quadrature.Mass(Grid, psi);

    /// <summary>The kinetic energy ½ħ²∫|∇ψ|² = ½tr(−ħ²ΔR) (Parseval, full |k|²).</summary>
    /// <param name="hbar">ħ ≥ 0.</param>
    /// <param name="psi">The wave function.</param>
    /// <returns>The kinetic energy.</returns>
    public double KineticEnergy(double hbar, ReadOnlySpan<Complex> psi)
    {
        Guard.NonNegativeFinite(hbar);
        Guard.Length(psi.Length, Grid.Count, nameof(psi));
        psi.CopyTo(complexWork);
        return 0.5 * hbar * hbar * GradientSquaredFromWork();
    }

    /// <summary>The field energy 𝒱 = (ε/2)∫|∇V|² (Parseval, full |k|²).</summary>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="v">The potential.</param>
    /// <returns>𝒱.</returns>
    public double FieldEnergy(double epsilon, ReadOnlySpan<double> v)
    {
        Guard.NonNegativeFinite(epsilon);
        Guard.Length(v.Length, Grid.Count, nameof(v));
        for (var i = 0; i < v.Length; i++)
        {
            complexWork[i] = new Complex(v[i], 0);
        }

        return 0.5 * epsilon * GradientSquaredFromWork();
    }

    /// <summary>The Boltzmann entropy ∫V e^V = ∫m log m, m = e^V (the third term of [BCY, eq. (2.4)]).</summary>
    /// <param name="v">The potential.</param>
    /// <returns>∫V e^V.</returns>
    public double BoltzmannEntropy(ReadOnlySpan<double> v)
    {
        Guard.Length(v.Length, Grid.Count, nameof(v));
        for (var i = 0; i < v.Length; i++)
        {
            realWork[i] = v[i] * Math.Exp(v[i]);
        }

        return Quadrature.Integrate(Grid, realWork);
    }

    /// <summary>
    /// The total energy 𝓕_{ε,ħ} = ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² + ∫V e^V [BCY, eq. (2.4)], conserved by the SPB flow
    /// [BCY, Lemma 2.11]. V should solve −εΔV = |ψ|² − e^V.
    /// </summary>
    /// <param name="p">ħ and ε.</param>
    /// <param name="psi">The wave function.</param>
    /// <param name="v">The potential.</param>
    /// <returns>𝓕.</returns>
    public double TotalEnergy(PhysicalParameters p, ReadOnlySpan<Complex> psi, ReadOnlySpan<double> v)
    {
        ArgumentNullException.ThrowIfNull(p);
        return KineticEnergy(p.Hbar, psi) + FieldEnergy(p.Epsilon, v) + BoltzmannEntropy(v);
    }

    /// <summary>
    /// The Schrödinger–Poisson energy ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|², conserved by [BCY, eq. (1.2)] with
    /// −εΔV = |ψ|² − 1 (derived, catalogue BCY.E1.2.sp).
    /// </summary>
    /// <param name="p">ħ and ε.</param>
    /// <param name="psi">The wave function.</param>
    /// <param name="v">The potential.</param>
    /// <returns>The energy.</returns>
    public double SchrodingerPoissonEnergy(PhysicalParameters p, ReadOnlySpan<Complex> psi, ReadOnlySpan<double> v)
    {
        ArgumentNullException.ThrowIfNull(p);
        return KineticEnergy(p.Hbar, psi) + FieldEnergy(p.Epsilon, v);
    }

    /// <summary>
    /// The modulated kinetic energy 𝒦 = ½∫|(iħ∇ + u)ψ|² = ½Σ_j tr((iħ∂_j + u^j)²R) [BCY, eq. (1.6), Remark 2.9],
    /// evaluated in this non-negative form (no cancellation as 𝒦 → 0).
    /// </summary>
    /// <param name="hbar">ħ ≥ 0.</param>
    /// <param name="psi">The wave function.</param>
    /// <param name="u">The velocity field, d components, component-major.</param>
    /// <returns>𝒦 ≥ 0.</returns>
    public double ModulatedKineticEnergy(double hbar, ReadOnlySpan<Complex> psi, ReadOnlySpan<double> u)
    {
        Guard.NonNegativeFinite(hbar);
        var n = Grid.Count;
        Guard.Length(psi.Length, n, nameof(psi));
        Guard.Length(u.Length, Grid.Dimension * n, nameof(u));
        var total = 0.0;
        for (var a = 0; a < Grid.Dimension; a++)
        {
            Operators.Derivative(psi, a, complexWork);
            var ua = u.Slice(a * n, n);
            for (var i = 0; i < n; i++)
            {
                // iħ∂ψ + uψ = (u Re ψ − ħ Im ∂ψ) + i(u Im ψ + ħ Re ∂ψ).
                var re = (ua[i] * psi[i].Real) - (hbar * complexWork[i].Imaginary);
                var im = (ua[i] * psi[i].Imaginary) + (hbar * complexWork[i].Real);
                realWork[i] = (re * re) + (im * im);
            }

            total += Quadrature.Integrate(Grid, realWork);
        }

        return 0.5 * total;
    }

    /// <summary>
    /// The relative entropy ∫(m log(m/ρ) − m + ρ) ≥ 0 [BCY, eq. (1.6), Remark 2.8] (= KL(m‖ρ) for probability
    /// densities). m ≥ 0 (m log m = 0 at m = 0), ρ &gt; 0. Evaluated as ρ·φ((m − ρ)/ρ), φ(t) = (1+t)log(1+t) − t, so
    /// equal densities give exactly 0 and nearly equal ones keep their relative accuracy.
    /// </summary>
    /// <param name="m">The first density (e^V in ℰ), finite and ≥ 0.</param>
    /// <param name="rho">The reference density, finite and &gt; 0.</param>
    /// <returns>The relative entropy.</returns>
    public double RelativeEntropy(ReadOnlySpan<double> m, ReadOnlySpan<double> rho)
    {
        Guard.Length(m.Length, Grid.Count, nameof(m));
        Guard.Length(rho.Length, Grid.Count, nameof(rho));
        Guard.NonNegative(m);
        Guard.Positive(rho);
        for (var i = 0; i < m.Length; i++)
        {
            realWork[i] = RelativeEntropyDensity(m[i], rho[i]);
        }

        return Quadrature.Integrate(Grid, realWork);
    }

    /// <summary>
    /// The modulated energy ℰ_{ε,ħ} = 𝒦 + 𝒱 + ∫(m log(m/ρ) − m + ρ), m = e^V [BCY, eq. (1.6)], term by term.
    /// </summary>
    /// <param name="p">ħ and ε.</param>
    /// <param name="psi">The wave function.</param>
    /// <param name="v">The potential (solving −εΔV = |ψ|² − e^V).</param>
    /// <param name="rho">The fluid density, &gt; 0.</param>
    /// <param name="u">The fluid velocity, d components, component-major.</param>
    /// <returns>The three terms.</returns>
    public ModulatedEnergy ModulatedEnergy(
        PhysicalParameters p, ReadOnlySpan<Complex> psi, ReadOnlySpan<double> v, ReadOnlySpan<double> rho, ReadOnlySpan<double> u)
    {
        ArgumentNullException.ThrowIfNull(p);
        Guard.Length(v.Length, Grid.Count, nameof(v));
        Guard.AllFinite(v);
        var kinetic = ModulatedKineticEnergy(p.Hbar, psi, u);
        var field = FieldEnergy(p.Epsilon, v);
        for (var i = 0; i < v.Length; i++)
        {
            exponential[i] = Math.Exp(v[i]);
        }

        var entropy = RelativeEntropy(exponential, rho);
        return new ModulatedEnergy(kinetic, field, entropy);
    }

    /// <summary>m log(m/ρ) − m + ρ = ρ·φ(t), t = (m − ρ)/ρ, φ(t) = (1+t)log(1+t) − t.</summary>
    private static double RelativeEntropyDensity(double m, double rho)
    {
        if (m == 0)
        {
            return rho;
        }

        var t = (m - rho) / rho;
        return rho * (((1 + t) * LogOnePlus(t)) - t);
    }

    private static double LogOnePlus(double t)
    {
        // log(1 + t) accurate for small t (Goldberg's trick): u = 1 + t rounded; log(u)·t/(u − 1).
        var u = 1 + t;
        return u == 1 ? t : Math.Log(u) * t / (u - 1);
    }

    /// <summary>∫|∇f|² for the field in complexWork (transformed in place): (L^d/N²)Σ|k|²|f̂|².</summary>
    private double GradientSquaredFromWork()
    {
        Fft.Forward(Grid, complexWork);
        var k2 = Operators.WavenumberSquared;
        for (var i = 0; i < complexWork.Length; i++)
        {
            var c = complexWork[i];
            realWork[i] = k2[i] * ((c.Real * c.Real) + (c.Imaginary * c.Imaginary));
        }

        return Quadrature.Sum(realWork) * Grid.CellVolume / Grid.Count;
    }
}
