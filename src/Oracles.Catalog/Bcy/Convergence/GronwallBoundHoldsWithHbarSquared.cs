using Oracles.Catalog.Model;

namespace Oracles.Catalog.Bcy.Convergence;

/// <summary>The corrected stability estimate ℰ(t) ≤ e^{Ct}(ℰ(0) + √ε + ħ²) with C independent of ε.</summary>
/// <remarks>
/// <para>Statement (corrected per errata F11, catalogue §I.1 item 1; [BCY, Theorem 1.2, seed 003 L67–81]):
/// ℰ_{ε,ħ}(t) ≤ e^{Ct}(ℰ_{ε,ħ}(0) + √ε + ħ²) with C depending on the Euler solution (including ‖Δdiv u‖_∞) but not on
/// ε, ħ. (The audit writes Cħ²; with C ≥ 1 the two forms are equivalent up to the value of C, and the ladder test
/// uses the ħ² form.)</para>
/// <para>Evaluation and verdict rules: <see cref="GronwallBoundOracle"/>. On the F11 ladder (ħ = 0.1, ℰ(T) ≈ 4.6e−3
/// ≤ ħ² = 0.01) the bound holds with C = 0 on every rung.</para>
/// </remarks>
[Cites("BCY", "Theorem 1.2 L67-81 corrected per errata F11 (catalogue I.1 item 1)")]
public sealed class GronwallBoundHoldsWithHbarSquared : GronwallBoundOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.T1.2.gronwall.corrected";

    /// <inheritdoc/>
    public override string Title => "ℰ(t) ≤ e^{Ct}(ℰ(0) + √ε + ħ²) with C independent of ε";

    /// <inheritdoc/>
    public override string Statement => @"\mathcal E_{\varepsilon,\hbar}(t)\le e^{Ct}\big(\mathcal E_{\varepsilon,\hbar}(0)+\sqrt\varepsilon+\hbar^2\big),\quad C\text{ independent of }\varepsilon,\hbar";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Theorem 1.2 L67–81, corrected per errata F11 (catalogue §I.1 item 1)";

    /// <inheritdoc/>
    private protected override bool WithHbarSquared => true;

    /// <inheritdoc/>
    private protected override string Form => "e^{Ct}(ℰ(0) + √ε + ħ²)";

    /// <inheritdoc/>
    private protected override string FailAdvice =>
        "The corrected estimate is a theorem for smooth Euler solutions: check that the fluid solves isothermal Euler from the same initial data (BCY.E2.15.exact-evolution localises inconsistencies) and that the runs are resolved.";
}
