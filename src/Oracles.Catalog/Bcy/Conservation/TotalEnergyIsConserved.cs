using Oracles.Catalog.Model;
using Oracles.Core;

namespace Oracles.Catalog.Bcy.Conservation;

/// <summary>The total energy 𝓕_{ε,ħ} of an SPB trajectory is conserved.</summary>
/// <remarks>
/// <para>Statement [BCY, Lemma 2.11, seed 003 L273–307, (2.4), (2.6)–(2.7)]:
/// d𝓕_{ε,ħ}/dt = 0, 𝓕_{ε,ħ} = ½tr(−ħ²ΔR) + (ε/2)∫|∇V|² + ∫Ve^V = ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² + ∫Ve^V, with
/// −εΔV = |ψ|² − e^V.</para>
/// <para>V is read from the trajectory (or solved from |ψ|² when absent). Verdict rules:
/// <see cref="ConservationOracle"/>. With <see cref="OracleContext.Refinements"/> (the same problem, Δt halved)
/// the drift must fall as Δt^p, p = SchemeOrder (2 for Strang), slope ± 0.3. Without refinements the scheme's
/// budget is Δt^p·(max|K^(p)| + T·max|K^(p+1)|) measured on the kinetic-energy series K(t) (needs
/// Provenance.SolverTimeStep and SchemeOrder), else Inconclusive.</para>
/// <para>Notation: 𝓕 ↔ <c>energy</c>, K ↔ <c>kinetic</c>.</para>
/// </remarks>
[Cites("BCY", "Lemma 2.11 L273-307, eqs. (2.4) L247, (2.6)-(2.7)")]
public sealed class TotalEnergyIsConserved : ConservationOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.L2.11.energy-conservation";

    /// <inheritdoc/>
    public override string Title => "The SPB total energy 𝓕 is conserved";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ObservedOrder;

    /// <inheritdoc/>
    public override string Statement =>
        @"\frac{d}{dt}\mathcal F_{\varepsilon,\hbar}=0,\quad \mathcal F_{\varepsilon,\hbar}=\tfrac12\hbar^2\!\int|\nabla\psi|^2+\tfrac\varepsilon2\!\int|\nabla V|^2+\int V e^V,\ -\varepsilon\Delta V=|\psi|^2-e^V";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Lemma 2.11 L273–307, eqs. (2.4) L247, (2.6)–(2.7)";

    /// <inheritdoc/>
    public override string Requirements => "An spb trajectory with ψ (V optional: solved from |ψ|² when absent); Refinements (Δt halved) for the observed-order check, or Provenance.SolverTimeStep and SchemeOrder with ≥ 5 equally spaced samples.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off (evaluation, V noise capped at the PB allowance, accumulation over steps); then either the observed order of the drift under Δt-refinement (p ± 0.3) or the single-run scheme budget Δt^p·(max|K^(p)| + T·max|K^(p+1)|).";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    protected override string QuantityName => "The total energy 𝓕";

    /// <inheritdoc/>
    internal override Measurement? Measure(Trajectory trajectory, out string? reason) =>
        EnergyDriftMeasurement.Measure(trajectory, boltzmann: true, out reason);

    /// <inheritdoc/>
    internal override ToleranceItem? SolverBudget(Trajectory trajectory, Measurement measurement, out string? reason) =>
        EnergyDriftMeasurement.SolverBudget(trajectory, measurement, out reason);
}
