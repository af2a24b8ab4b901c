using System.Numerics;
using BenchmarkDotNet.Attributes;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Solvers.SplitStep;

namespace Oracles.Benchmarks;

/// <summary>
/// One Strang split-step of the 3-D Schrödinger–Poisson(–Boltzmann) reference solver (<see cref="StrangSplitStep"/>):
/// two half kicks, a complex FFT pair for the kinetic drift, and the potential solve (linear Poisson: one real FFT pair;
/// Poisson–Boltzmann: warm-started Newton with spectral CG). Targets of issue 3 at 128³: ≥ 30 steps/s with FFTW,
/// ≥ 15 with the managed backend, 0 bytes allocated per step.
/// </summary>
/// <remarks>
/// Data: ψ = √ρ e^{iS/ħ} on [0, 2π)³ with ρ = 1 + 0.3 cos x cos y cos z and S = 0.2 (sin x + sin 2y + cos z), smooth and
/// well resolved at 64³; ħ = 0.1, ε = 1, Δt = 10⁻³ (a few steps are taken in setup so Newton is in its warm regime).
/// </remarks>
[MemoryDiagnoser]
[Config(typeof(BackendJobsConfig))]
public class StrangStepBenchmarks
{
    private StrangSplitStep solver = null!;
    // ψ and V in 64-byte-aligned buffers (as the issue asks of callers): Advance then runs in place, FFTW on aligned plans.
    private AlignedBuffer<Complex> psi = new(0);
    private AlignedBuffer<double> v = new(0);

    /// <summary>Points per axis.</summary>
    [Params(64, 128)]
    public int N { get; set; } = 64;

    /// <summary>Poisson–Boltzmann (SPB) or linear Poisson (SP).</summary>
    [Params(PotentialModel.LinearPoisson, PotentialModel.PoissonBoltzmann)]
    public PotentialModel Model { get; set; } = PotentialModel.LinearPoisson;

    /// <summary>Builds the solver and the data, takes a few warm-up steps.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var grid = new PeriodicGrid([N, N, N], 2 * Math.PI);
        const double hbar = 0.1;
        solver = new StrangSplitStep(grid, new PhysicalParameters(hbar, 1.0), Model);
        psi = new AlignedBuffer<Complex>(grid.Count);
        InitialData(grid, hbar).CopyTo(psi.Span);
        v = new AlignedBuffer<double>(grid.Count);
        solver.InitialPotential(psi.Span, v.Span);
        for (var k = 0; k < 3; k++)
        {
            Step();
        }
    }

    /// <summary>The last Poisson–Boltzmann report (null for the linear model).</summary>
    public Oracles.Systems.PoissonBoltzmann.PoissonBoltzmannReport? LastPotentialReport => solver.LastPotentialReport;

    /// <summary>One step on its own (two half kicks).</summary>
    [Benchmark]
    public void Step() => solver.Step(psi.Span, v.Span, 1e-3);

    /// <summary>Steps inside a run: <see cref="StepsPerRun"/> steps with fused junction kicks, as <see cref="StrangSplitStep.Run"/> takes them between frames.</summary>
    [Benchmark(OperationsPerInvoke = StepsPerRun)]
    public void StepInRun() => solver.Advance(psi.Span, v.Span, 1e-3, StepsPerRun);

    /// <summary>Steps per <see cref="StepInRun"/> invocation.</summary>
    public const int StepsPerRun = 10;

    /// <summary>The benchmark's ψ₀ (also used by the quick <c>strang</c> mode of <see cref="Program"/>).</summary>
    /// <param name="grid">A 3-D grid on [0, 2π)³.</param>
    /// <param name="hbar">ħ.</param>
    /// <returns>ψ₀.</returns>
    public static Complex[] InitialData(PeriodicGrid grid, double hbar)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var n = grid.Shape[0];
        var psi = new Complex[grid.Count];
        var h = 2 * Math.PI / n;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                for (var k = 0; k < n; k++)
                {
                    var (x, y, z) = (i * h, j * h, k * h);
                    var rho = 1 + (0.3 * Math.Cos(x) * Math.Cos(y) * Math.Cos(z));
                    var phase = 0.2 * (Math.Sin(x) + Math.Sin(2 * y) + Math.Cos(z)) / hbar;
                    psi[(((i * n) + j) * n) + k] = Complex.FromPolarCoordinates(Math.Sqrt(rho), phase);
                }
            }
        }

        return psi;
    }
}
