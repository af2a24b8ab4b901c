using System.Numerics;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Spectral;

namespace Oracles.Systems.SchrodingerPoissonBoltzmann;

/// <summary>
/// Well-prepared initial data of [BCY, Lemma 4.1, eq. (4.1)]: ψ^in = √(e^{V₀} − εΔV₀)·e^{iU₀/ħ} with V₀ = log ρ₀ and
/// u₀ = ∇U₀, for which ℰ_{ε,ħ}(0) → 0 as ε + ħ → 0.
/// </summary>
/// <remarks>
/// <para>Facts (catalogue BCY.L4.1.*, R13, errata F14 and F22):</para>
/// <list type="bullet">
/// <item>‖ψ^in‖² = ∫ρ₀ − ε∫ΔV₀ = 1, and −εΔV₀ = |ψ^in|² − e^{V₀}: the Poisson–Boltzmann potential of |ψ^in|² is
/// exactly V₀, so m(0) = e^{V₀} = ρ₀ and the entropy term of ℰ(0) vanishes (BCY.L4.1.pb-exact).</item>
/// <item>𝒦(0) = ½ħ²‖∇ϱ_ε‖² + ½∫ϱ_ε²|∇U₀ − u₀|², ϱ_ε = √(ρ₀ − εΔlog ρ₀) (the printed (4.2) has a spurious
/// cross term and lacks the ½ — F22); with u₀ = ∇U₀ the second term is 0.</item>
/// <item>Hence ℰ_{ε,ħ}(0) = ½ħ²‖∇√(ρ₀ − εΔlog ρ₀)‖² + (ε/2)‖∇log ρ₀‖² exactly (R13).</item>
/// <item>The lemma says "for ε sufficiently small": the data exist iff ρ₀ − εΔlog ρ₀ &gt; 0 everywhere, i.e.
/// ε &lt; min_{ΔV₀&gt;0} ρ₀/ΔV₀. For ρ₀ = 1 + 0.3cos2πx this fails at ε = 0.1 (ΔV₀(½) = 16.9, ρ₀(½) = 0.7).</item>
/// <item>[BCY, Lemma 4.2] prints √(e^{V₀−εΔV₀})e^{iu₀/ħ} (F14); the N-body data use this corrected one-body state.</item>
/// </list>
/// <para>The phase U₀ must be periodic (a grid sample of a smooth periodic function), so u₀ = ∇U₀ has zero mean.</para>
/// </remarks>
public static class WellPreparedData
{
    // ∫ρ₀ = 1 is required to the round-off of a normalisation by the trapezoidal rule, with margin: 1e-10.
    private const double MassTolerance = 1e-10;

    /// <summary>Builds the data of [BCY, Lemma 4.1].</summary>
    /// <param name="p">ħ &gt; 0 and ε ≥ 0.</param>
    /// <param name="ops">Spectral operators of the grid.</param>
    /// <param name="rho0">ρ₀ &gt; 0 with ∫ρ₀ = 1.</param>
    /// <param name="phase">The periodic phase U₀ (u₀ = ∇U₀).</param>
    /// <returns>ψ^in, V₀, ρ₀, u₀ and the exact ℰ(0).</returns>
    /// <exception cref="WellPreparedDataException">ρ₀ − εΔlog ρ₀ ≤ 0 somewhere (ε too large), or ∫ρ₀ ≠ 1.</exception>
    public static WellPreparedState Lemma41(PhysicalParameters p, SpectralOperators ops, ReadOnlySpan<double> rho0, ReadOnlySpan<double> phase)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(ops);
        var grid = ops.Grid;
        var n = grid.Count;
        var d = grid.Dimension;
        if (!(p.Hbar > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p.Hbar, $"Lemma 4.1 needs ħ > 0 (the phase is U₀/ħ); got ħ = {Guard.Format(p.Hbar)}.");
        }

        Guard.Length(rho0.Length, n, nameof(rho0));
        Guard.Length(phase.Length, n, nameof(phase));
        Guard.Positive(rho0);
        Guard.AllFinite(phase);
        var mass = Quadrature.Integrate(grid, rho0);
        if (Math.Abs(mass - 1) > MassTolerance)
        {
            throw new WellPreparedDataException(
                $"Lemma 4.1 needs a probability density ρ₀ (∫ρ₀ = 1, so that ‖ψ‖² = 1); got ∫ρ₀ = {Guard.Format(mass)}.", nameof(rho0));
        }

        var epsilon = p.Epsilon;
        var v0 = new double[n];
        for (var i = 0; i < n; i++)
        {
            v0[i] = Math.Log(rho0[i]);
        }

        var lap = new double[n];
        ops.Laplacian(v0, lap);

        // Admissibility: ρ₀ − εΔV₀ > 0 ⇔ ε < ρ₀/ΔV₀ wherever ΔV₀ > 0.
        var epsilonMax = double.PositiveInfinity;
        var argMax = -1;
        for (var i = 0; i < n; i++)
        {
            if (lap[i] > 0 && rho0[i] / lap[i] < epsilonMax)
            {
                epsilonMax = rho0[i] / lap[i];
                argMax = i;
            }
        }

        var amplitude = new double[n];
        for (var i = 0; i < n; i++)
        {
            var g = rho0[i] - (epsilon * lap[i]);
            if (!(g > 0))
            {
                throw new WellPreparedDataException(
                    $"Lemma 4.1 data do not exist at ε = {Guard.Format(epsilon)}: e^(V₀) − εΔV₀ = ρ₀ − εΔlog ρ₀ = {Guard.Format(g)} ≤ 0 " +
                    $"at index {i}, {GridPoints.Describe(grid, i)} (ρ₀ = {Guard.Format(rho0[i])}, ΔV₀ = {Guard.Format(lap[i])}). " +
                    $"The largest admissible ε is min ρ₀/ΔV₀ = {Guard.Format(epsilonMax)} (attained at {GridPoints.Describe(grid, argMax)}); " +
                    "use ε below it or a flatter ρ₀.",
                    nameof(p));
            }

            amplitude[i] = Math.Sqrt(g);
        }

        var psi = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            psi[i] = Complex.FromPolarCoordinates(amplitude[i], phase[i] / p.Hbar);
        }

        var velocity = new double[d * n];
        ops.Gradient(phase, velocity);

        // R13: ℰ(0) = ½ħ²‖∇ϱ_ε‖² + (ε/2)‖∇V₀‖², with real spectral gradients (an evaluation path independent of 𝒦).
        var gradient = new double[d * n];
        ops.Gradient(amplitude, gradient);
        var kinetic = 0.5 * p.Hbar * p.Hbar * Quadrature.Inner(grid, gradient.AsSpan(0, n), gradient.AsSpan(0, n));
        for (var a = 1; a < d; a++)
        {
            kinetic += 0.5 * p.Hbar * p.Hbar * Quadrature.Inner(grid, gradient.AsSpan(a * n, n), gradient.AsSpan(a * n, n));
        }

        ops.Gradient(v0, gradient);
        var field = 0.0;
        for (var a = 0; a < d; a++)
        {
            field += 0.5 * epsilon * Quadrature.Inner(grid, gradient.AsSpan(a * n, n), gradient.AsSpan(a * n, n));
        }

        return new WellPreparedState(psi, v0, rho0.ToArray(), velocity, kinetic + field);
    }

    /// <summary>The largest ε for which the Lemma 4.1 data exist: min over ΔV₀ &gt; 0 of ρ₀/ΔV₀, V₀ = log ρ₀ (∞ if ΔV₀ ≤ 0 everywhere).</summary>
    /// <param name="ops">Spectral operators of the grid.</param>
    /// <param name="rho0">ρ₀ &gt; 0.</param>
    /// <returns>The supremum of admissible ε (the data exist for ε strictly below it).</returns>
    public static double LargestAdmissibleEpsilon(SpectralOperators ops, ReadOnlySpan<double> rho0)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Guard.Length(rho0.Length, ops.Grid.Count, nameof(rho0));
        Guard.Positive(rho0);
        var v0 = new double[rho0.Length];
        for (var i = 0; i < v0.Length; i++)
        {
            v0[i] = Math.Log(rho0[i]);
        }

        var lap = new double[v0.Length];
        ops.Laplacian(v0, lap);
        var result = double.PositiveInfinity;
        for (var i = 0; i < v0.Length; i++)
        {
            if (lap[i] > 0)
            {
                result = Math.Min(result, rho0[i] / lap[i]);
            }
        }

        return result;
    }
}

/// <summary>The data of [BCY, Lemma 4.1] and the exact modulated energy ℰ_{ε,ħ}(0) (catalogue R13).</summary>
/// <param name="Psi">ψ^in = √(ρ₀ − εΔlog ρ₀)·e^{iU₀/ħ}.</param>
/// <param name="Potential">V₀ = log ρ₀, the Poisson–Boltzmann potential of |ψ^in|² (exactly).</param>
/// <param name="Density">ρ₀.</param>
/// <param name="Velocity">u₀ = ∇U₀ (d components, component-major).</param>
/// <param name="ExactModulatedEnergy">ℰ(0) = ½ħ²‖∇√(ρ₀ − εΔlog ρ₀)‖² + (ε/2)‖∇log ρ₀‖².</param>
public sealed record WellPreparedState(Complex[] Psi, double[] Potential, double[] Density, double[] Velocity, double ExactModulatedEnergy);

/// <summary>
/// The data of [BCY, Lemma 4.1] do not exist for these arguments: e^{V₀} − εΔV₀ ≤ 0 somewhere (ε too large for ρ₀;
/// the message names x and the largest admissible ε), or ρ₀ is not a probability density.
/// </summary>
public sealed class WellPreparedDataException : ArgumentException
{
    /// <summary>Creates the exception with a default message.</summary>
    public WellPreparedDataException()
        : base("The well-prepared data of BCY Lemma 4.1 do not exist for these arguments.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public WellPreparedDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the argument name.</summary>
    /// <param name="message">The message.</param>
    /// <param name="paramName">The argument.</param>
    public WellPreparedDataException(string message, string paramName)
        : base(message, paramName)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WellPreparedDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
