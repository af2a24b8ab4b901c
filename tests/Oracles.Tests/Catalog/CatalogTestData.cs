using System.Numerics;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Solvers.ReferenceProblems;
using Oracles.Solvers.SplitStep;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Tests.Catalog;

/// <summary>
/// Shared trajectories for the catalogue tests, computed once per test run: reference SPB/SP runs from the solvers,
/// manufactured fluids, and broken variants (each breaks exactly one thing an oracle must notice).
/// </summary>
internal static class CatalogTestData
{
    /// <summary>ε = ħ = 0.1, the catalogue's V.9 regime.</summary>
    public static readonly PhysicalParameters Parameters = new(0.1, 0.1);

    /// <summary>n = 128, Δt = 4e-4, 250 steps (T = 0.1), a frame every 5 steps (51 frames, h = 2e-3).</summary>
    public static readonly RunSettings Settings = new(128, 4e-4, 250, 5);

    private static readonly Lazy<ReferenceRun> WellPreparedRun = new(() => BcyReferenceProblems.WellPrepared1D(Parameters, Settings));
    private static readonly Lazy<ReferenceRun> WellPreparedHalf = new(() => BcyReferenceProblems.WellPrepared1D(Parameters, Settings.HalveTimeStep()));
    private static readonly Lazy<Trajectory> Manufactured = new(() => ManufacturedFluid(WellPrepared.Quantum));
    private static readonly Lazy<Trajectory> Lie = new(() => LieSplitting(WellPrepared.Quantum, Settings));
    private static readonly Lazy<Trajectory> LieHalf = new(() => LieSplitting(WellPrepared.Quantum, Settings.HalveTimeStep()));
    private static readonly Lazy<Trajectory> LieSp = new(() => LieSplitting(WellPrepared.Quantum, Settings, linearPoisson: true));
    private static readonly Lazy<Trajectory> EpsilonDropped = new(EpsilonDroppedRun);
    private static readonly Lazy<Trajectory> SchrodingerPoisson = new(SchrodingerPoissonRun);

    /// <summary>SPB from Lemma 4.1 data (ρ₀ = 1 + 0.1cos2πx, U₀ = 0.2sin(2πx)/2π) with its Euler reference.</summary>
    public static ReferenceRun WellPrepared => WellPreparedRun.Value;

    /// <summary>The same run with Δt halved (same sample times).</summary>
    public static ReferenceRun WellPreparedRefined => WellPreparedHalf.Value;

    /// <summary>The catalogue's manufactured fluid (flagship E2.15 test), sampled at the quantum times; not an Euler solution.</summary>
    public static Trajectory ManufacturedFluidTrajectory => Manufactured.Value;

    /// <summary>Mutant: Lie splitting (full kick, drift, new V) from the same data: first order, 𝓕 drifts like Δt.</summary>
    public static Trajectory LieMutant => Lie.Value;

    /// <summary>The Lie mutant with Δt halved (same sample times).</summary>
    public static Trajectory LieMutantRefined => LieHalf.Value;

    /// <summary>Mutant: the PB solve uses ε = 1 while the trajectory declares ε = 0.1 ("ε dropped").</summary>
    public static Trajectory EpsilonDroppedMutant => EpsilonDropped.Value;

    /// <summary>Mutant: Lie splitting of the SP system.</summary>
    public static Trajectory SchrodingerPoissonLieMutant => LieSp.Value;

    /// <summary>SP (linear Poisson) run from the same ψ₀.</summary>
    public static Trajectory SchrodingerPoissonTrajectory => SchrodingerPoisson.Value;

    /// <summary>ρ ∝ 1 + 0.25 sin2π(x − 0.3t) + 0.1cos(4πx + t), u = 0.3 + 0.2cos(2πx + 0.7t) (catalogue BCY.E2.15).</summary>
    public static Trajectory ManufacturedFluid(Trajectory quantum)
    {
        var grid = quantum.Grid;
        var rho = new List<double[]>();
        var u = new List<double[]>();
        foreach (var t in quantum.Times.ToArray())
        {
            rho.Add(grid.Sample(x => 1 + (0.25 * Math.Sin(2 * Math.PI * (x[0] - (0.3 * t)))) + (0.1 * Math.Cos((4 * Math.PI * x[0]) + t))));
            u.Add(grid.Sample(x => 0.3 + (0.2 * Math.Cos((2 * Math.PI * x[0]) + (0.7 * t)))));
        }

        return new Trajectory(SystemIds.IsothermalEuler, grid, quantum.Times.ToArray(), new PhysicalParameters(0, 0), density: rho, velocity: u, provenance: new Provenance("test", "manufactured (exact)", 0, null));
    }

    /// <summary>A copy of a trajectory with some frames replaced.</summary>
    public static Trajectory With(
        Trajectory q,
        Func<int, Complex[], Complex[]>? psi = null,
        Func<int, double[], double[]>? potential = null,
        Func<double, double>? time = null,
        PhysicalParameters? parameters = null,
        Provenance? provenance = null)
    {
        var psis = Enumerable.Range(0, q.Count).Select(k => psi is null ? q.Psi(k).ToArray() : psi(k, q.Psi(k).ToArray())).ToList();
        var vs = q.HasPotential ? Enumerable.Range(0, q.Count).Select(k => potential is null ? q.Potential(k).ToArray() : potential(k, q.Potential(k).ToArray())).ToList() : null;
        var ts = q.Times.ToArray().Select(t => time is null ? t : time(t)).ToArray();
        return new Trajectory(q.System, q.Grid, ts, parameters ?? q.Parameters, psi: psis, potential: vs, provenance: provenance ?? q.Provenance);
    }

    /// <summary>A fluid copy with its frames resampled at other times (same fields).</summary>
    public static Trajectory Retimed(Trajectory f, double[] times) =>
        new(f.System, f.Grid, times, f.Parameters,
            density: f.HasDensity ? Enumerable.Range(0, f.Count).Select(k => f.Density(k).ToArray()).ToList() : null,
            velocity: f.HasVelocity ? Enumerable.Range(0, f.Count).Select(k => f.Velocity(k).ToArray()).ToList() : null,
            provenance: f.Provenance);

    /// <summary>One-frame quantum and fluid trajectories from given fields.</summary>
    public static (Trajectory Quantum, Trajectory Fluid) Snapshot(PeriodicGrid grid, PhysicalParameters p, Complex[] psi, double[] rho, double[] u, double[]? v = null)
    {
        var q = new Trajectory(SystemIds.SchrodingerPoissonBoltzmann, grid, [0.0], p, psi: [psi], potential: v is null ? null : [v], provenance: new Provenance("test", "snapshot", 0, null));
        var f = new Trajectory(SystemIds.IsothermalEuler, grid, [0.0], new PhysicalParameters(0, 0), density: [rho], velocity: [u], provenance: new Provenance("test", "snapshot", 0, null));
        return (q, f);
    }

    /// <summary>The F11 state ψ = √(1 + δcos2πx)e^{iU/ħ}, U = −cos(2πx)/(2π), with u = sin2πx, ρ = 1.</summary>
    public static (Trajectory Quantum, Trajectory Fluid) F11State(double delta, double hbar, int n = 256)
    {
        var grid = PeriodicGrid.Line(n);
        var psi = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            var x = grid.Coordinate(0, i);
            psi[i] = Math.Sqrt(1 + (delta * Math.Cos(2 * Math.PI * x))) * Complex.FromPolarCoordinates(1, -Math.Cos(2 * Math.PI * x) / (2 * Math.PI) / hbar);
        }

        return Snapshot(grid, new PhysicalParameters(hbar, 0.1), psi, grid.Sample(_ => 1.0), grid.Sample(x => Math.Sin(2 * Math.PI * x[0])));
    }

    private static Trajectory LieSplitting(Trajectory reference, RunSettings s, bool linearPoisson = false)
    {
        // Same data and steps as the reference run, but the whole kick before the drift (first order).
        var grid = reference.Grid;
        var p = reference.Parameters;
        var ops = new SpectralOperators(grid);
        var pb = new PoissonBoltzmannSolver(grid, p.Epsilon);
        var psi = reference.Psi(0).ToArray();
        var v = new double[grid.Count];
        var h = new double[grid.Count];
        void Potential()
        {
            for (var i = 0; i < psi.Length; i++)
            {
                h[i] = (psi[i].Real * psi[i].Real) + (psi[i].Imaginary * psi[i].Imaginary);
            }

            if (linearPoisson)
            {
                LinearPoisson.SolveInto(ops, p.Epsilon, h, v);
            }
            else
            {
                pb.SolveInto(h, v);
            }
        }

        Potential();
        var times = new List<double> { 0 };
        var psis = new List<Complex[]> { (Complex[])psi.Clone() };
        var vs = new List<double[]> { (double[])v.Clone() };
        for (var step = 1; step <= s.Steps; step++)
        {
            for (var i = 0; i < psi.Length; i++)
            {
                psi[i] *= Complex.FromPolarCoordinates(1, -v[i] * s.TimeStep / p.Hbar);
            }

            Fft.Forward(grid, psi);
            for (var i = 0; i < psi.Length; i++)
            {
                psi[i] *= Complex.FromPolarCoordinates(1, -p.Hbar * ops.WavenumberSquared[i] * s.TimeStep / 2);
            }

            Fft.Inverse(grid, psi);
            Potential();
            if (step % s.SampleEvery == 0)
            {
                times.Add(step * s.TimeStep);
                psis.Add((Complex[])psi.Clone());
                vs.Add((double[])v.Clone());
            }
        }

        var system = linearPoisson ? SystemIds.SchrodingerPoisson : SystemIds.SchrodingerPoissonBoltzmann;
        return new Trajectory(system, grid, times, p, psi: psis, potential: vs, provenance: new Provenance("test", "Lie splitting (mutant)", s.TimeStep, 2));
    }

    private static Trajectory EpsilonDroppedRun()
    {
        var reference = WellPrepared.Quantum;
        var wrong = new PhysicalParameters(Parameters.Hbar, 1.0);
        var run = new StrangSplitStep(reference.Grid, wrong, PotentialModel.PoissonBoltzmann).Run(reference.Psi(0), Settings.TimeStep, Settings.Steps, Settings.SampleEvery);
        return With(run.Trajectory, parameters: Parameters);
    }

    private static Trajectory SchrodingerPoissonRun()
    {
        var reference = WellPrepared.Quantum;
        return new StrangSplitStep(reference.Grid, Parameters, PotentialModel.LinearPoisson).Run(reference.Psi(0), Settings.TimeStep, Settings.Steps, Settings.SampleEvery).Trajectory;
    }
}
