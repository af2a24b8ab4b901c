using System.Runtime.CompilerServices;
using Oracles.Core;
using Oracles.Core.Spectral;

namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>
/// The linear Poisson equation of the Schrödinger–Poisson system [BCY, eq. (1.2)]: −εΔV = h − mean(h) on the
/// torus, solved spectrally for the mean-zero V (V = ε⁻¹G∗(h − mean h) with G the mean-zero Green function).
/// </summary>
/// <remarks>
/// <para>On the unit torus with ∫h = 1 this is exactly −εΔV = |ψ|² − 1 of (1.2); on [0, L)^d the neutralising
/// background is the mean of h. V̂(k) = ĥ(k)/(ε|k|²) for k ≠ 0, V̂(0) = 0. Exact for trigonometric polynomials
/// resolved on the grid.</para>
/// </remarks>
public static class LinearPoisson
{
    // 1/(ε|k|²) (0 at k = 0) on the half spectrum, per operator set, rebuilt only when ε changes: keeps SolveInto
    // allocation-free after the first call and the solve to one pointwise pass between the two real transforms.
    private static readonly ConditionalWeakTable<SpectralOperators, Cached> Multipliers = new();

    /// <summary>Writes the mean-zero solution V of −εΔV = h − mean(h).</summary>
    /// <param name="ops">Spectral operators of the grid (their scratch is used).</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <param name="h">The density (finite).</param>
    /// <param name="v">Destination; may alias <paramref name="h"/>.</param>
    public static void SolveInto(SpectralOperators ops, double epsilon, ReadOnlySpan<double> h, Span<double> v)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Guard.PositiveFinite(epsilon);
        var n = ops.Grid.Count;
        Guard.Length(h.Length, n, nameof(h));
        Guard.Length(v.Length, n, nameof(v));
        Guard.AllFinite(h);

        // V̂(k) = ĥ(k)/(ε|k|²), V̂(0) = 0: the zero mode of h (its mean) is dropped, which is the background.
        var cached = Multipliers.GetValue(ops, static o => new Cached());
        if (cached.Epsilon != epsilon)
        {
            // (Single-threaded like the operators themselves: SpectralOperators is one per thread.)
            var k2 = ops.WavenumberSquared;
            var m = new double[k2.Length];
            for (var i = 0; i < m.Length; i++)
            {
                m[i] = k2[i] > 0 ? 1.0 / k2[i] : 0.0;
            }

            cached.Multiplier = ops.HalfSpectrumMultiplier(m, 1.0 / epsilon);
            cached.Epsilon = epsilon;
        }

        ops.ApplyHalfSpectrumMultiplier(h, cached.Multiplier, v);
    }

    private sealed class Cached
    {
        public double Epsilon { get; set; } = double.NaN;

        public double[] Multiplier { get; set; } = [];
    }
}
