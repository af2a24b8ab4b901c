using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Convergence;

/// <summary>The stability estimate ℰ(t) ≤ e^{Ct}(ℰ(0) + √ε) of Theorem 1.2 as printed (false, errata F11 / audit §I.1).</summary>
/// <remarks>
/// <para>Statement as printed [BCY, Theorem 1.2, seed 003 L67–81, and the Grönwall step L473–477]:
/// ℰ_{ε,ħ}(t) ≤ e^{Ct}(ℰ_{ε,ħ}(0) + √ε) with C independent of ε, ħ.</para>
/// <para>False (catalogue §I.1 item 1, errata-audit F11): with ρ₀ = 1, u₀ = sin2πx, ψ^in = e^{iU₀/ħ},
/// U₀ = −cos(2πx)/(2π) (ℰ(0) = 0 exactly), ħ = 0.1, T = 0.06, ℰ(T) → 4.64e−3 as ε → 0 while √ε → 0, so the
/// constant needed, log(ℰ(T)/√ε)/T, grows without bound. Evaluation and verdict rules:
/// <see cref="GronwallBoundOracle"/>; on such a ladder the expected verdict is Fail.</para>
/// </remarks>
[Cites("BCY", "Theorem 1.2 L67-81 and Gronwall step L473-477, as printed (errata F11, catalogue I.1 item 1)")]
public sealed class GronwallBoundHoldsAsPrinted : GronwallBoundOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.T1.2.gronwall";

    /// <inheritdoc/>
    public override string Title => "ℰ(t) ≤ e^{Ct}(ℰ(0) + √ε) with C independent of ε (as printed; false, F11)";

    /// <inheritdoc/>
    public override string Statement => @"\mathcal E_{\varepsilon,\hbar}(t)\le e^{Ct}\big(\mathcal E_{\varepsilon,\hbar}(0)+\sqrt\varepsilon\big),\quad C\text{ independent of }\varepsilon,\hbar";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Theorem 1.2 L67–81, Grönwall step L473–477, as printed";

    /// <inheritdoc/>
    public override Erratum? Erratum { get; } = new(
        "F11",
        "Theorem 1.2 as printed is false: the proof drops (ħ²/4)∫Δdiv u ρ_ħ. Data ρ₀ = 1, u₀ = sin2πx, ψ = e^{iU₀/ħ}, ħ = 0.1, T = 0.06: ℰ(0) = 0, ℰ(T) → 4.64e−3 as ε → 0 while √ε → 0 (catalogue §I.1 item 1).",
        "BCY.T1.2.gronwall.corrected");

    /// <inheritdoc/>
    private protected override bool WithHbarSquared => false;

    /// <inheritdoc/>
    private protected override string Form => "e^{Ct}(ℰ(0) + √ε)";

    /// <inheritdoc/>
    private protected override string FailAdvice =>
        "Expected on data with ℰ(0) ≈ 0 (errata F11): ℰ(t) keeps an O(ħ²) part that √ε cannot bound. Use BCY.T1.2.gronwall.corrected.";
}
