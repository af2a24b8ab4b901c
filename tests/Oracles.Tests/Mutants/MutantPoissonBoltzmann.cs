using Oracles.Core;
using Oracles.Core.Spectral;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Tests.Mutants;

/// <summary>A deliberate bug in the Poisson–Boltzmann solve −εΔV = h − e^V [BCY, eq. (1.1)₂].</summary>
internal enum PbMutation
{
    /// <summary>No bug: the production <see cref="PoissonBoltzmannSolver"/> (warm-started Newton–CG to 1e-12).</summary>
    None,

    /// <summary>ε dropped: the solve is −ΔV = h − e^V (ε = 1) while the trajectory declares ε.</summary>
    EpsilonDropped,

    /// <summary>e^V replaced by 1: the linear Poisson solve −εΔV = h − 1 (the SP potential) while the trajectory declares SPB.</summary>
    BoltzmannFactorReplacedByOne,

    /// <summary>
    /// A Newton loop hard-coded to <see cref="MutantPoissonBoltzmann.FixedNewtonIterations"/> iterations from the
    /// ε → 0 guess V = log h, with no convergence test (tuned where log h is nearly exact, i.e. ε ≪ 1).
    /// </summary>
    NewtonFixedIterationCount,
}

/// <summary>
/// The potential solve of <see cref="MutantStrangSplitStep"/>: the production Poisson–Boltzmann solver when unmutated,
/// or one of the <see cref="PbMutation"/> bugs.
/// </summary>
/// <remarks>
/// <para>The fixed-count mutant needs a Newton loop of its own (the production one always iterates to convergence).
/// It is a compact Newton–CG for F(V) = −εΔV + e^V − h = 0: J δ = −F with J = −εΔ + diag(e^V), solved by conjugate
/// gradients preconditioned with the constant-coefficient operator (−εΔ + mean e^V)⁻¹, full steps. With
/// <c>converge: true</c> the same loop runs until ‖F‖₂ ≤ 1e-13·‖h‖₂, and the equivalence test shows that it then
/// agrees with the production solver to round-off — so the mutant differs from correct code only by its stopping
/// rule.</para>
/// <para>Notation: V ↔ <c>v</c>, h ↔ <c>h</c>, F ↔ <c>f</c>, δ ↔ <c>delta</c>.</para>
/// </remarks>
internal sealed class MutantPoissonBoltzmann
{
    /// <summary>The hard-coded Newton count of <see cref="PbMutation.NewtonFixedIterationCount"/>.</summary>
    public const int FixedNewtonIterations = 2;

    // Converged loop: ‖F‖₂ ≤ 1e-13‖h‖₂ — two orders above the n·eps round-off floor of the residual at n ≤ 256,
    // ε ≤ 1 (eps·ε·max|k|²·‖V‖ ≈ 2e-16·0.1·6.5e5·0.1 ≈ 1.5e-12 absolute only for the largest modes, which smooth data
    // do not occupy); the production solver stops at 1e-12 relative.
    private const double ConvergedTolerance = 1e-13;
    private const int MaxNewton = 50;
    private const int MaxCg = 100;

    private readonly SpectralOperators ops;
    private readonly double epsilon;
    private readonly PoissonBoltzmannSolver? production;
    private readonly int n;
    private readonly double[] f;
    private readonly double[] ev;
    private readonly double[] delta;
    private readonly double[] r;
    private readonly double[] z;
    private readonly double[] p;
    private readonly double[] q;
    private readonly double[] multiplier;

    /// <summary>Creates the solve for one grid, the declared ε and a mutation.</summary>
    public MutantPoissonBoltzmann(SpectralOperators ops, double epsilon, PbMutation mutation)
    {
        ArgumentNullException.ThrowIfNull(ops);
        Guard.PositiveFinite(epsilon);
        this.ops = ops;
        this.epsilon = epsilon;
        Mutation = mutation;
        n = ops.Grid.Count;
        production = mutation switch
        {
            PbMutation.None => new PoissonBoltzmannSolver(ops.Grid, epsilon),
            PbMutation.EpsilonDropped => new PoissonBoltzmannSolver(ops.Grid, 1.0),
            _ => null,
        };
        f = new double[n];
        ev = new double[n];
        delta = new double[n];
        r = new double[n];
        z = new double[n];
        p = new double[n];
        q = new double[n];
        multiplier = new double[n];
    }

    /// <summary>The mutation.</summary>
    public PbMutation Mutation { get; }

    /// <summary>Newton iterations of the last solve (own loop only; 0 for the delegated solves).</summary>
    public int LastNewtonIterations { get; private set; }

    /// <summary>Writes V[h] into <paramref name="v"/>, which holds the previous V (warm start) on entry.</summary>
    public void Solve(ReadOnlySpan<double> h, Span<double> v)
    {
        switch (Mutation)
        {
            case PbMutation.None:
            case PbMutation.EpsilonDropped:
                production!.SolveInto(h, v);
                break;
            case PbMutation.BoltzmannFactorReplacedByOne:
                LinearPoisson.SolveInto(ops, epsilon, h, v);
                break;
            default:
                ColdGuess(h, v);
                Newton(h, v, converge: false);
                break;
        }
    }

    /// <summary>The own Newton–CG loop: to convergence (<paramref name="converge"/>) or for the fixed count.</summary>
    public void Newton(ReadOnlySpan<double> h, Span<double> v, bool converge)
    {
        var hNorm = Math.Sqrt(Dot(h, h));
        LastNewtonIterations = 0;
        for (var it = 0; it < (converge ? MaxNewton : FixedNewtonIterations); it++)
        {
            ops.Laplacian(v, f);
            for (var i = 0; i < n; i++)
            {
                ev[i] = Math.Exp(v[i]);
                f[i] = (-epsilon * f[i]) + ev[i] - h[i];
            }

            if (converge && Math.Sqrt(Dot(f, f)) <= ConvergedTolerance * hNorm)
            {
                return;
            }

            ConjugateGradient();
            for (var i = 0; i < n; i++)
            {
                v[i] += delta[i];
            }

            LastNewtonIterations++;
        }

        if (converge)
        {
            throw new InvalidOperationException($"The mutant's own Newton loop did not converge in {MaxNewton} iterations.");
        }
    }

    /// <summary>The cold guess of the production solver: V = log max(h, 10⁻³·mean h).</summary>
    public void ColdGuess(ReadOnlySpan<double> h, Span<double> v)
    {
        var mean = 0.0;
        foreach (var x in h)
        {
            mean += x;
        }

        mean /= n;
        for (var i = 0; i < n; i++)
        {
            v[i] = Math.Log(Math.Max(h[i], 1e-3 * mean));
        }
    }

    private void ConjugateGradient()
    {
        // J δ = −F, J = −εΔ + diag(e^V); preconditioner (−εΔ + ē)⁻¹ applied spectrally; ‖r‖ ≤ 1e-13‖r₀‖ (or MaxCg).
        var mean = 0.0;
        foreach (var x in ev)
        {
            mean += x;
        }

        mean /= n;
        var k2 = ops.WavenumberSquared;
        for (var i = 0; i < n; i++)
        {
            multiplier[i] = 1.0 / ((epsilon * k2[i]) + mean);
            delta[i] = 0;
            r[i] = -f[i];
        }

        var target = 1e-26 * Dot(r, r);
        ops.ApplyMultiplier(r, multiplier, z);
        z.AsSpan().CopyTo(p);
        var rz = Dot(r, z);
        for (var k = 0; k < MaxCg && Dot(r, r) > target; k++)
        {
            ops.Laplacian(p, q);
            for (var i = 0; i < n; i++)
            {
                q[i] = (-epsilon * q[i]) + (ev[i] * p[i]);
            }

            var pq = Dot(p, q);
            if (!(pq > 0))
            {
                return;
            }

            var alpha = rz / pq;
            for (var i = 0; i < n; i++)
            {
                delta[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }

            ops.ApplyMultiplier(r, multiplier, z);
            var rzNew = Dot(r, z);
            var beta = rzNew / rz;
            rz = rzNew;
            for (var i = 0; i < n; i++)
            {
                p[i] = z[i] + (beta * p[i]);
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }
}
