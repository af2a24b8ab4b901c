using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>
/// Shared evaluation of the 𝒯₃ bounds: 𝒯₃ = −¼Σ_{jk}tr(A_j∨(A_k∨∂_ku^j)R), A = iħ∇ + u, R = |ψ⟩⟨ψ|, from the
/// operator form with spectral derivatives (<see cref="FieldWorkspace.T3Operator"/>), against the printed bound
/// 4‖∇u‖_∞𝒦 or the corrected bound 2‖Σ‖_op𝒦 + (ħ²/4)‖Δdiv u‖_∞‖ψ‖₂² (errata F11).
/// </summary>
/// <remarks>
/// <para>The bound is algebraic (no dynamics): any ψ and any smooth u on the same grid and times qualify.
/// Budget per sample: round-off 8·eps·(1+log₂N)·(Σ_j‖A_jψ‖²·max|∇u| +
/// ħ²·max|Δdiv u|·‖ψ‖²) and spatial aliasing (the same scale)·(tail¼(ψ) + Σ_a tail¼(u^a)).</para>
/// </remarks>
public abstract class T3BoundOracle : OracleBase
{
    /// <summary>True for the corrected bound (and the closed-form identity check).</summary>
    private protected abstract bool Corrected { get; }

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ExplicitInequality;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann, SystemIds.SchrodingerPoisson];

    /// <inheritdoc/>
    public override string Requirements => "A quantum trajectory (spb or sp) with ψ and a fluid trajectory with u on the same grid and times (any smooth u; ρ unused).";

    /// <inheritdoc/>
    protected sealed override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        if (Inputs.Fluid(context, Id, needDensity: false, needVelocity: true) is { } noFluid)
        {
            return NotApplicable(noFluid);
        }

        var q = context.Quantum!;
        var f = context.Fluid!;
        var ws = new FieldWorkspace(q.Grid);
        var n = ws.N;
        var d = ws.D;
        var hbar = q.Parameters.Hbar;
        var quantum = SharedFrames.Of(q);
        var fluid = SharedFrames.Of(f);
        var pair = quantum.With(f);

        var worstRatio = double.NegativeInfinity;
        (double T3, double Bound, ToleranceBudget Budget, int Frame, double Identity, ToleranceBudget IdentityBudget, double Kinetic) worst = (0, 0, ToleranceBudget.None, 0, 0, ToleranceBudget.None, 0);
        var worstIdentityRatio = 0.0;
        var identityFailure = -1;
        for (var k = 0; k < q.Count; k++)
        {
            var psi = q.Psi(k);
            var grad = fluid.VelocityGradient(k);
            var t3 = pair.T3(k);
            var kinetic = pair.ModulatedKinetic(k);
            var lapDiv = fluid.LapDivU(k);
            var (quadratic, hbarTerm) = ws.T3ClosedForm(hbar, psi, grad, pair.APsi(k), lapDiv);
            var massPsi = quantum.Mass(k);
            var maxGrad = ws.MaxGradientFrobenius(grad);
            var maxLapDiv = Norms.LInf(lapDiv);
            var scale = (2 * kinetic * maxGrad) + (hbar * hbar * maxLapDiv * massPsi) + Math.Abs(t3);
            var tails = quantum.QuarterTailPsi(k);
            var tailsU = fluid.QuarterTailsU(k);
            for (var a = 0; a < d; a++)
            {
                tails += tailsU[a];
            }

            var budget = ToleranceBudget.None
                .With(ToleranceSource.RoundOff, RoundOff.Spectral(scale, n), "8·eps·(1+log₂N)·(2𝒦·max|∇u| + ħ²·max|Δdiv u|·‖ψ‖² + |𝒯₃|)")
                .With(ToleranceSource.Discretization, scale * tails, "spatial aliasing: the same scale × (tail¼(ψ) + Σ tail¼(u^a))");
            var bound = Corrected
                ? (2 * ws.MaxSymmetricGradientNorm(grad) * kinetic) + (0.25 * hbar * hbar * maxLapDiv * massPsi)
                : 4 * maxGrad * kinetic;
            var ratio = Math.Abs(t3) / (bound + budget.Total);
            var identity = Math.Abs(t3 - (-quadratic + hbarTerm));
            if (Corrected)
            {
                // The closed form is an operator identity: its residual is round-off plus aliasing, as for 𝒯₃ itself.
                var identityRatio = identity / budget.Total;
                worstIdentityRatio = Math.Max(worstIdentityRatio, identityRatio);
                if (identityRatio > 1 && identityFailure < 0)
                {
                    identityFailure = k;
                }
            }

            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = (t3, bound, budget, k, identity, budget, kinetic);
            }
        }

        var where = $"t = {Fmt.G(q.Times[worst.Frame])}";
        var details = new Dictionary<string, double>
        {
            ["T3"] = worst.T3,
            ["K"] = worst.Kinetic,
            ["ratio"] = worst.Bound > 0 ? Math.Abs(worst.T3) / worst.Bound : double.PositiveInfinity,
        };
        if (Corrected)
        {
            details["identityResidual"] = worst.Identity;
            details["worstIdentityRatio"] = worstIdentityRatio;
            if (identityFailure >= 0)
            {
                return Result(
                    OracleStatus.Fail, Math.Abs(worst.T3), worst.Bound, worst.Budget,
                    $"The closed form 𝒯₃ = −Σ⟨A_jψ, Σ_jk A_kψ⟩ + (ħ²/4)∫Δdiv u|ψ|² misses the operator form by {Fmt.G(worstIdentityRatio)}× its round-off/aliasing budget (first at t = {Fmt.G(q.Times[identityFailure])}): the fields are not resolved (refine the grid) or u and ψ are inconsistent in layout.",
                    $"t = {Fmt.G(q.Times[identityFailure])}", details);
            }
        }

        var status = Judge(Math.Abs(worst.T3), worst.Bound, worst.Budget);
        return Result(status, Math.Abs(worst.T3), worst.Bound, worst.Budget, Message(status, Math.Abs(worst.T3), worst.Bound, where, q.Count), where, details);
    }

    /// <summary>The message for the verdict.</summary>
    private protected abstract string Message(OracleStatus status, double t3, double bound, string where, int samples);
}
