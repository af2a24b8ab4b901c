using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Tests.Solvers;

/// <summary>Small helpers shared by the solver tests: observed orders, norms, reference initial data.</summary>
internal static class SolverTestMath
{
    public const double Eps = 2.220446049250313e-16;

    /// <summary>Least-squares slope of log(error) against log(step): the observed order (DiffEqDevTools).</summary>
    public static double ObservedOrder(IReadOnlyList<double> steps, IReadOnlyList<double> errors)
    {
        var x = steps.Select(s => Math.Log(s)).ToArray();
        var y = errors.Select(e => Math.Log(e)).ToArray();
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        return sxy / sxx;
    }

    public static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    public static double MaxAbsDifference(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b)
    {
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Complex.Abs(a[i] - b[i]));
        }

        return m;
    }

    /// <summary>Discrete L² distance (L^d/N Σ|a − b|²)^{1/2}.</summary>
    public static double L2Distance(PeriodicGrid grid, ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            var z = a[i] - b[i];
            s += (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
        }

        return Math.Sqrt(s * grid.CellVolume);
    }

    /// <summary>
    /// The well-prepared data of [BCY, Lemma 4.1] on T¹ used throughout: ρ₀ = 1 + 0.1 cos 2πx,
    /// U₀ = 0.2 sin(2πx)/(2π), ψ = √(e^{V₀} − εΔV₀) e^{iU₀/ħ}.
    /// </summary>
    public static Complex[] Lemma41Psi(PeriodicGrid grid, PhysicalParameters p)
    {
        var ops = new SpectralOperators(grid);
        var rho0 = grid.Sample(x => 1 + (0.1 * Math.Cos(2 * Math.PI * x[0])));
        var phase = grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI));
        return WellPreparedData.Lemma41(p, ops, rho0, phase).Psi;
    }

    /// <summary>
    /// A smooth multi-dimensional state ψ = √ρ e^{iS/ħ} with ρ = 1 + 0.2 Π_a cos 2πx_a (∫ρ = 1 on the unit torus) and
    /// S = 0.1 sin(2π Σ_a x_a)/(2π).
    /// </summary>
    public static Complex[] SmoothPsi(PeriodicGrid grid, double hbar)
    {
        var rho = grid.Sample(x => 1 + (0.2 * x.Aggregate(1.0, (acc, xa) => acc * Math.Cos(2 * Math.PI * xa))));
        var s = grid.Sample(x => 0.1 * Math.Sin(2 * Math.PI * x.Sum()) / (2 * Math.PI));
        return rho.Zip(s, (r, si) => Complex.FromPolarCoordinates(Math.Sqrt(r), si / hbar)).ToArray();
    }
}
