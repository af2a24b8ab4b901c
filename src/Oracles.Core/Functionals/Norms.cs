using System.Numerics;
using Oracles.Core.Grids;

namespace Oracles.Core.Functionals;

/// <summary>L^p norms on a periodic grid with the trapezoidal weight: ‖f‖_p = (L^d/N · Σ|f_j|^p)^{1/p}, ‖f‖_∞ = max|f_j|.</summary>
public static class Norms
{
    /// <summary>‖f‖_p for 1 ≤ p &lt; ∞ (use <see cref="LInf(ReadOnlySpan{double})"/> for p = ∞).</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="f">Samples.</param>
    /// <param name="p">The exponent, p ≥ 1 and finite.</param>
    /// <returns>The norm.</returns>
    public static double Lp(PeriodicGrid grid, ReadOnlySpan<double> f, double p)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Finite(p);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 1.0);
        Guard.Length(f.Length, grid.Count, nameof(f));
        var scale = LInf(f);
        if (scale == 0)
        {
            return 0;
        }

        double sum = 0;
        foreach (var x in f)
        {
            sum += Math.Pow(Math.Abs(x) / scale, p);
        }

        return scale * Math.Pow(sum * grid.CellVolume, 1.0 / p);
    }

    /// <summary>‖f‖_1.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="f">Samples.</param>
    /// <returns>The norm.</returns>
    public static double L1(PeriodicGrid grid, ReadOnlySpan<double> f)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(f.Length, grid.Count, nameof(f));
        return Quadrature.AbsSum(f) * grid.CellVolume;
    }

    /// <summary>‖f‖_2.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="f">Samples.</param>
    /// <returns>The norm.</returns>
    public static double L2(PeriodicGrid grid, ReadOnlySpan<double> f) => Math.Sqrt(Quadrature.Inner(grid, f, f));

    /// <summary>‖ψ‖_2 of a complex field.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="psi">Samples.</param>
    /// <returns>The norm.</returns>
    public static double L2(PeriodicGrid grid, ReadOnlySpan<Complex> psi) => Math.Sqrt(Quadrature.Mass(grid, psi));

    /// <summary>max_j |f_j|.</summary>
    /// <param name="f">Samples.</param>
    /// <returns>The norm.</returns>
    public static double LInf(ReadOnlySpan<double> f)
    {
        var m = 0.0;
        foreach (var x in f)
        {
            m = Math.Max(m, Math.Abs(x));
        }

        return m;
    }

    /// <summary>max_j |ψ_j| of a complex field.</summary>
    /// <param name="psi">Samples.</param>
    /// <returns>The norm.</returns>
    public static double LInf(ReadOnlySpan<Complex> psi)
    {
        var m = 0.0;
        foreach (var z in psi)
        {
            m = Math.Max(m, Complex.Abs(z));
        }

        return m;
    }
}
