using Oracles.Catalog.Model;
using Oracles.Core;

namespace Oracles.Catalog.Bcy.Conservation;

/// <summary>The Schrödinger–Poisson energy ½ħ²‖∇ψ‖² + (ε/2)‖∇V‖² of an SP trajectory is conserved.</summary>
/// <remarks>
/// <para>Statement (derived; catalogue BCY.E1.2.sp, [BCY, eq. (1.2), seed 003 L33]): for iħ∂_tψ = −(ħ²/2)Δψ + Vψ,
/// −εΔV = |ψ|² − 1, the energy E_SP = ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² satisfies dE_SP/dt = 0 (the computation of
/// [BCY, (2.6)–(2.7)] with e^V replaced by 1: ½d/dt ħ²∫|∇ψ|² = −∫∇V·J = −∫V∂_t|ψ|² = −ε∫V∂_tΔV·(−1)… =
/// −(ε/2)d/dt∫|∇V|², using ∂_t|ψ|² = −div J and −ε∂_tΔV = ∂_t|ψ|²).</para>
/// <para>Derived id: catalogue id <c>BCY.E1.2.sp</c> + <c>.energy-conservation</c>. V is read from the trajectory
/// (or solved, mean-zero, from |ψ|² when absent). Verdict rules and budgets as <see cref="TotalEnergyIsConserved"/>,
/// without the PB noise term (the linear Poisson solve is direct).</para>
/// </remarks>
[Cites("BCY", "eq. (1.2) L33 (SP system); energy identity as Lemma 2.11 L273-307 with e^V replaced by 1")]
public sealed class SchrodingerPoissonEnergyIsConserved : ConservationOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E1.2.sp.energy-conservation";

    /// <inheritdoc/>
    public override string Title => "The Schrödinger–Poisson energy is conserved";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ObservedOrder;

    /// <inheritdoc/>
    public override string Statement =>
        @"\frac{d}{dt}\Big(\tfrac12\hbar^2\!\int|\nabla\psi|^2+\tfrac\varepsilon2\!\int|\nabla V|^2\Big)=0,\quad -\varepsilon\Delta V=|\psi|^2-1";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (1.2) L33; derived as Lemma 2.11 L273–307";

    /// <inheritdoc/>
    public override string Requirements => "An sp trajectory with ψ (V optional); Refinements (Δt halved) or Provenance.SolverTimeStep and SchemeOrder with ≥ 5 equally spaced samples.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off (evaluation, accumulation over steps); then the observed order under Δt-refinement (p ± 0.3) or the single-run scheme budget Δt^p·(max|K^(p)| + T·max|K^(p+1)|).";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoisson];

    /// <inheritdoc/>
    protected override string QuantityName => "The Schrödinger–Poisson energy";

    /// <inheritdoc/>
    internal override Measurement? Measure(Trajectory trajectory, out string? reason) =>
        EnergyDriftMeasurement.Measure(trajectory, boltzmann: false, out reason);

    /// <inheritdoc/>
    internal override ToleranceItem? SolverBudget(Trajectory trajectory, Measurement measurement, out string? reason) =>
        EnergyDriftMeasurement.SolverBudget(trajectory, measurement, out reason);
}
