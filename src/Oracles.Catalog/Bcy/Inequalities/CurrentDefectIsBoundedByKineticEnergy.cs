using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>|∫(J − ρ_ħu)·b| ≤ 2‖b‖_∞√𝒦 as printed (true; not sharp).</summary>
/// <remarks>
/// <para>Statement [BCY, proof of Theorem 1.2 step 5, seed 003 L511–521]:
/// |∫(J − ρ_ħu)·b| = |½Σ_j tr((iħ∂_j + u^j)∨b^jR)| ≤ 2‖b‖_∞√𝒦 for Lipschitz b.</para>
/// <para>Evaluation, test fields and budget: <see cref="CurrentDefectBoundOracle"/>. The sharp constant is √2
/// (<see cref="CurrentDefectHasSharpConstantRootTwo"/>, errata F23).</para>
/// </remarks>
[Cites("BCY", "proof of Theorem 1.2, step 5, L511-521")]
public sealed class CurrentDefectIsBoundedByKineticEnergy : CurrentDefectBoundOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.T1.2.s5.current";

    /// <inheritdoc/>
    public override string Title => "|∫(J − ρ_ħu)·b| ≤ 2‖b‖_∞√𝒦";

    /// <inheritdoc/>
    public override string Statement => @"\Big|\int(J-\rho_\hbar u)\cdot b\Big|=\Big|\tfrac12\sum_j\operatorname{tr}\big((i\hbar\partial_j+u^j)\vee b^jR\big)\Big|\le2\|b\|_\infty\sqrt{\mathcal K}";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), proof of Theorem 1.2, step 5, L511–521";

    /// <inheritdoc/>
    private protected override double Constant => 2;

    /// <inheritdoc/>
    private protected override string ConstantText => "2";
}
