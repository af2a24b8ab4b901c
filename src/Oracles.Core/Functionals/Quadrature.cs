using System.Numerics;
using Oracles.Core.Grids;

namespace Oracles.Core.Functionals;

/// <summary>
/// The trapezoidal rule on a periodic grid, ∫_{T^d} f ≈ (L^d/N) Σ_j f(x_j): spectrally accurate for smooth
/// periodic f (exact for trigonometric polynomials of degree &lt; n). Sums are compensated (Neumaier), so the
/// round-off is O(eps·Σ|f|), independent of N.
/// </summary>
public static class Quadrature
{
    /// <summary>∫ f over the torus.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="f">Samples.</param>
    /// <returns>The integral.</returns>
    public static double Integrate(PeriodicGrid grid, ReadOnlySpan<double> f)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(f.Length, grid.Count, nameof(f));
        return Sum(f) * grid.CellVolume;
    }

    /// <summary>∫ f·g over the torus.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="f">Samples of f.</param>
    /// <param name="g">Samples of g.</param>
    /// <returns>The integral.</returns>
    public static double Inner(PeriodicGrid grid, ReadOnlySpan<double> f, ReadOnlySpan<double> g)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(f.Length, grid.Count, nameof(f));
        Guard.Length(g.Length, grid.Count, nameof(g));
        double sum = 0, c = 0;
        for (var i = 0; i < f.Length; i++)
        {
            Add(ref sum, ref c, f[i] * g[i]);
        }

        return (sum + c) * grid.CellVolume;
    }

    /// <summary>∫ |ψ|² over the torus.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="psi">Samples.</param>
    /// <returns>The mass.</returns>
    public static double Mass(PeriodicGrid grid, ReadOnlySpan<Complex> psi)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(psi.Length, grid.Count, nameof(psi));
        double sum = 0, c = 0;
        foreach (var z in psi)
        {
            Add(ref sum, ref c, (z.Real * z.Real) + (z.Imaginary * z.Imaginary));
        }

        return (sum + c) * grid.CellVolume;
    }

    /// <summary>The mean (1/L^d)∫ f.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="f">Samples.</param>
    /// <returns>The mean.</returns>
    public static double Mean(PeriodicGrid grid, ReadOnlySpan<double> f)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(f.Length, grid.Count, nameof(f));
        return Sum(f) / f.Length;
    }

    /// <summary>Compensated sum Σ f_j.</summary>
    /// <param name="f">Values.</param>
    /// <returns>The sum.</returns>
    public static double Sum(ReadOnlySpan<double> f)
    {
        double sum = 0, c = 0;
        foreach (var x in f)
        {
            Add(ref sum, ref c, x);
        }

        return sum + c;
    }

    /// <summary>Compensated sum of |f_j|: the scale that bounds the round-off of <see cref="Sum"/>.</summary>
    /// <param name="f">Values.</param>
    /// <returns>Σ|f_j|.</returns>
    public static double AbsSum(ReadOnlySpan<double> f)
    {
        double sum = 0, c = 0;
        foreach (var x in f)
        {
            Add(ref sum, ref c, Math.Abs(x));
        }

        return sum + c;
    }

    private static void Add(ref double sum, ref double compensation, double x)
    {
        var t = sum + x;
        compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
}
