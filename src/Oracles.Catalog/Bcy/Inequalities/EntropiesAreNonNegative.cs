using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>The entropy terms of 𝓕 and ℰ, and ℰ itself, are non-negative.</summary>
/// <remarks>
/// <para>Statement [BCY, Remark 2.8, seed 003 L249]: for probability densities μ, ν, ∫μ log(μ/ν) ≥ 0; hence
/// ∫Ve^V = ∫m log m ≥ 0 (m = e^V, unit volume, ∫m = 1), ∫(m log(m/ρ) − m + ρ) ≥ 0, and ℰ_{ε,ħ} ≥ 0.</para>
/// <para>Checks at every sample: (a) ∫Ve^V ≥ 0 — always; (b) ∫(m log(m/ρ) − m + ρ) ≥ 0 and (c) ℰ ≥ 0 — when a fluid
/// (ρ, u) is given. Budgets: (a) uses ∫m = |T^d| (Jensen); m log m ≥ m − 1 pointwise gives
/// ∫Ve^V ≥ ∫m − |T^d|, so the normalisation defect is allowed up to what the PB allowance and round-off explain
/// (√|T^d|·1e−8·‖|ψ|²‖₂ + |∫|ψ|² − |T^d|| + 8·eps·(1+log₂N)·(∫|V|e^V + ∫e^V)) — a V with ∫e^V ≠ 1 beyond that fails;
/// (b), (c) are sums of pointwise non-negative terms, so only round-off 8·eps·(1+log₂N)·scale is allowed.
/// V is the recorded one or is solved from |ψ|².</para>
/// </remarks>
[Cites("BCY", "Remark 2.8 L249")]
public sealed class EntropiesAreNonNegative : OracleBase
{
    /// <inheritdoc/>
    public override string Id => "BCY.R2.8.entropy-nonneg";

    /// <inheritdoc/>
    public override string Title => "∫Ve^V ≥ 0, the relative entropy ≥ 0 and ℰ ≥ 0";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ExplicitInequality;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Statement => @"\int Ve^V\ge0,\quad \int\big(m\log\tfrac m\rho-m+\rho\big)\ge0,\quad \mathcal E_{\varepsilon,\hbar}\ge0,\qquad m=e^V";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Remark 2.8 L249";

    /// <inheritdoc/>
    public override string Requirements => "An spb trajectory with ψ (V optional); a fluid trajectory (ρ > 0, u) on the same grid and times for the relative entropy and ℰ.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off 8·eps·(1+log₂N)·scale for the pointwise non-negative sums; for ∫Ve^V also the normalisation defect of e^V explained by the PB allowance and the mass of |ψ|².";

    /// <inheritdoc/>
    protected override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        var q = context.Quantum!;
        var withFluid = context.Fluid is not null && Inputs.Fluid(context, Id, needDensity: true, needVelocity: true) is null;
        if (withFluid)
        {
            for (var k = 0; k < q.Count; k++)
            {
                foreach (var x in context.Fluid!.Density(k))
                {
                    if (x <= 0)
                    {
                        return NotApplicable($"{Id} needs ρ > 0 for the relative entropy; the fluid density vanishes at t = {Fmt.G(q.Times[k])}.");
                    }
                }
            }
        }

        var shared = SharedFrames.Of(q);
        if (shared.Potentials(out var noV) is not { } potentials)
        {
            return NotApplicable($"{Id}: {noV}");
        }

        var pair = withFluid ? shared.With(context.Fluid!) : null;
        var n = q.Grid.Count;
        var worstExcess = double.NegativeInfinity;
        (double Observed, ToleranceBudget Budget, int Frame, string What) worst = (0, ToleranceBudget.None, 0, string.Empty);
        double minBoltzmann = double.PositiveInfinity, minRelative = double.PositiveInfinity, minE = double.PositiveInfinity;

        void Consider(double value, ToleranceBudget budget, int frame, string what)
        {
            var excess = -value - budget.Total;
            if (excess > worstExcess)
            {
                worstExcess = excess;
                worst = (-value, budget, frame, what);
            }
        }

        for (var k = 0; k < q.Count; k++)
        {
            var v = potentials.Frame(k);
            var h = shared.Density(k);
            var m = shared.ExpV(k);
            double absVm = 0, massM = 0;
            for (var i = 0; i < n; i++)
            {
                absVm += Math.Abs(v[i]) * m[i];
                massM += m[i];
            }

            absVm *= q.Grid.CellVolume;
            massM *= q.Grid.CellVolume;
            var boltzmann = shared.BoltzmannEntropy(k);
            minBoltzmann = Math.Min(minBoltzmann, boltzmann);
            var vol = q.Grid.Volume;
            var allowedDefect = (Math.Sqrt(vol) * Potentials.SolveAllowance * Norms.L2(q.Grid, h)) + Math.Abs(Quadrature.Integrate(q.Grid, h) - vol);
            Consider(
                boltzmann,
                ToleranceBudget.None
                    .With(ToleranceSource.Discretization, Math.Min(Math.Max(0, vol - massM), allowedDefect), "normalisation: ∫Ve^V ≥ ∫e^V − |T^d|, defect allowed up to the PB allowance √|T^d|·1e−8·‖|ψ|²‖₂ + |∫|ψ|² − |T^d||")
                    .With(ToleranceSource.RoundOff, RoundOff.Spectral(absVm, n), "8·eps·(1+log₂N)·∫|V|e^V")

                    // The normalisation ∫e^V itself is known only to its round-off (1 ulp per e^V, the sum): with V ≈ 0
                    // (ρ ≈ 1, the F11 data) ∫Ve^V ≈ ∫e^V − |T^d| is of that size and of either sign, while ∫|V|e^V → 0.
                    .With(ToleranceSource.RoundOff, RoundOff.Spectral(massM, n), "normalisation known to 8·eps·(1+log₂N)·∫e^V"),
                k,
                "∫Ve^V");
            if (withFluid)
            {
                var rho = context.Fluid!.Density(k);

                // ∫(m log(m/ρ) − m + ρ) with m = e^V is the entropy term of ℰ, evaluated by the same code.
                var me = pair!.ModulatedEnergy(k);
                var relative = me.Entropy;
                minRelative = Math.Min(minRelative, relative);
                var scale = massM + Quadrature.Integrate(q.Grid, rho);
                Consider(relative, ToleranceBudget.None.With(ToleranceSource.RoundOff, RoundOff.Spectral(scale, n), "8·eps·(1+log₂N)·(∫m + ∫ρ)"), k, "∫(m log(m/ρ) − m + ρ)");
                minE = Math.Min(minE, me.Total);
                Consider(me.Total, ToleranceBudget.None.With(ToleranceSource.RoundOff, RoundOff.Spectral(me.Kinetic + me.Field + scale, n), "8·eps·(1+log₂N)·(𝒦 + 𝒱 + ∫m + ∫ρ)"), k, "ℰ");
            }
        }

        var details = new Dictionary<string, double> { ["minBoltzmannEntropy"] = minBoltzmann };
        if (withFluid)
        {
            details["minRelativeEntropy"] = minRelative;
            details["minModulatedEnergy"] = minE;
        }

        var where = $"t = {Fmt.G(q.Times[worst.Frame])} ({worst.What})";
        var status = Judge(worst.Observed, 0, worst.Budget);
        var scope = withFluid ? "∫Ve^V, the relative entropy and ℰ are" : "∫Ve^V is (no fluid given: the relative entropy and ℰ were not checked)";
        return Result(
            status, worst.Observed, 0, worst.Budget,
            status == OracleStatus.Pass
                ? $"{scope} non-negative at all {Fmt.I(q.Count)} samples (min ∫Ve^V = {Fmt.E(minBoltzmann)}{(withFluid ? $", min relative entropy {Fmt.E(minRelative)}, min ℰ {Fmt.E(minE)}" : string.Empty)})."
                : $"{worst.What} = {Fmt.E(-worst.Observed)} < 0 at {where}, beyond the budget {worst.Budget}. {(worst.What == "∫Ve^V" ? "By Jensen ∫Ve^V ≥ 0 whenever ∫e^V = 1: e^V is not normalised — V is not the PB potential of a unit-mass ψ (run BCY.R2.5.mass-of-m)." : "A sum of pointwise non-negative terms came out negative: the fields are not finite or the evaluation is corrupted.")}",
            where, details);
    }
}
