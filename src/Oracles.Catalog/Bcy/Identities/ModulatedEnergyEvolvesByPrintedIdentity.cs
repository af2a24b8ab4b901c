using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Identities;

/// <summary>
/// The evolution identity (2.15) with the (2.13) term as printed, ∫∂_te^V log(1/ρ) instead of ε∫∂_tΔV log(1/ρ):
/// false (errata F18); expected to Fail on SPB data.
/// </summary>
/// <remarks>
/// <para>Statement as printed [BCY, (2.13) L387 carried into (2.15) L403–431]: the right side of
/// <see cref="ModulatedEnergyEvolvesByCorrectedIdentity"/> with ε∫∂_tΔV log(1/ρ) replaced by ∫∂_te^V log(1/ρ).
/// Since ∂_te^V = ε∂_tΔV + ∂_tρ_ħ (differentiate −εΔV = ρ_ħ − e^V), the printed form exceeds the true one by
/// ∫∂_tρ_ħ log(1/ρ) = −∫J·∇log ρ, which vanishes only when the current is orthogonal to ∇log ρ (e.g. ρ constant).
/// The audit measured a discrepancy of 8e−2 against a true residual of 5e−10.</para>
/// <para>Derived id: <c>BCY.E2.15.exact-evolution</c> + <c>.literal</c>. Same evaluation and budget as the corrected
/// oracle (the differenced field is e^V instead of ΔV); a Fail here is the expected outcome and documents the
/// erratum, a Pass means the data cannot distinguish the two forms (∫J·∇log ρ within the budget).</para>
/// </remarks>
[Cites("BCY", "eq. (2.13) L387 and (2.15) L403-431 as printed (errata F18)")]
public sealed class ModulatedEnergyEvolvesByPrintedIdentity : ModulatedEnergyEvolutionOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E2.15.exact-evolution.literal";

    /// <inheritdoc/>
    public override string Title => "dℰ/dt equals the right side of (2.15) with the printed (2.13) term (expected to fail, F18)";

    /// <inheritdoc/>
    public override string Statement =>
        @"\text{(2.15) with } \varepsilon\!\int\partial_t\Delta V\log\tfrac1\rho \text{ replaced by } \int\partial_t e^{V}\log\tfrac1\rho";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (2.13) L387, (2.15) L403–431, as printed";

    /// <inheritdoc/>
    public override Erratum? Erratum { get; } = new(
        "F18",
        "(2.13) prints ∫∂_te^V log(1/ρ) where ε∫∂_tΔV log(1/ρ) is meant (∂_te^V = ε∂_tΔV + ∂_tρ_ħ was already split), so (2.15) as printed is off by −∫J·∇log ρ; audit: residual 8e−2 printed vs 5e−10 corrected (ε = 0.07, ħ = 0.12).",
        "BCY.E2.15.exact-evolution");

    /// <inheritdoc/>
    private protected override bool Literal => true;

    /// <inheritdoc/>
    private protected override string FailMessage(double residual, string where, ToleranceBudget budget, double literalGap) =>
        $"As printed, (2.15) misses dℰ/dt by {Fmt.E(residual)} at {where} (budget {budget}): expected, errata F18 — the printed (2.13) term ∫∂_te^V log(1/ρ) double counts ∂_tρ_ħ. Use BCY.E2.15.exact-evolution for the corrected identity.";
}
