using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>‖e^V‖₂ ≤ ‖ρ_ħ‖₂ for the PB potential of the density.</summary>
/// <remarks>
/// <para>Statement [BCY, Lemma 5.5, seed 003 L1130–1156] (for −εΔV = ρ − e^V, any ε &gt; 0): ‖e^V‖_{L²} ≤ ‖ρ‖_{L²}.
/// Proof: multiply by e^V, ε∫|∇V|²e^V ≥ 0 ⇒ ‖e^V‖² ≤ ∫ρe^V ≤ ‖ρ‖‖e^V‖.</para>
/// <para>Discrete budget (rigorous for the discrete fields): with r = −εΔV − ρ + e^V and I = ∫(−ΔV)e^V,
/// ‖e^V‖² = ∫ρe^V − εI + ∫re^V, so ‖e^V‖₂ ≤ ‖ρ‖₂ + ‖r‖₂ + ε·max(0, −I)/‖e^V‖₂. Items: the PB residual
/// min(‖r‖₂, allowance) (a V with a larger residual is judged as if it solved PB, so a wrong V fails here), the
/// discrete integration-by-parts defect ε·max(0, −I)/‖e^V‖₂ (computed; zero in the continuum), round-off
/// 8·eps·(1+log₂N)·‖ρ‖₂. ρ = |ψ|², V recorded or solved.</para>
/// </remarks>
[Cites("BCY", "Lemma 5.5 L1130-1156")]
public sealed class BoltzmannDensityIsBoundedInL2ByTheDensity : OracleBase
{
    /// <inheritdoc/>
    public override string Id => "BCY.L5.5.eV-L2";

    /// <inheritdoc/>
    public override string Title => "‖e^V‖₂ ≤ ‖ρ_ħ‖₂";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ExplicitInequality;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Statement => @"\|e^{V}\|_{L^2}\le\|\rho_\hbar\|_{L^2},\qquad -\varepsilon\Delta V=\rho_\hbar-e^V";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Lemma 5.5 L1130–1156";

    /// <inheritdoc/>
    public override string Requirements => "An spb trajectory with ψ (V optional: solved from |ψ|² when absent).";

    /// <inheritdoc/>
    public override string TolerancePolicy => "min(‖PB residual‖₂, allowance) + ε·max(0, −∫(−ΔV)e^V)/‖e^V‖₂ (discrete integration by parts) + 8·eps·(1+log₂N)·‖ρ‖₂.";

    /// <inheritdoc/>
    protected override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        var q = context.Quantum!;
        var shared = SharedFrames.Of(q);
        if (shared.Potentials(out var noV) is null)
        {
            return NotApplicable($"{Id}: {noV}");
        }

        var n = q.Grid.Count;
        var eps = q.Parameters.Epsilon;
        var worstRatio = double.NegativeInfinity;
        (double Lhs, double Rhs, ToleranceBudget Budget, int Frame) worst = (0, 0, ToleranceBudget.None, 0);
        for (var k = 0; k < q.Count; k++)
        {
            var h = shared.Density(k);
            var m = shared.ExpV(k);
            var (res, allowance) = shared.PbResidual(k);
            var lap = shared.LapV(k);
            var integral = 0.0;
            for (var i = 0; i < n; i++)
            {
                integral += -lap[i] * m[i];
            }

            integral *= q.Grid.CellVolume;
            var lhs = Norms.L2(q.Grid, m);
            var rhs = Norms.L2(q.Grid, h);
            var budget = ToleranceBudget.None
                .With(ToleranceSource.Discretization, Math.Min(res, allowance), "PB residual min(‖r‖₂, allowance)")
                .With(ToleranceSource.Discretization, eps * Math.Max(0, -integral) / lhs, "discrete integration by parts: ε·max(0, −∫(−ΔV)e^V)/‖e^V‖₂")
                .With(ToleranceSource.RoundOff, RoundOff.Spectral(rhs, n), "8·eps·(1+log₂N)·‖ρ‖₂");
            var ratio = lhs / (rhs + budget.Total);
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = (lhs, rhs, budget, k);
            }
        }

        var where = $"t = {Fmt.G(q.Times[worst.Frame])}";
        var status = Judge(worst.Lhs, worst.Rhs, worst.Budget);
        var details = new Dictionary<string, double> { ["ratio"] = worst.Lhs / worst.Rhs, ["frames"] = q.Count };
        return Result(
            status, worst.Lhs, worst.Rhs, worst.Budget,
            status == OracleStatus.Pass
                ? $"‖e^V‖₂ ≤ ‖ρ_ħ‖₂ at all {Fmt.I(q.Count)} samples; largest ratio {Fmt.G(worst.Lhs / worst.Rhs)} at {where}."
                : $"‖e^V‖₂ = {Fmt.G(worst.Lhs)} exceeds ‖ρ_ħ‖₂ = {Fmt.G(worst.Rhs)} at {where} beyond the budget {worst.Budget}: V is not the PB potential of |ψ|² (check the sign and ε of the PB solve; run BCY.E1.1.spb.pb-residual).",
            where, details);
    }
}
