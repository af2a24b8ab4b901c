using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>|∫(J − ρ_ħu)·b| ≤ √2‖b‖_∞√𝒦, the sharp constant (errata F23).</summary>
/// <remarks>
/// <para>Statement (errata F23; catalogue BCY.T1.2.s5.current, sharp form): ½Σ_j tr((iħ∂_j+u^j)∨b^jR) =
/// ∫(ρ_ħu − J)·b = Σ_j Re⟨A_jψ, b^jψ⟩, hence |∫(J − ρ_ħu)·b| ≤ ‖b‖_∞√(2𝒦) (‖ψ‖₂ = 1), with equality for a plane
/// wave, u = 0, b = 1 [BCY, L511–521, sharpened].</para>
/// <para>Derived id: <c>BCY.T1.2.s5.current</c> + <c>.sharp</c>. Evaluation, test fields and budget:
/// <see cref="CurrentDefectBoundOracle"/>; on the aligned test field the ratio approaches 1 when Aψ is a real
/// multiple of ψ.</para>
/// </remarks>
[Cites("BCY", "proof of Theorem 1.2, step 5, L511-521, sharp constant (errata F23)")]
public sealed class CurrentDefectHasSharpConstantRootTwo : CurrentDefectBoundOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.T1.2.s5.current.sharp";

    /// <inheritdoc/>
    public override string Title => "|∫(J − ρ_ħu)·b| ≤ √2‖b‖_∞√𝒦 (sharp)";

    /// <inheritdoc/>
    public override string Statement => @"\Big|\int(J-\rho_\hbar u)\cdot b\Big|\le\sqrt2\,\|b\|_\infty\sqrt{\mathcal K}";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), proof of Theorem 1.2, step 5, L511–521; sharp constant per errata F23";

    /// <inheritdoc/>
    private protected override double Constant => Math.Sqrt(2);

    /// <inheritdoc/>
    private protected override string ConstantText => "√2";
}
