using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;

namespace Oracles.Tests.Mutants;

/// <summary>A deliberate, plausible bug in the isothermal Euler solver of [BCY, eq. (2.2)].</summary>
internal enum EulerMutation
{
    /// <summary>No bug: reproduces <see cref="Oracles.Solvers.Euler.IsothermalEulerSolver"/> to round-off.</summary>
    None,

    /// <summary>Missing pressure term: ∂ₜu = −(u·∇)u (the ∇log ρ term dropped — pressureless Euler).</summary>
    MissingPressure,

    /// <summary>Pressure from the conservative form in the log form: ∂ₜu = −(u·∇)u − ∇ρ instead of −∇log ρ (the 1/ρ forgotten).</summary>
    PressureGradientOfRhoNotLogRho,

    /// <summary>First-order time step: forward Euler y ← y + Δt·f(y), still declared as RK4 (order 4).</summary>
    ForwardEulerStep,
}

/// <summary>
/// A compact, mutable re-implementation of <see cref="Oracles.Solvers.Euler.IsothermalEulerSolver"/> (1-D to 3-D, same
/// discretisation: spectral derivatives with the Nyquist mode zeroed, products de-aliased by the 2/3 rule, classical
/// RK4) for the mutant suite. With <see cref="EulerMutation.None"/> it equals the production solver to round-off
/// (the production code transforms two real fields per complex FFT; the sums differ only in rounding); each other
/// <see cref="EulerMutation"/> changes one line.
/// </summary>
/// <remarks>
/// <para>Right side of (2.2): ∂ₜl = −div u − P(u·∇l), ∂ₜu_a = −P((u·∇)u_a) − ∂_a l with l = log ρ, P the 2/3
/// truncation. No smoothness monitor: the scenarios are smooth and short.</para>
/// <para>Notation: log ρ ↔ <c>l</c>, u ↔ <c>u</c> (component-major), Δt ↔ <c>dt</c>.</para>
/// </remarks>
internal sealed class MutantIsothermalEuler
{
    private readonly PeriodicGrid grid;
    private readonly SpectralOperators ops;
    private readonly EulerMutation mutation;
    private readonly int n;
    private readonly int d;
    private readonly double[] derivative;
    private readonly double[] product;
    private readonly double[] linear;
    private readonly double[] stageL;
    private readonly double[] stageU;
    private readonly double[] accL;
    private readonly double[] accU;
    private readonly double[] kL;
    private readonly double[] kU;

    public MutantIsothermalEuler(PeriodicGrid grid, EulerMutation mutation)
    {
        ArgumentNullException.ThrowIfNull(grid);
        this.grid = grid;
        this.mutation = mutation;
        ops = new SpectralOperators(grid);
        n = grid.Count;
        d = grid.Dimension;
        derivative = new double[n];
        product = new double[n];
        linear = new double[d * n];
        stageL = new double[n];
        stageU = new double[d * n];
        accL = new double[n];
        accU = new double[d * n];
        kL = new double[n];
        kU = new double[d * n];
    }

    /// <summary>The (possibly mutated) right side of (2.2).</summary>
    public void TimeDerivative(ReadOnlySpan<double> l, ReadOnlySpan<double> u, Span<double> dl, Span<double> du)
    {
        // Nonlinear terms, formed pointwise and de-aliased: N_0 = u·∇l, N_{1+a} = (u·∇)u_a.
        Advect(u, l, dl);
        for (var a = 0; a < d; a++)
        {
            Advect(u, u.Slice(a * n, n), du.Slice(a * n, n));
        }

        // Linear terms on every mode: −div u and the pressure −∇l (mutated: absent, or −∇ρ).
        ops.Divergence(u, derivative);
        for (var i = 0; i < n; i++)
        {
            dl[i] = -dl[i] - derivative[i];
        }

        if (mutation == EulerMutation.PressureGradientOfRhoNotLogRho)
        {
            for (var i = 0; i < n; i++)
            {
                product[i] = Math.Exp(l[i]);
            }

            ops.Gradient(product, linear);
        }
        else
        {
            ops.Gradient(l, linear);
        }

        var pressure = mutation == EulerMutation.MissingPressure ? 0.0 : 1.0;
        for (var i = 0; i < d * n; i++)
        {
            du[i] = -du[i] - (pressure * linear[i]);
        }
    }

    /// <summary>One (possibly mutated) step in place.</summary>
    public void Step(Span<double> l, Span<double> u, double dt)
    {
        TimeDerivative(l, u, kL, kU);
        if (mutation == EulerMutation.ForwardEulerStep)
        {
            AddScaled(l, kL, dt);
            AddScaled(u, kU, dt);
            return;
        }

        // Classical RK4, in the production solver's order of accumulation.
        var half = 0.5 * dt;
        var sixth = dt / 6;
        var third = dt / 3;
        Axpy(l, kL, sixth, accL);
        Axpy(u, kU, sixth, accU);
        Axpy(l, kL, half, stageL);
        Axpy(u, kU, half, stageU);
        TimeDerivative(stageL, stageU, kL, kU);
        AddScaled(accL, kL, third);
        AddScaled(accU, kU, third);
        Axpy(l, kL, half, stageL);
        Axpy(u, kU, half, stageU);
        TimeDerivative(stageL, stageU, kL, kU);
        AddScaled(accL, kL, third);
        AddScaled(accU, kU, third);
        Axpy(l, kL, dt, stageL);
        Axpy(u, kU, dt, stageU);
        TimeDerivative(stageL, stageU, kL, kU);
        AddScaled(accL, kL, sixth);
        AddScaled(accU, kU, sixth);
        accL.AsSpan().CopyTo(l);
        accU.AsSpan().CopyTo(u);
    }

    /// <summary>Integrates and samples like the production <c>Run</c>, with the production provenance (RK4, order 4).</summary>
    public Trajectory Run(ReadOnlySpan<double> rho0, ReadOnlySpan<double> u0, double dt, int steps, int sampleEvery)
    {
        var l = new double[n];
        for (var i = 0; i < n; i++)
        {
            l[i] = Math.Log(rho0[i]);
        }

        var u = u0.ToArray();
        var times = new List<double>();
        var rho = new List<double[]>();
        var velocity = new List<double[]>();
        for (var step = 0; ; step++)
        {
            if (step % sampleEvery == 0 || step == steps)
            {
                times.Add(step * dt);
                rho.Add([.. l.Select(Math.Exp)]);
                velocity.Add((double[])u.Clone());
            }

            if (step == steps)
            {
                break;
            }

            Step(l, u, dt);
        }

        return new Trajectory(
            SystemIds.IsothermalEuler,
            grid,
            times,
            new PhysicalParameters(0, 0),
            density: rho,
            velocity: velocity,
            provenance: new Provenance(
                "Oracles.Solvers.Euler.IsothermalEulerSolver",
                "pseudo-spectral + RK4 (2/3 de-aliased products, BCY eq. (2.2))",
                dt,
                4));
    }

    private void Advect(ReadOnlySpan<double> u, ReadOnlySpan<double> f, Span<double> result)
    {
        result.Clear();
        for (var b = 0; b < d; b++)
        {
            ops.Derivative(f, b, derivative);
            var ub = u.Slice(b * n, n);
            for (var i = 0; i < n; i++)
            {
                result[i] += ub[i] * derivative[i];
            }
        }

        ops.Dealias(result);
    }

    private static void Axpy(ReadOnlySpan<double> y, ReadOnlySpan<double> k, double h, Span<double> result)
    {
        for (var i = 0; i < y.Length; i++)
        {
            result[i] = y[i] + (h * k[i]);
        }
    }

    private static void AddScaled(Span<double> acc, ReadOnlySpan<double> k, double h)
    {
        for (var i = 0; i < acc.Length; i++)
        {
            acc[i] += h * k[i];
        }
    }
}
