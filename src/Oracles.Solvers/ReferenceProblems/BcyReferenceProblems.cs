using System.Globalization;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Solvers.Euler;
using Oracles.Solvers.SplitStep;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Solvers.ReferenceProblems;

/// <summary>Resolution and time stepping of a reference run.</summary>
/// <param name="N">Grid points (per axis).</param>
/// <param name="TimeStep">Solver time step Δt.</param>
/// <param name="Steps">Number of steps.</param>
/// <param name="SampleEvery">Steps between saved frames.</param>
public sealed record RunSettings(int N, double TimeStep, int Steps, int SampleEvery)
{
    /// <summary>The same run with Δt halved and twice the steps, sampled at the same times.</summary>
    /// <returns>The refined settings.</returns>
    public RunSettings HalveTimeStep() => new(N, TimeStep / 2, Steps * 2, SampleEvery * 2);

    /// <summary>Final time Steps·Δt.</summary>
    public double FinalTime => Steps * TimeStep;
}

/// <summary>A quantum run and its isothermal-Euler reference on the same grid and sample times.</summary>
/// <param name="Name">A short name.</param>
/// <param name="Quantum">The SPB trajectory (ψ, V).</param>
/// <param name="Fluid">The isothermal Euler trajectory (ρ, u) from the same initial (ρ₀, u₀), when the system has one.</param>
/// <param name="FluidStatus">Whether the Euler solution stayed smooth (Success when there is no fluid run).</param>
public sealed record ReferenceRun(string Name, Trajectory Quantum, Trajectory? Fluid, SolverStatus FluidStatus);

/// <summary>
/// The reference problems of BCY (seed 003) that the demo, the snapshots and the tests run: well-prepared data of
/// [BCY, Lemma 4.1] and the data of the F11 counterexample to [BCY, Thm 1.2] (catalogue §I.1, errata-audit F11).
/// </summary>
public static class BcyReferenceProblems
{
    /// <summary>
    /// SPB on T¹ from the well-prepared data of [BCY, Lemma 4.1, eq. (4.1)]: ρ₀ = 1 + 0.1 cos 2πx,
    /// U₀ = 0.2 sin(2πx)/(2π) (u₀ = U₀' = 0.2 cos 2πx), ψ^in = √(e^{V₀} − εΔV₀) e^{iU₀/ħ}, V₀ = log ρ₀ (catalogue §V.9),
    /// with the isothermal Euler solution (BCY (1.5)) from (ρ₀, u₀) alongside.
    /// </summary>
    /// <param name="parameters">ε and ħ.</param>
    /// <param name="settings">Resolution and steps.</param>
    /// <returns>The run.</returns>
    public static ReferenceRun WellPrepared1D(PhysicalParameters parameters, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(settings);
        var grid = PeriodicGrid.Line(settings.N);
        var ops = new SpectralOperators(grid);
        var rho0 = grid.Sample(x => 1 + (0.1 * Math.Cos(2 * Math.PI * x[0])));
        var phase = grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI));
        var data = WellPreparedData.Lemma41(parameters, ops, rho0, phase);
        return Run($"well-prepared (Lemma 4.1), {Describe(parameters, settings)}", grid, parameters, settings, data.Psi, rho0, data.Velocity);
    }

    /// <summary>
    /// The data of the F11 counterexample to the printed [BCY, Thm 1.2] (errata-audit F11): ρ₀ = 1, u₀ = sin 2πx,
    /// ψ^in = e^{iU₀/ħ} with U₀ = −cos(2πx)/(2π). Then V(0) = 0, m(0) = 1 and ℰ(0) = 0 exactly, while ℰ(T) stays
    /// ≈ ħ²-sized as ε → 0.
    /// </summary>
    /// <param name="parameters">ε and ħ.</param>
    /// <param name="settings">Resolution and steps.</param>
    /// <returns>The run.</returns>
    public static ReferenceRun F11Counterexample1D(PhysicalParameters parameters, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(settings);
        var grid = PeriodicGrid.Line(settings.N);
        var hbar = Guard.PositiveFinite(parameters.Hbar);
        var psi = new System.Numerics.Complex[grid.Count];
        for (var j = 0; j < grid.Count; j++)
        {
            var u0 = -Math.Cos(2 * Math.PI * grid.Coordinate(0, j)) / (2 * Math.PI);
            psi[j] = System.Numerics.Complex.FromPolarCoordinates(1.0, u0 / hbar);
        }

        var rho0 = grid.Sample(_ => 1.0);
        var velocity = grid.Sample(x => Math.Sin(2 * Math.PI * x[0]));
        return Run($"F11 counterexample, {Describe(parameters, settings)}", grid, parameters, settings, psi, rho0, velocity);
    }

    /// <summary>
    /// The data of the F11 counterexample to the printed 𝒯₃ bound [BCY, eq. (2.19)] (catalogue §I F11, §V.5):
    /// ψ^in = √(1 + δ cos 2πx) e^{iU/ħ}, U = −cos(2πx)/(2π), with the fluid started from ρ₀ = 1 + δ cos 2πx,
    /// u₀ = U′ = sin 2πx. Then 𝒦(0) = ½ħ²‖∂√(1+δcos)‖² = O(δ²ħ²) while |𝒯₃| ≈ (ħ²/4)|∫u‴ρ| = O(δħ²), so the printed
    /// |𝒯₃| ≤ 4‖u′‖_∞𝒦 fails by a factor ≈ 5 at δ = 0.1.
    /// </summary>
    /// <param name="parameters">ε and ħ.</param>
    /// <param name="delta">The density modulation δ ∈ (0, 1).</param>
    /// <param name="settings">Resolution and steps.</param>
    /// <returns>The run.</returns>
    public static ReferenceRun T3Counterexample1D(PhysicalParameters parameters, double delta, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(settings);
        Guard.PositiveFinite(delta);
        if (delta >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must lie in (0, 1) so that 1 + delta cos 2 pi x > 0.");
        }

        var grid = PeriodicGrid.Line(settings.N);
        var hbar = Guard.PositiveFinite(parameters.Hbar);
        var psi = new System.Numerics.Complex[grid.Count];
        for (var j = 0; j < grid.Count; j++)
        {
            var x = grid.Coordinate(0, j);
            var phase = -Math.Cos(2 * Math.PI * x) / (2 * Math.PI);
            psi[j] = System.Numerics.Complex.FromPolarCoordinates(Math.Sqrt(1 + (delta * Math.Cos(2 * Math.PI * x))), phase / hbar);
        }

        var rho0 = grid.Sample(x => 1 + (delta * Math.Cos(2 * Math.PI * x[0])));
        var velocity = grid.Sample(x => Math.Sin(2 * Math.PI * x[0]));
        return Run($"T3 counterexample (delta={delta.ToString("R", CultureInfo.InvariantCulture)}), {Describe(parameters, settings)}", grid, parameters, settings, psi, rho0, velocity);
    }

    /// <summary>
    /// Schrödinger–Poisson [BCY, eq. (1.2)] on T¹ from the same initial wave function as <see cref="WellPrepared1D"/>
    /// (the Lemma 4.1 ψ^in), with linear Poisson −εΔV = |ψ|² − 1. No fluid run: the quasi-neutral limit of SP is not
    /// isothermal Euler.
    /// </summary>
    /// <param name="parameters">ε and ħ.</param>
    /// <param name="settings">Resolution and steps.</param>
    /// <returns>The run.</returns>
    public static ReferenceRun SchrodingerPoisson1D(PhysicalParameters parameters, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(settings);
        var grid = PeriodicGrid.Line(settings.N);
        var ops = new SpectralOperators(grid);
        var rho0 = grid.Sample(x => 1 + (0.1 * Math.Cos(2 * Math.PI * x[0])));
        var phase = grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI));
        var data = WellPreparedData.Lemma41(parameters, ops, rho0, phase);
        var sp = new StrangSplitStep(grid, parameters, PotentialModel.LinearPoisson);
        var run = sp.Run(data.Psi, settings.TimeStep, settings.Steps, settings.SampleEvery);
        if (run.Status != SolverStatus.Success)
        {
            throw new SolverFailedException(run.Status, $"SP run ended with {run.Status}: {run.Message}");
        }

        return new ReferenceRun($"Schrodinger-Poisson from Lemma 4.1 psi, {Describe(parameters, settings)}", run.Trajectory, null, SolverStatus.Success);
    }

    private static ReferenceRun Run(
        string name,
        PeriodicGrid grid,
        PhysicalParameters parameters,
        RunSettings settings,
        ReadOnlySpan<System.Numerics.Complex> psi0,
        double[] rho0,
        double[] u0)
    {
        var spb = new StrangSplitStep(grid, parameters, PotentialModel.PoissonBoltzmann);
        var quantum = spb.Run(psi0, settings.TimeStep, settings.Steps, settings.SampleEvery);
        if (quantum.Status != SolverStatus.Success)
        {
            throw new SolverFailedException(quantum.Status, $"{name}: SPB run ended with {quantum.Status}: {quantum.Message}");
        }

        var euler = new IsothermalEulerSolver(grid);
        var fluid = euler.Run(rho0, u0, settings.TimeStep, settings.Steps, settings.SampleEvery);
        return new ReferenceRun(name, quantum.Trajectory, fluid.Trajectory, fluid.Status);
    }

    private static string Describe(PhysicalParameters p, RunSettings s) => string.Create(
        CultureInfo.InvariantCulture,
        $"eps={p.Epsilon:R}, hbar={p.Hbar:R}, n={s.N}, dt={s.TimeStep:R}, T={s.FinalTime:R}");
}
