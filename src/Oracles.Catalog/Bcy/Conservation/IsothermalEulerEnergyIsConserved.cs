using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Spectral;

namespace Oracles.Catalog.Bcy.Conservation;

/// <summary>
/// The isothermal Euler energy ∫(½ρ|u|² + ρ log ρ) is conserved along the fluid trajectory (smooth solutions).
/// </summary>
/// <remarks>
/// <para>Statement [BCY, eq. (1.5) L55 and its log form (2.2) L189]: for a smooth solution of
/// ∂_tρ + div(ρu) = 0, ∂_t(ρu) + div(ρu⊗u) + ∇ρ = 0 on T^d,
/// d/dt ∫(½ρ|u|² + ρ log ρ) dx = 0 (catalogue BCY.E1.5.isothermal-euler: "conserved mass, momentum, energy
/// ∫(½ρ|u|² + ρ log ρ) (derived; exact for smooth solutions)"). Derived id: catalogue id + <c>.energy-conservation</c>.</para>
/// <para>Why it exists: it is the only oracle that checks that the fluid (ρ, u) solves Euler at all — every other oracle
/// that reads the fluid (the (2.15) identity, CKP, the entropy, current and 𝒯₃ bounds) holds for any smooth (ρ, u). The
/// mutant suite found three Euler bugs no other oracle sees: a missing pressure term (drift 4e-3), −∇ρ in place of
/// −∇log ρ in (2.2) (drift 1.5e-5) and a forward-Euler step declared as RK4 (drift of order 1 in Δt).</para>
/// <para>Budget (the machinery of <see cref="ConservationOracle"/>): round-off of the evaluation and of the solver's steps;
/// then, with Refinements, the drift must fall at the declared order p ± 0.3; without, the single-run scheme budget
/// Δt^p·(max|K^(p)| + T·max|K^(p+1)|) with K = ∫½ρ|u|² measured on the samples; plus a resolution item,
/// E-scale × the largest tail fraction of log ρ and u (the relative weight of the modes beyond the 2/3 band: a
/// de-aliased spectral scheme conserves the energy up to what it discards there). Notation: ρ ↔ <c>rho</c>,
/// u ↔ <c>u</c>.</para>
/// </remarks>
[Cites("BCY", "eq. (1.5) L55; log form (2.2) L189")]
public sealed class IsothermalEulerEnergyIsConserved : ConservationOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E1.5.isothermal-euler.energy-conservation";

    /// <inheritdoc/>
    public override string Title => "The Euler energy ∫(½ρ|u|² + ρ log ρ) is conserved along the fluid trajectory";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.Identity;

    /// <inheritdoc/>
    public override string Statement => @"\frac{d}{dt}\int_{\mathbb T^d}\Big(\tfrac12\rho|u|^2+\rho\log\rho\Big)dx=0";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (1.5) L55 and (2.2) L189 (energy: catalogue BCY.E1.5, derived)";

    /// <inheritdoc/>
    public override string Requirements => "A fluid trajectory (system isothermal-euler) with ρ > 0 and u frames — on its own or as the fluid companion (--fluid); Provenance.SolverTimeStep and SchemeOrder for the single-run budget, or Refinements (Δt halved) for the observed-order check.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off (evaluation, accumulation over the solver's steps) and a resolution item (E-scale × tail fraction beyond the 2/3 band); then the observed order of the drift under Δt-refinement (p ± 0.3) or the single-run scheme budget Δt^p·(max|K^(p)| + T·max|K^(p+1)|), K = ∫½ρ|u|².";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.IsothermalEuler];

    /// <inheritdoc/>
    protected override string QuantityName => "The Euler energy ∫(½ρ|u|² + ρ log ρ)";

    /// <inheritdoc/>
    protected override string FailureAdvice =>
        "Check the momentum equation of (2.2): ∂_tu = −(u·∇)u − ∇log ρ (pressure p = ρ, sound speed 1), and the time stepper's order (a first-order step makes the drift fall only linearly in Δt).";

    /// <inheritdoc/>
    internal override string? MissingInput(OracleContext context)
    {
        var f = context.Fluid;
        if (f is null)
        {
            return $"{Id} judges a fluid trajectory (ρ, u); the context has none (CLI: pass an isothermal-euler file, or --fluid FILE).";
        }

        if (!string.Equals(f.System, SystemIds.IsothermalEuler, StringComparison.Ordinal))
        {
            return $"{Id} judges isothermal-euler trajectories; the fluid is '{f.System}'.";
        }

        return f.HasDensity && f.HasVelocity ? null : $"{Id} needs both 'rho' and 'u' frames in the fluid trajectory.";
    }

    /// <inheritdoc/>
    internal override Trajectory Subject(OracleContext context) => context.Fluid!;

    /// <inheritdoc/>
    internal override Measurement? Measure(Trajectory trajectory, out string? reason)
    {
        var grid = trajectory.Grid;
        var n = grid.Count;
        var d = grid.Dimension;
        var ops = new SpectralOperators(grid);
        var energy = new double[trajectory.Count];
        var kinetic = new double[trajectory.Count];
        var shared = SharedFrames.Of(trajectory);
        double scale = 0, tail = 0;
        for (var k = 0; k < trajectory.Count; k++)
        {
            var rho = trajectory.Density(k);
            var u = trajectory.Velocity(k);
            for (var i = 0; i < n; i++)
            {
                if (rho[i] <= 0)
                {
                    reason = $"ρ must be > 0 (its logarithm is taken); ρ = {Fmt.G(rho[i])} at t = {Fmt.G(trajectory.Times[k])}.";
                    return null;
                }
            }

            var logRho = shared.LogRho(k);
            double kin = 0, ent = 0, abs = 0;
            for (var i = 0; i < n; i++)
            {
                var u2 = 0.0;
                for (var a = 0; a < d; a++)
                {
                    u2 += u[(a * n) + i] * u[(a * n) + i];
                }

                kin += 0.5 * rho[i] * u2;
                ent += rho[i] * logRho[i];
                abs += (0.5 * rho[i] * u2) + Math.Abs(rho[i] * logRho[i]) + rho[i];
            }

            kinetic[k] = kin * grid.CellVolume;
            energy[k] = (kin + ent) * grid.CellVolume;
            scale = Math.Max(scale, abs * grid.CellVolume);
            tail = Math.Max(tail, ops.TailFraction(logRho));
            for (var a = 0; a < d; a++)
            {
                tail = Math.Max(tail, ops.TailFraction(u.Slice(a * n, n)));
            }
        }

        var (drift, where) = DriftOf(energy, trajectory.Times, null);
        var steps = Inputs.Steps(trajectory);
        var stepCount = steps ?? Math.Max(1, trajectory.Count - 1);
        var budget = ToleranceBudget.None
            .With(ToleranceSource.RoundOff, 2 * RoundOff.Spectral(scale, n), "evaluation: 8·eps·(1+log₂N)·∫(½ρ|u|² + |ρ log ρ| + ρ) for each of E(t_n), E(t_0)")
            .With(
                ToleranceSource.RoundOff,
                stepCount * RoundOff.Spectral(scale, n),
                steps is null
                    ? $"accumulated: 8·eps·(1+log₂N)·E-scale per step × {Fmt.I(trajectory.Count - 1)} sample intervals (solver step unknown)"
                    : $"accumulated: 8·eps·(1+log₂N)·E-scale per step × {Fmt.G(stepCount)} solver steps")
            .With(ToleranceSource.Discretization, scale * tail, $"resolution: E-scale {Fmt.E(scale)} × largest tail fraction {Fmt.E(tail)} of log ρ, u beyond the 2/3 band");
        reason = null;
        return new Measurement(energy, drift, where, budget) { Auxiliary = kinetic };
    }

    /// <inheritdoc/>
    internal override ToleranceItem? SolverBudget(Trajectory trajectory, Measurement measurement, out string? reason) =>
        EnergyDriftMeasurement.SolverBudget(trajectory, measurement, "K = ∫½ρ|u|²", out reason);
}
