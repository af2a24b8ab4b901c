using System.Runtime.ExceptionServices;
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
/// <remarks>
/// <para>One instance per trajectory (<see cref="SharedFrames"/>), shared by every oracle that judges it, so a
/// trajectory without V is solved once per frame, not once per frame and oracle. Solved frames are kept for the
/// lifetime of the trajectory (as one oracle evaluation kept them before) and are solved in frame order: frame n is
/// warm-started from frame n − 1, so V(n) is the same whichever oracle asks first and in whatever order.</para>
/// </remarks>
/// <threadsafety>Thread-safe: solves run one at a time, in frame order, under this instance's lock.</threadsafety>
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
    private readonly object gate = new();
    private readonly double[]?[] cache;
    private readonly PoissonBoltzmannSolver? pb;
    private SpectralOperators? ops;
    private readonly double[] density;
    private int solved;
    private ExceptionDispatchInfo? failure;

    /// <summary>Creates the potentials of a trajectory (one per trajectory: <see cref="SharedFrames"/> owns it).</summary>
    internal Potentials(Trajectory trajectory)
    {
        this.trajectory = trajectory;
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

    /// <summary>The (shared) potentials of a trajectory, or null (with a reason) when V is absent and ε = 0 (nothing to solve).</summary>
    public static Potentials? For(Trajectory q, out string? reason) => SharedFrames.Of(q).Potentials(out reason);

    /// <summary>V at frame n.</summary>
    public ReadOnlySpan<double> Frame(int n)
    {
        if (!Recomputed)
        {
            return trajectory.Potential(n);
        }

        if (Volatile.Read(ref cache[n]) is { } v)
        {
            return v;
        }

        lock (gate)
        {
            while (solved <= n)
            {
                // A frame that cannot be solved fails every later frame of the chain too: remember why, solve it once.
                failure?.Throw();
                try
                {
                    Volatile.Write(ref cache[solved], Solve(solved));
                }
                catch (Exception e) when (e is PoissonBoltzmannNotConvergedException or InvalidDensityException)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                    throw;
                }

                solved++;
            }

            return cache[n];
        }
    }

    private double[] Solve(int n)
    {
        var psi = trajectory.Psi(n);
        for (var i = 0; i < psi.Length; i++)
        {
            density[i] = (psi[i].Real * psi[i].Real) + (psi[i].Imaginary * psi[i].Imaginary);
        }

        var v = new double[density.Length];
        if (pb is not null)
        {
            // Warm start from the previous frame (the iteration does not depend on it, only its speed).
            if (n > 0)
            {
                cache[n - 1]!.CopyTo(v, 0);
            }

            pb.SolveInto(density, v);
        }
        else
        {
            LinearPoisson.SolveInto(ops ??= new SpectralOperators(trajectory.Grid), trajectory.Parameters.Epsilon, density, v);
        }

        return v;
    }

    /// <summary>
    /// ‖−εΔV − h + e^V‖₂ of a V for the density h, and the allowance ‖h‖₂·<see cref="SolveAllowance"/> + round-off,
    /// where the round-off of the evaluation is 4·eps·(1 + log₂N)·(ε·max|k|²·‖V‖₂ + ‖e^V‖₂ + ‖h‖₂).
    /// </summary>
    public static (double Residual, double Allowance) PbResidual(
        SpectralOperators ops, double epsilon, ReadOnlySpan<double> h, ReadOnlySpan<double> v, Span<double> r) =>
        PbResidual(ops, epsilon, h, v, r, MaxK2(ops));

    /// <summary>As <see cref="PbResidual(SpectralOperators, double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> with max|k|² (<see cref="MaxK2"/>) given.</summary>
    public static (double Residual, double Allowance) PbResidual(
        SpectralOperators ops, double epsilon, ReadOnlySpan<double> h, ReadOnlySpan<double> v, Span<double> r, double maxK2)
    {
        PoissonBoltzmannSolver.Residual(ops, epsilon, h, v, r);
        return PbResidualOf(ops.Grid, epsilon, h, v, r, maxK2);
    }

    /// <summary>
    /// As <see cref="PbResidual(SpectralOperators, double, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> from
    /// ΔV and e^V already at hand: r = −εΔV − h + e^V, pointwise as <see cref="PoissonBoltzmannSolver.Residual"/> forms it.
    /// </summary>
    public static (double Residual, double Allowance) PbResidual(
        PeriodicGrid grid, double epsilon, ReadOnlySpan<double> h, ReadOnlySpan<double> v, ReadOnlySpan<double> lapV, ReadOnlySpan<double> expV, Span<double> r, double maxK2)
    {
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = (-epsilon * lapV[i]) - h[i] + expV[i];
        }

        return PbResidualOf(grid, epsilon, h, v, r, maxK2);
    }

    private static (double Residual, double Allowance) PbResidualOf(
        PeriodicGrid grid, double epsilon, ReadOnlySpan<double> h, ReadOnlySpan<double> v, ReadOnlySpan<double> r, double maxK2)
    {
        var residual = Norms.L2(grid, r);
        var hNorm = Norms.L2(grid, h);
        var expNorm = 0.0;
        foreach (var x in v)
        {
            expNorm += Math.Exp(2 * x);
        }

        expNorm = Math.Sqrt(expNorm * grid.CellVolume);
        var roundoff = 4 * RoundOff.Eps * RoundOff.FftDepth(grid.Count) * ((epsilon * maxK2 * Norms.L2(grid, v)) + expNorm + hNorm);
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
