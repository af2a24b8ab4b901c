using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// The potential V of each frame of a quantum trajectory: the recorded frames when present, otherwise V solved from
/// |ψ|² (Poisson–Boltzmann −εΔV = |ψ|² − e^V for spb, linear Poisson −εΔV = |ψ|² − mean for sp).
/// </summary>
internal sealed class Potentials
{
    /// <summary>
    /// The Poisson–Boltzmann solve allowance, relative to ‖h‖₂: a recorded V is accepted as "solving PB" when
    /// ‖−εΔV − h + e^V‖₂ ≤ 1e-8·‖h‖₂ + round-off. The reference solver reaches 1e-12; any converged Newton solve is
    /// far below 1e-8; the bugs this guards against (ε dropped, e^V replaced by 1, a stale V) leave residuals of order
    /// ε·‖ΔV‖ or ‖h‖, i.e. 1e-3 … 1.
    /// </summary>
    public const double SolveAllowance = 1e-8;

    private readonly Trajectory trajectory;
    private readonly double[]?[] cache;
    private readonly PoissonBoltzmannSolver? pb;
    private readonly SpectralOperators ops;
    private readonly double[] density;

    private Potentials(Trajectory trajectory, SpectralOperators ops)
    {
        this.trajectory = trajectory;
        this.ops = ops;
        cache = new double[]?[trajectory.Count];
        density = new double[trajectory.Grid.Count];
        Recomputed = !trajectory.HasPotential;
        if (Recomputed && trajectory.System == SystemIds.SchrodingerPoissonBoltzmann)
        {
            pb = new PoissonBoltzmannSolver(trajectory.Grid, trajectory.Parameters.Epsilon);
        }
    }

    /// <summary>True when V is solved here rather than read from the trajectory.</summary>
    public bool Recomputed { get; }

    /// <summary>The potentials of a trajectory, or null (with a reason) when V is absent and ε = 0 (nothing to solve).</summary>
    public static Potentials? For(Trajectory q, SpectralOperators ops, out string? reason)
    {
        reason = null;
        if (!q.HasPotential && q.Parameters.Epsilon == 0)
        {
            reason = "the trajectory has no V frames and ε = 0, so V cannot be reconstructed from |ψ|²; record V.";
            return null;
        }

        return new Potentials(q, ops);
    }

    /// <summary>V at frame n.</summary>
    public ReadOnlySpan<double> Frame(int n)
    {
        if (!Recomputed)
        {
            return trajectory.Potential(n);
        }

        if (cache[n] is { } v)
        {
            return v;
        }

        var psi = trajectory.Psi(n);
        for (var i = 0; i < psi.Length; i++)
        {
            density[i] = (psi[i].Real * psi[i].Real) + (psi[i].Imaginary * psi[i].Imaginary);
        }

        v = new double[density.Length];
        if (pb is not null)
        {
            // Warm start from the neighbouring frame when available (the iteration does not depend on it, only its speed).
            var warm = n > 0 ? cache[n - 1] : null;
            if (warm is not null)
            {
                warm.CopyTo(v, 0);
            }

            pb.SolveInto(density, v);
        }
        else
        {
            LinearPoisson.SolveInto(ops, trajectory.Parameters.Epsilon, density, v);
        }

        cache[n] = v;
        return v;
    }

    /// <summary>
    /// ‖−εΔV − h + e^V‖₂ of a V for the density h, and the allowance ‖h‖₂·<see cref="SolveAllowance"/> + round-off,
    /// where the round-off of the evaluation is 4·eps·(1 + log₂N)·(ε·max|k|²·‖V‖₂ + ‖e^V‖₂ + ‖h‖₂).
    /// </summary>
    public static (double Residual, double Allowance) PbResidual(
        SpectralOperators ops, double epsilon, ReadOnlySpan<double> h, ReadOnlySpan<double> v, Span<double> r)
    {
        var grid = ops.Grid;
        PoissonBoltzmannSolver.Residual(ops, epsilon, h, v, r);
        var residual = Norms.L2(grid, r);
        var hNorm = Norms.L2(grid, h);
        var expNorm = 0.0;
        foreach (var x in v)
        {
            expNorm += Math.Exp(2 * x);
        }

        expNorm = Math.Sqrt(expNorm * grid.CellVolume);
        var roundoff = 4 * RoundOff.Eps * RoundOff.FftDepth(grid.Count) * ((epsilon * MaxK2(ops) * Norms.L2(grid, v)) + expNorm + hNorm);
        return (residual, (SolveAllowance * hNorm) + roundoff);
    }

    /// <summary>max |k|² of the grid.</summary>
    public static double MaxK2(SpectralOperators ops)
    {
        var m = 0.0;
        foreach (var k2 in ops.WavenumberSquared)
        {
            m = Math.Max(m, k2);
        }

        return m;
    }

    /// <summary>The largest derivative wavenumber max_a π n_a / L (the Nyquist scale).</summary>
    public static double MaxK(PeriodicGrid grid)
    {
        var m = 0.0;
        for (var a = 0; a < grid.Dimension; a++)
        {
            m = Math.Max(m, Math.PI * grid.Shape[a] / grid.Length);
        }

        return m;
    }
}
