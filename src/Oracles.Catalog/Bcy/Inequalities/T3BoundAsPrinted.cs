using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>The printed bound |𝒯₃| ≤ 4‖∇u‖_∞𝒦 (false, errata F11; expected to fail on its counterexample).</summary>
/// <remarks>
/// <para>Statement as printed [BCY, eq. (2.19), seed 003 L465]: |𝒯₃| ≤ 2‖∇u‖_{L^∞}tr((u^j + iħ∂_j)²R) =
/// 4‖∇u‖_{L^∞}𝒦, 𝒯₃ = −¼Σ_{jk}tr((iħ∂_j+u^j)∨((iħ∂_k+u^k)∨∂_ku^j)R), 𝒦 = ½∫|(iħ∇+u)ψ|².</para>
/// <para>False (F11): 𝒯₃ = −tr(R^{1/2}AΣAR^{1/2}) + (ħ²/4)∫Δdiv u ρ_ħ, and the ħ² term is not controlled by 𝒦.
/// Counterexample: ψ = √(1+δcos2πx)e^{iU/ħ}, U = −cos(2πx)/(2π), u = U' = sin2πx: 𝒦 = O(δ²ħ²) while the ħ² term
/// is O(δħ²); ratio |𝒯₃|/(4‖u'‖𝒦) = 1.59, 4.97, 50.0 at δ = 0.3, 0.1, 0.01. ‖∇u‖_∞ is read generously as the
/// largest Frobenius norm max_x|∇u(x)|_F (≥ the operator norm), so a Fail is not an artefact of the norm.</para>
/// <para>Evaluation and budget: <see cref="T3BoundOracle"/>.</para>
/// </remarks>
[Cites("BCY", "eq. (2.19) L465 as printed (errata F11)")]
public sealed class T3BoundAsPrinted : T3BoundOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E2.19.T3-bound";

    /// <inheritdoc/>
    public override string Title => "|𝒯₃| ≤ 4‖∇u‖_∞𝒦 as printed (false, F11)";

    /// <inheritdoc/>
    public override string Statement => @"|\mathcal T_3|\le 4\|\nabla u\|_{L^\infty}\,\mathcal K,\quad \mathcal T_3=-\tfrac14\sum_{j,k}\operatorname{tr}\big((i\hbar\partial_j+u^j)\vee((i\hbar\partial_k+u^k)\vee\partial_ku^j)R\big)";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (2.19) L465, as printed";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off 8·eps·(1+log₂N)·scale + quarter-band aliasing; ‖∇u‖_∞ = max_x|∇u(x)|_F (the generous reading).";

    /// <inheritdoc/>
    public override Erratum? Erratum { get; } = new(
        "F11",
        "(2.19) drops the ħ² term: 𝒯₃ = −tr(R^{1/2}AΣAR^{1/2}) + (ħ²/4)∫Δdiv u ρ_ħ. On ψ = √(1+δcos2πx)e^{iU/ħ}, u = sin2πx: |𝒯₃|/(4‖u'‖𝒦) = 1.59, 4.97, 50.0 (δ = 0.3, 0.1, 0.01).",
        "BCY.E2.19.T3-bound.corrected");

    /// <inheritdoc/>
    private protected override bool Corrected => false;

    /// <inheritdoc/>
    private protected override string Message(OracleStatus status, double t3, double bound, string where, int samples) =>
        status == OracleStatus.Pass
            ? $"|𝒯₃| ≤ 4‖∇u‖_∞𝒦 holds on these data (worst ratio {Fmt.G(bound > 0 ? t3 / bound : 0)} at {where}); the printed bound is false in general (F11) — its failures need 𝒦 small against ħ²‖Δdiv u‖."
            : $"|𝒯₃| = {Fmt.E(t3)} exceeds 4‖∇u‖_∞𝒦 = {Fmt.E(bound)} at {where} (ratio {Fmt.G(bound > 0 ? t3 / bound : double.PositiveInfinity)}): expected, errata F11 — the printed (2.19) drops (ħ²/4)∫Δdiv u ρ_ħ. Use BCY.E2.19.T3-bound.corrected.";
}
