using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Systems.IsothermalEuler;

/// <summary>
/// Invariants and residuals of the isothermal Euler equations [BCY, eq. (1.5)/(2.1)] and their (log ρ, u) form
/// [BCY, eq. (2.2)] (catalogue BCY.E1.5.isothermal-euler / BCY.E2.2.log-form).
/// </summary>
/// <remarks>
/// <para>Conserved for smooth solutions (derived): mass ∫ρ, momentum ∫ρu, energy ∫(½ρ|u|² + ρ log ρ).
/// Residuals: log form r_ρ = ∂_t log ρ + div u + u·∇log ρ, r_u = ∂_tu + (u·∇)u + ∇log ρ; conservative form
/// r_ρ = ∂_tρ + div(ρu), r_m = ∂_t(ρu) + div(ρu⊗u) + ∇ρ. Spatial derivatives are spectral (products evaluated
/// pointwise, no de-aliasing: the residual of a resolved smooth field is at spectral accuracy); time derivatives
/// are supplied by the caller.</para>
/// <para>Notation: ρ ↔ <c>rho</c>, u ↔ <c>u</c> (d components, component-major).</para>
/// </remarks>
/// <param name="grid">The grid.</param>
/// <threadsafety>Owns scratch; not thread-safe. No method allocates except <see cref="Momentum(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.</threadsafety>
public sealed class EulerFunctionals(PeriodicGrid grid)
{
    private readonly SpectralOperators ops = new(grid ?? throw new ArgumentNullException(nameof(grid)));
    private readonly double[] scalar = new double[grid.Count];
    private readonly double[] logRho = new double[grid.Count];
    private readonly double[] gradient = new double[grid.Dimension * grid.Count];

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; } = grid;

    /// <summary>The mass ∫ρ.</summary>
    /// <param name="rho">ρ.</param>
    /// <returns>∫ρ.</returns>
    public double Mass(ReadOnlySpan<double> rho) => Quadrature.Integrate(Grid, rho);

    /// <summary>The momentum ∫ρu (d numbers).</summary>
    /// <param name="rho">ρ.</param>
    /// <param name="u">u, d components.</param>
    /// <returns>∫ρu_a for each axis a.</returns>
    public double[] Momentum(ReadOnlySpan<double> rho, ReadOnlySpan<double> u)
    {
        var result = new double[Grid.Dimension];
        Momentum(rho, u, result);
        return result;
    }

    /// <summary>The momentum ∫ρu written into <paramref name="momentum"/> (length d).</summary>
    /// <param name="rho">ρ.</param>
    /// <param name="u">u, d components.</param>
    /// <param name="momentum">Destination of length d.</param>
    public void Momentum(ReadOnlySpan<double> rho, ReadOnlySpan<double> u, Span<double> momentum)
    {
        var n = Grid.Count;
        Guard.Length(rho.Length, n, nameof(rho));
        Guard.Length(u.Length, Grid.Dimension * n, nameof(u));
        Guard.Length(momentum.Length, Grid.Dimension, nameof(momentum));
        for (var a = 0; a < Grid.Dimension; a++)
        {
            momentum[a] = Quadrature.Inner(Grid, rho, u.Slice(a * n, n));
        }
    }

    /// <summary>The energy ∫(½ρ|u|² + ρ log ρ) (ρ ≥ 0; ρ log ρ = 0 at ρ = 0).</summary>
    /// <param name="rho">ρ ≥ 0.</param>
    /// <param name="u">u, d components.</param>
    /// <returns>The energy.</returns>
    public double Energy(ReadOnlySpan<double> rho, ReadOnlySpan<double> u)
    {
        var n = Grid.Count;
        Guard.Length(rho.Length, n, nameof(rho));
        Guard.Length(u.Length, Grid.Dimension * n, nameof(u));
        Guard.NonNegative(rho);
        for (var i = 0; i < n; i++)
        {
            var speed2 = 0.0;
            for (var a = 0; a < Grid.Dimension; a++)
            {
                var ua = u[(a * n) + i];
                speed2 += ua * ua;
            }

            scalar[i] = (0.5 * rho[i] * speed2) + (rho[i] > 0 ? rho[i] * Math.Log(rho[i]) : 0.0);
        }

        return Quadrature.Integrate(Grid, scalar);
    }

    /// <summary>
    /// Residual of the log form (2.2): r_ρ = ∂_t log ρ + div u + u·∇log ρ and r_u = ∂_tu + (u·∇)u + ∇log ρ.
    /// </summary>
    /// <param name="rho">ρ &gt; 0.</param>
    /// <param name="u">u, d components.</param>
    /// <param name="dtLogRho">∂_t log ρ (e.g. a central difference of the caller's time series).</param>
    /// <param name="dtU">∂_tu, d components.</param>
    /// <param name="continuityResidual">Destination r_ρ, length N.</param>
    /// <param name="momentumResidual">Destination r_u, length d·N.</param>
    public void ResidualLogForm(
        ReadOnlySpan<double> rho,
        ReadOnlySpan<double> u,
        ReadOnlySpan<double> dtLogRho,
        ReadOnlySpan<double> dtU,
        Span<double> continuityResidual,
        Span<double> momentumResidual)
    {
        var n = Grid.Count;
        var d = Grid.Dimension;
        Guard.Length(rho.Length, n, nameof(rho));
        Guard.Length(u.Length, d * n, nameof(u));
        Guard.Length(dtLogRho.Length, n, nameof(dtLogRho));
        Guard.Length(dtU.Length, d * n, nameof(dtU));
        Guard.Length(continuityResidual.Length, n, nameof(continuityResidual));
        Guard.Length(momentumResidual.Length, d * n, nameof(momentumResidual));
        Guard.Positive(rho);
        for (var i = 0; i < n; i++)
        {
            logRho[i] = Math.Log(rho[i]);
        }

        // r_ρ = ∂_t log ρ + div u + u·∇log ρ.
        ops.Divergence(u, continuityResidual);
        ops.Gradient(logRho, gradient);
        for (var i = 0; i < n; i++)
        {
            var advect = 0.0;
            for (var a = 0; a < d; a++)
            {
                advect += u[(a * n) + i] * gradient[(a * n) + i];
            }

            continuityResidual[i] += dtLogRho[i] + advect;
        }

        // r_u,a = ∂_tu_a + ∂_a log ρ + Σ_b u_b ∂_b u_a (the gradient of log ρ is still in `gradient`).
        for (var a = 0; a < d; a++)
        {
            var r = momentumResidual.Slice(a * n, n);
            for (var i = 0; i < n; i++)
            {
                r[i] = dtU[(a * n) + i] + gradient[(a * n) + i];
            }
        }

        for (var a = 0; a < d; a++)
        {
            var r = momentumResidual.Slice(a * n, n);
            var ua = u.Slice(a * n, n);
            for (var b = 0; b < d; b++)
            {
                ops.Derivative(ua, b, scalar);
                for (var i = 0; i < n; i++)
                {
                    r[i] += u[(b * n) + i] * scalar[i];
                }
            }
        }
    }

    /// <summary>
    /// Residual of the conservative form (2.1): r_ρ = ∂_tρ + div(ρu) and r_m = ∂_t(ρu) + div(ρu⊗u) + ∇ρ.
    /// </summary>
    /// <param name="rho">ρ.</param>
    /// <param name="u">u, d components.</param>
    /// <param name="dtRho">∂_tρ.</param>
    /// <param name="dtMomentum">∂_t(ρu), d components.</param>
    /// <param name="continuityResidual">Destination r_ρ, length N.</param>
    /// <param name="momentumResidual">Destination r_m, length d·N.</param>
    public void ResidualConservativeForm(
        ReadOnlySpan<double> rho,
        ReadOnlySpan<double> u,
        ReadOnlySpan<double> dtRho,
        ReadOnlySpan<double> dtMomentum,
        Span<double> continuityResidual,
        Span<double> momentumResidual)
    {
        var n = Grid.Count;
        var d = Grid.Dimension;
        Guard.Length(rho.Length, n, nameof(rho));
        Guard.Length(u.Length, d * n, nameof(u));
        Guard.Length(dtRho.Length, n, nameof(dtRho));
        Guard.Length(dtMomentum.Length, d * n, nameof(dtMomentum));
        Guard.Length(continuityResidual.Length, n, nameof(continuityResidual));
        Guard.Length(momentumResidual.Length, d * n, nameof(momentumResidual));

        // Flux ρu (component-major) in `gradient`.
        for (var a = 0; a < d; a++)
        {
            for (var i = 0; i < n; i++)
            {
                gradient[(a * n) + i] = rho[i] * u[(a * n) + i];
            }
        }

        ops.Divergence(gradient, continuityResidual);
        for (var i = 0; i < n; i++)
        {
            continuityResidual[i] += dtRho[i];
        }

        for (var a = 0; a < d; a++)
        {
            var r = momentumResidual.Slice(a * n, n);
            ops.Derivative(rho, a, r);
            for (var i = 0; i < n; i++)
            {
                r[i] += dtMomentum[(a * n) + i];
            }

            for (var b = 0; b < d; b++)
            {
                for (var i = 0; i < n; i++)
                {
                    logRho[i] = rho[i] * u[(a * n) + i] * u[(b * n) + i];
                }

                ops.Derivative(logRho, b, scalar);
                for (var i = 0; i < n; i++)
                {
                    r[i] += scalar[i];
                }
            }
        }
    }
}
