using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>The corrected bound |𝒯₃| ≤ 2‖Σ‖_op𝒦 + (ħ²/4)‖Δdiv u‖_∞, with the exact closed form of 𝒯₃.</summary>
/// <remarks>
/// <para>Statement (errata F11, audit derivation; catalogue BCY.E2.16/E2.19): with A_j = iħ∂_j + u^j and
/// Σ_jk = ½(∂_ku^j + ∂_ju^k), Σ_{jk}A_j∨(A_k∨∂_ku^j) = 4Σ_{jk}A_jΣ_jkA_k − ħ²Δdiv u, hence
/// 𝒯₃ = −Σ_{jk}⟨A_jψ, Σ_jkA_kψ⟩ + (ħ²/4)∫Δdiv u |ψ|² (1-D: −∫u'|(iħ∂+u)ψ|² + (ħ²/4)∫u'''|ψ|²) and
/// |𝒯₃| ≤ 2‖Σ‖_{L^∞(op)}𝒦 + (ħ²/4)‖Δdiv u‖_{L^∞}‖ψ‖₂² (‖ψ‖₂ = 1 in BCY) [BCY, eq. (2.19) L465 corrected].</para>
/// <para>Two checks per sample, both must hold: (a) the bound; (b) the closed form equals the operator form
/// (<see cref="Infrastructure.FieldWorkspace.T3Operator"/>, computed independently from products and spectral
/// derivatives) within the same round-off/aliasing budget. Evaluation and budget: <see cref="T3BoundOracle"/>.</para>
/// </remarks>
[Cites("BCY", "eq. (2.19) L465 corrected per errata F11; (2.16) L433-439")]
public sealed class T3BoundWithHbarSquaredTerm : T3BoundOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E2.19.T3-bound.corrected";

    /// <inheritdoc/>
    public override string Title => "|𝒯₃| ≤ 2‖Σ‖_op𝒦 + (ħ²/4)‖Δdiv u‖_∞ and the closed form of 𝒯₃";

    /// <inheritdoc/>
    public override string Statement => @"\mathcal T_3=-\sum_{j,k}\langle A_j\psi,\Sigma_{jk}A_k\psi\rangle+\tfrac{\hbar^2}4\int\Delta\operatorname{div}u\,|\psi|^2,\qquad |\mathcal T_3|\le2\|\Sigma\|_{L^\infty(\mathrm{op})}\mathcal K+\tfrac{\hbar^2}4\|\Delta\operatorname{div}u\|_{L^\infty}";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (2.19) L465 corrected per errata F11 (audit derivation), (2.16) L433–439";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off 8·eps·(1+log₂N)·scale + quarter-band aliasing, for the bound and for the closed-form identity.";

    /// <inheritdoc/>
    private protected override bool Corrected => true;

    /// <inheritdoc/>
    private protected override string Message(OracleStatus status, double t3, double bound, string where, int samples) =>
        status == OracleStatus.Pass
            ? $"|𝒯₃| ≤ 2‖Σ‖𝒦 + (ħ²/4)‖Δdiv u‖_∞ and the closed form of 𝒯₃ hold at all {Fmt.I(samples)} samples; worst ratio {Fmt.G(bound > 0 ? t3 / bound : 0)} at {where}."
            : $"|𝒯₃| = {Fmt.E(t3)} exceeds the corrected bound {Fmt.E(bound)} at {where}: impossible for consistent fields (the bound follows from the exact closed form); check that u is the velocity sampled at the same times and that 𝒦 is evaluated with the same ħ.";
}
