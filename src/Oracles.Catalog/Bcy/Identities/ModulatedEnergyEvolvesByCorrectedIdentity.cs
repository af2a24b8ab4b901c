using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Identities;

/// <summary>The modulated energy ℰ of an SPB trajectory evolves by the corrected identity (2.15), for any smooth (ρ, u).</summary>
/// <remarks>
/// <para>Statement [BCY, eq. (2.15), seed 003 L403–431, with (2.13) L387 and the inner index corrected per errata F18]:
/// dℰ/dt = −∫e^V(∂_t log ρ + div u + u·∇log ρ) + ∫∂_tρ + ½Σ_j tr((iħ∂_j+u^j)∨(∂_tu^j + (u·∇u)^j + ∂_j log ρ)R)
/// + ε∫ΔV u·∇log ρ + ε∫∂_tΔV log(1/ρ) − ¼Σ_{j,k}tr((iħ∂_j+u^j)∨((iħ∂_k+u^k)∨∂_ku^j)R) + ε∫Du:(∇V⊗∇V)
/// − (ε/2)∫|∇V|² div u, with ℰ = ½∫|(iħ∇+u)ψ|² + (ε/2)∫|∇V|² + ∫(e^V log(e^V/ρ) − e^V + ρ) (1.6).</para>
/// <para>Only SPB and PB are used in the derivation, so (ρ, u) need not solve Euler: any smooth positive ρ and any
/// smooth u (manufactured or an Euler solution) make a valid test. Evaluation and budget:
/// <see cref="ModulatedEnergyEvolutionOracle"/>. This is the flagship check: ε enters through three terms, ħ through
/// 𝒦 and 𝒯₃, so a wrong ε in the PB solve, a wrong ħ scaling or a stale V all break it.</para>
/// </remarks>
[Cites("BCY", "eq. (2.15) L403-431 with (2.13) L387 corrected (errata F18); (1.6) L59-63")]
public sealed class ModulatedEnergyEvolvesByCorrectedIdentity : ModulatedEnergyEvolutionOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E2.15.exact-evolution";

    /// <inheritdoc/>
    public override string Title => "dℰ/dt equals the corrected right side of (2.15) for any smooth (ρ, u)";

    /// <inheritdoc/>
    public override string Statement =>
        @"\frac{d\mathcal E}{dt}=-\!\int e^V(\partial_t\log\rho+\operatorname{div}u+u\cdot\nabla\log\rho)+\!\int\partial_t\rho+\tfrac12\sum_j\operatorname{tr}\big((i\hbar\partial_j+u^j)\vee(\partial_tu^j+(u\cdot\nabla u)^j+\partial_j\log\rho)R\big)+\varepsilon\!\int\Delta V\,u\cdot\nabla\log\rho+\varepsilon\!\int\partial_t\Delta V\log\tfrac1\rho-\tfrac14\sum_{j,k}\operatorname{tr}\big((i\hbar\partial_j+u^j)\vee((i\hbar\partial_k+u^k)\vee\partial_ku^j)R\big)+\varepsilon\!\int Du:(\nabla V\otimes\nabla V)-\tfrac\varepsilon2\!\int|\nabla V|^2\operatorname{div}u";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (2.15) L403–431, (2.13) L387 as corrected by errata F18";

    /// <inheritdoc/>
    private protected override bool Literal => false;

    /// <inheritdoc/>
    private protected override string FailMessage(double residual, string where, ToleranceBudget budget, double literalGap) =>
        $"|dℰ/dt − RHS(2.15)| = {Fmt.E(residual)} at {where} exceeds its budget {budget}. The identity holds for any smooth (ρ, u), so the quantum trajectory is inconsistent with SPB: check ε in the PB solve (it enters ε∫∂_tΔV log(1/ρ), ε∫ΔV u·∇log ρ and 𝒱), the ħ scaling of the kinetic step, a stale V in a half kick, and the sample time stamps; run BCY.E1.1.spb.pb-residual and BCY.L2.10.continuity to localise.";
}
