using Oracles.Core;
using Oracles.Core.Grids;

namespace Oracles.Systems.IsothermalEuler;

/// <summary>A state (ρ, u) of the isothermal Euler equations on a grid.</summary>
/// <param name="Density">ρ &gt; 0, length N.</param>
/// <param name="Velocity">u, d components, component-major (length d·N).</param>
public sealed record EulerState(double[] Density, double[] Velocity);

/// <summary>
/// Exact and asymptotic solutions of the isothermal Euler equations ∂_tρ + div(ρu) = 0,
/// ∂_t(ρu) + div(ρu⊗u) + ∇ρ = 0 [BCY, eq. (1.5)/(2.1)], equivalently (ρ &gt; 0) ∂_t log ρ + div u + u·∇log ρ = 0,
/// ∂_tu + u·∇u + ∇log ρ = 0 [BCY, eq. (2.2)] (catalogue IV.3 R7).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Constant states (ρ, u) ≡ (ρ̄, ū) are exact.</item>
/// <item>Linear acoustics (sound speed 1): ρ = 1 + δcos(k·x − |k|t), u = δ(k/|k|)cos(k·x − |k|t) solves the
/// linearisation exactly and (2.2) up to O(δ²).</item>
/// <item>Simple waves (1-D, or plane waves along axis 0): with the Riemann invariants w_± = u ± log ρ (speeds u ± 1),
/// if w_− ≡ c is constant then w_+ is constant along dx/dt = λ_+ = (w_+ + c)/2 + 1, so
/// w_+(x, t) = w_+⁰(ξ) with x = ξ + t·λ_+(w_+⁰(ξ)) — exact until the first characteristics cross, at
/// t* = 2/max(−∂_ξw_+⁰). The implicit equation is solved per point by safeguarded Newton (bisection fallback) to
/// round-off. Then u = (w_+ + c)/2, log ρ = (w_+ − c)/2.</item>
/// </list>
/// </remarks>
public static class IsothermalEulerReferences
{
    // Samples per period used to bound w₊⁰ and estimate the breaking time of a user-supplied simple wave.
    private const int ProfileSamples = 8192;

    /// <summary>The constant state (ρ̄, ū), an exact solution.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="density">ρ̄ &gt; 0.</param>
    /// <param name="velocity">ū, one entry per axis.</param>
    /// <returns>The state.</returns>
    public static EulerState Constant(PeriodicGrid grid, double density, IReadOnlyList<double> velocity)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(velocity);
        Guard.PositiveFinite(density);
        if (velocity.Count != grid.Dimension)
        {
            throw new ArgumentException($"velocity has {velocity.Count} entries but the grid has {grid.Dimension} axes.", nameof(velocity));
        }

        var n = grid.Count;
        var rho = new double[n];
        Array.Fill(rho, density);
        var u = new double[grid.Dimension * n];
        for (var a = 0; a < grid.Dimension; a++)
        {
            u.AsSpan(a * n, n).Fill(Guard.Finite(velocity[a]));
        }

        return new EulerState(rho, u);
    }

    /// <summary>
    /// The right-moving acoustic wave ρ = 1 + δcos(k·x − |k|t), u = δ(k/|k|)cos(k·x − |k|t), k = 2πm/L
    /// (on the unit 1-D torus with m = 1: ρ = 1 + δcos2π(x − t), u = δcos2π(x − t)). Exact for the linearised system;
    /// solves (2.2) up to O(δ²).
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="delta">The amplitude δ, |δ| &lt; 1.</param>
    /// <param name="time">The time t.</param>
    /// <param name="mode">The integer mode m (one entry per axis, not all zero); default (1, 0, …).</param>
    /// <returns>The state.</returns>
    public static EulerState LinearAcoustics(PeriodicGrid grid, double delta, double time, int[]? mode = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Finite(delta);
        Guard.Finite(time);
        if (Math.Abs(delta) >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, $"|delta| must be < 1 so that ρ > 0; got {Guard.Format(delta)}.");
        }

        var d = grid.Dimension;
        if (mode is null)
        {
            mode = new int[d];
            mode[0] = 1;
        }

        if (mode.Length != d)
        {
            throw new ArgumentException($"mode has {mode.Length} entries but the grid has {d} axes.", nameof(mode));
        }

        var k = new double[d];
        var norm = 0.0;
        for (var a = 0; a < d; a++)
        {
            k[a] = 2 * Math.PI * mode[a] / grid.Length;
            norm += k[a] * k[a];
        }

        norm = Math.Sqrt(norm);
        if (norm == 0)
        {
            throw new ArgumentException("mode must not be all zeros (a wave needs a direction).", nameof(mode));
        }

        var n = grid.Count;
        var rho = new double[n];
        var u = new double[d * n];
        var x = new double[d];
        for (var i = 0; i < n; i++)
        {
            Point(grid, i, x);
            var phase = -norm * time;
            for (var a = 0; a < d; a++)
            {
                phase += k[a] * x[a];
            }

            var c = delta * Math.Cos(phase);
            rho[i] = 1 + c;
            for (var a = 0; a < d; a++)
            {
                u[(a * n) + i] = c * k[a] / norm;
            }
        }

        return new EulerState(rho, u);
    }

    /// <summary>The breaking time t* = L/(π|a|) of <see cref="SineSimpleWave"/> (2/max(−∂w₊⁰) with w₊⁰ = c + a·sin(2πx/L)).</summary>
    /// <param name="length">The period L.</param>
    /// <param name="amplitude">a ≠ 0.</param>
    /// <returns>t*.</returns>
    public static double SineSimpleWaveBreakingTime(double length, double amplitude)
    {
        Guard.PositiveFinite(length);
        Guard.Finite(amplitude);
        return amplitude == 0 ? double.PositiveInfinity : length / (Math.PI * Math.Abs(amplitude));
    }

    /// <summary>
    /// The simple wave with w_− ≡ c and w₊⁰(x) = c + a·sin(2πx/L) at time t &lt; t* = L/(π|a|), along axis 0: at t = 0,
    /// u₀ = c + (a/2)sin(2πx/L), log ρ₀ = (a/2)sin(2πx/L).
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="time">t with 0 ≤ t &lt; t*.</param>
    /// <param name="amplitude">a.</param>
    /// <param name="wMinus">c = w_− (the background velocity is c).</param>
    /// <returns>The state.</returns>
    public static EulerState SineSimpleWave(PeriodicGrid grid, double time, double amplitude, double wMinus = 0.0)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Finite(amplitude);
        Guard.Finite(wMinus);
        var kappa = 2 * Math.PI / grid.Length;
        return Solve(
            grid,
            time,
            xi => wMinus + (amplitude * Math.Sin(kappa * xi)),
            xi => amplitude * kappa * Math.Cos(kappa * xi),
            wMinus,
            SineSimpleWaveBreakingTime(grid.Length, amplitude),
            wMinus - Math.Abs(amplitude),
            wMinus + Math.Abs(amplitude));
    }

    /// <summary>
    /// The simple wave with w_− ≡ <paramref name="wMinus"/> and an L-periodic initial profile w₊⁰, along axis 0, at time t
    /// before breaking. The breaking time 2/max(−∂w₊⁰) is estimated from 8192 samples per period.
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="time">t ≥ 0, before breaking.</param>
    /// <param name="wPlus0">w₊⁰(ξ) = u₀ + log ρ₀, L-periodic and smooth.</param>
    /// <param name="wPlus0Derivative">∂_ξw₊⁰.</param>
    /// <param name="wMinus">The constant w_− = u − log ρ.</param>
    /// <returns>The state.</returns>
    public static EulerState SimpleWave(
        PeriodicGrid grid, double time, Func<double, double> wPlus0, Func<double, double> wPlus0Derivative, double wMinus)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(wPlus0);
        ArgumentNullException.ThrowIfNull(wPlus0Derivative);
        Guard.Finite(wMinus);
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity, steepest = 0;
        for (var j = 0; j < ProfileSamples; j++)
        {
            var xi = j * grid.Length / ProfileSamples;
            var w = Guard.Finite(wPlus0(xi));
            lo = Math.Min(lo, w);
            hi = Math.Max(hi, w);
            steepest = Math.Max(steepest, -Guard.Finite(wPlus0Derivative(xi)));
        }

        var breaking = steepest > 0 ? 2 / steepest : double.PositiveInfinity;
        return Solve(grid, time, wPlus0, wPlus0Derivative, wMinus, breaking, lo, hi);
    }

    /// <summary>Estimated breaking time 2/max(−∂w₊⁰) of a simple wave (8192 samples per period; ∞ if w₊⁰ is constant).</summary>
    /// <param name="length">The period L.</param>
    /// <param name="wPlus0Derivative">∂_ξw₊⁰.</param>
    /// <returns>t*.</returns>
    public static double BreakingTime(double length, Func<double, double> wPlus0Derivative)
    {
        Guard.PositiveFinite(length);
        ArgumentNullException.ThrowIfNull(wPlus0Derivative);
        var steepest = 0.0;
        for (var j = 0; j < ProfileSamples; j++)
        {
            steepest = Math.Max(steepest, -wPlus0Derivative(j * length / ProfileSamples));
        }

        return steepest > 0 ? 2 / steepest : double.PositiveInfinity;
    }

    private static EulerState Solve(
        PeriodicGrid grid,
        double time,
        Func<double, double> w0,
        Func<double, double> dw0,
        double c,
        double breaking,
        double wLow,
        double wHigh)
    {
        Guard.NonNegativeFinite(time);
        if (time >= breaking)
        {
            throw new ArgumentOutOfRangeException(
                nameof(time), time,
                $"The simple wave breaks (characteristics cross, a shock forms) at t* = {Guard.Format(breaking)}; " +
                $"the smooth reference exists only for t < t*, got t = {Guard.Format(time)}.");
        }

        var n = grid.Count;
        var axisPoints = grid.Shape[0];
        var stride = grid.Stride(0);
        var wPlus = new double[axisPoints];
        for (var j = 0; j < axisPoints; j++)
        {
            wPlus[j] = CharacteristicFoot(grid.Coordinate(0, j), time, w0, dw0, c, wLow, wHigh);
        }

        var rho = new double[n];
        var u = new double[grid.Dimension * n];
        for (var i = 0; i < n; i++)
        {
            var w = wPlus[i / stride % axisPoints];
            rho[i] = Math.Exp((w - c) / 2);
            u[i] = (w + c) / 2;
        }

        return new EulerState(rho, u);
    }

    /// <summary>w₊(x, t) = w₊⁰(ξ) where ξ + t·((w₊⁰(ξ) + c)/2 + 1) = x (increasing in ξ before breaking).</summary>
    private static double CharacteristicFoot(
        double x, double t, Func<double, double> w0, Func<double, double> dw0, double c, double wLow, double wHigh)
    {
        if (t == 0)
        {
            return w0(x);
        }

        double G(double xi) => xi + (t * (((w0(xi) + c) / 2) + 1)) - x;

        // Bracket from the range of w₊⁰, widened until the sign change is certain (sampled extrema may be inexact).
        var lo = x - (t * (((wHigh + c) / 2) + 1));
        var hi = x - (t * (((wLow + c) / 2) + 1));
        var pad = (1e-3 * (hi - lo)) + 1e-12;
        while (G(lo) > 0)
        {
            lo -= pad;
            pad *= 2;
        }

        pad = (1e-3 * (hi - lo)) + 1e-12;
        while (G(hi) < 0)
        {
            hi += pad;
            pad *= 2;
        }

        var xi = 0.5 * (lo + hi);
        for (var iteration = 0; iteration < 200; iteration++)
        {
            var g = G(xi);
            if (g == 0)
            {
                break;
            }

            if (g < 0)
            {
                lo = xi;
            }
            else
            {
                hi = xi;
            }

            var slope = 1 + (t * dw0(xi) / 2);
            var next = xi - (g / slope);
            if (!(next > lo && next < hi))
            {
                next = 0.5 * (lo + hi);
            }

            if (Math.Abs(next - xi) <= 2 * double.Epsilon + (4e-16 * Math.Max(1, Math.Abs(xi))))
            {
                xi = next;
                break;
            }

            xi = next;
        }

        return w0(xi);
    }

    private static void Point(PeriodicGrid grid, int index, double[] x)
    {
        var rem = index;
        for (var a = grid.Dimension - 1; a >= 0; a--)
        {
            x[a] = grid.Coordinate(a, rem % grid.Shape[a]);
            rem /= grid.Shape[a];
        }
    }
}
