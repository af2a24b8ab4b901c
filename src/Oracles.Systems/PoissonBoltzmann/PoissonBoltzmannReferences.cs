using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>
/// Closed-form references for the Poisson–Boltzmann equation −εΔV = h − e^V on the torus (catalogue IV.3 R8).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>h ≡ c &gt; 0 ⇒ V ≡ log c (in particular h ≡ 1 ⇒ V ≡ 0).</item>
/// <item>Single mode: h = 1 + δcos(k·x), k = 2πm/L ⇒ V = δcos(k·x)/(1 + ε|k|²) + O(δ²) (linearise e^V ≈ 1 + V);
/// on the unit torus 1 + 4π²|m|²ε. The O(δ²) term is given by <see cref="SingleModeSecondOrder"/>.</item>
/// <item>Manufactured: h = e^{V₀} − εΔV₀ ⇒ V = V₀ exactly (uniqueness, [BCY, Remark 2.6]); with V₀ = log ρ₀ these
/// are the well-prepared data of [BCY, Lemma 4.1] (BCY.L4.1.pb-exact).</item>
/// </list>
/// </remarks>
public static class PoissonBoltzmannReferences
{
    /// <summary>
    /// h = 1 + δcos(k·x) and its solution to first order, V = δcos(k·x)/(1 + ε|k|²) (error O(δ²)), k = 2πm/L.
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="delta">δ with |δ| &lt; 1 (so that h &gt; 0).</param>
    /// <param name="mode">The integer mode m, one entry per axis.</param>
    /// <returns>h and the first-order V.</returns>
    public static (double[] H, double[] V) SingleMode(PeriodicGrid grid, double epsilon, double delta, int[] mode)
    {
        var (phase, k2) = Phase(grid, epsilon, delta, mode);
        var a = 1.0 / (1.0 + (epsilon * k2));
        var h = new double[grid.Count];
        var v = new double[grid.Count];
        for (var i = 0; i < h.Length; i++)
        {
            var c = Math.Cos(phase[i]);
            h[i] = 1 + (delta * c);
            v[i] = delta * a * c;
        }

        return (h, v);
    }

    /// <summary>
    /// The same h = 1 + δcos(k·x) with V to second order (error O(δ³)):
    /// V = δa·cos θ − (δa)²/4 − (δa)²cos 2θ / (4(1 + 4ε|k|²)), a = 1/(1 + ε|k|²), θ = k·x
    /// (from −εΔV₂ + V₂ = −V₁²/2).
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="delta">δ with |δ| &lt; 1.</param>
    /// <param name="mode">The integer mode m, one entry per axis.</param>
    /// <returns>h and the second-order V.</returns>
    public static (double[] H, double[] V) SingleModeSecondOrder(PeriodicGrid grid, double epsilon, double delta, int[] mode)
    {
        var (phase, k2) = Phase(grid, epsilon, delta, mode);
        var a = delta / (1.0 + (epsilon * k2));
        var b = 1.0 / (1.0 + (4 * epsilon * k2));
        var h = new double[grid.Count];
        var v = new double[grid.Count];
        for (var i = 0; i < h.Length; i++)
        {
            var c = Math.Cos(phase[i]);
            h[i] = 1 + (delta * c);
            v[i] = (a * c) - (a * a / 4) - (a * a * b * Math.Cos(2 * phase[i]) / 4);
        }

        return (h, v);
    }

    /// <summary>h = e^{V₀} − εΔV₀, whose Poisson–Boltzmann solution is exactly V₀ (may be negative somewhere if ε is large).</summary>
    /// <param name="ops">Spectral operators of the grid.</param>
    /// <param name="epsilon">ε ≥ 0.</param>
    /// <param name="v0">The potential V₀ (finite).</param>
    /// <returns>h.</returns>
    public static double[] FromPotential(SpectralOperators ops, double epsilon, ReadOnlySpan<double> v0)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Guard.NonNegativeFinite(epsilon);
        Guard.Length(v0.Length, ops.Grid.Count, nameof(v0));
        Guard.AllFinite(v0);
        var h = new double[v0.Length];
        ops.Laplacian(v0, h);
        for (var i = 0; i < h.Length; i++)
        {
            h[i] = Math.Exp(v0[i]) - (epsilon * h[i]);
        }

        return h;
    }

    private static (double[] Phase, double K2) Phase(PeriodicGrid grid, double epsilon, double delta, int[] mode)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(mode);
        Guard.NonNegativeFinite(epsilon);
        Guard.Finite(delta);
        if (Math.Abs(delta) >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"|delta| must be < 1 so that h = 1 + δcos > 0; got {Guard.Format(delta)}.");
        }

        if (mode.Length != grid.Dimension)
        {
            throw new ArgumentException($"mode has {mode.Length} entries but the grid has {grid.Dimension} axes.", nameof(mode));
        }

        var k = new double[grid.Dimension];
        var k2 = 0.0;
        for (var a = 0; a < k.Length; a++)
        {
            k[a] = 2 * Math.PI * mode[a] / grid.Length;
            k2 += k[a] * k[a];
        }

        var phase = grid.Sample(x =>
        {
            var s = 0.0;
            for (var a = 0; a < x.Length; a++)
            {
                s += k[a] * x[a];
            }

            return s;
        });
        return (phase, k2);
    }
}
