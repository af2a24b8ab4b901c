using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Identities;

/// <summary>The Boltzmann density m = e^V has the mass of |ψ|² (so ∫e^V = 1).</summary>
/// <remarks>
/// <para>Statement [BCY, Remark 2.5, seed 003 L231]: ∫_{T^d} e^{Ṽ+V̂} = 1, i.e. ∫e^V = ∫|ψ|² (= 1): integrate
/// −εΔV = |ψ|² − e^V over the torus, where ∫ΔV = 0.</para>
/// <para>Budget: the PB allowance integrated, |∫r| ≤ √|T^d|·‖r‖₂ ≤ √|T^d|·(1e−8·‖|ψ|²‖₂) (the spectral Laplacian has
/// zero mean exactly, so ∫e^V − ∫|ψ|² = ∫r), plus round-off 8·eps·(1+log₂N)·(ε·max|ΔV| + ∫e^V + ∫|ψ|²)·|T^d|.
/// A V with a larger residual is judged as if it solved PB (the allowance is not widened), so a wrong V fails here.</para>
/// </remarks>
[Cites("BCY", "Remark 2.5 L231")]
public sealed class BoltzmannDensityHasTheMassOfTheDensity : OracleBase
{
    /// <inheritdoc/>
    public override string Id => "BCY.R2.5.mass-of-m";

    /// <inheritdoc/>
    public override string Title => "∫e^V = ∫|ψ|² (= 1)";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.Identity;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Statement => @"\int_{\mathbb T^d} e^{V}\,dx=\int_{\mathbb T^d}|\psi|^2\,dx\ (=1)";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Remark 2.5 L231";

    /// <inheritdoc/>
    public override string Requirements => "An spb trajectory with ψ and V frames.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "√|T^d|·1e−8·‖|ψ|²‖₂ (integrated PB allowance) + 8·eps·(1+log₂N)·(ε·max|ΔV| + ∫e^V + ∫|ψ|²)·|T^d|.";

    /// <inheritdoc/>
    protected override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        var q = context.Quantum!;
        if (!q.HasPotential)
        {
            return NotApplicable($"{Id} checks the recorded potential, and the trajectory has no V frames. Record V at every sample time.");
        }

        var shared = SharedFrames.Of(q);
        var n = q.Grid.Count;
        var worstRatio = double.NegativeInfinity;
        (double Defect, ToleranceBudget Budget, int Frame, double MassM) worst = (0, ToleranceBudget.None, 0, 0);
        for (var k = 0; k < q.Count; k++)
        {
            var h = shared.Density(k);
            var m = shared.ExpV(k);
            var lap = shared.LapV(k);
            var massM = Quadrature.Integrate(q.Grid, m);
            var massH = Quadrature.Integrate(q.Grid, h);
            var defect = Math.Abs(massM - massH);
            var budget = ToleranceBudget.None
                .With(ToleranceSource.Discretization, Math.Sqrt(q.Grid.Volume) * Potentials.SolveAllowance * Norms.L2(q.Grid, h), "integrated PB allowance √|T^d|·1e−8·‖|ψ|²‖₂ (∫e^V − ∫|ψ|² = ∫residual)")
                .With(ToleranceSource.RoundOff, RoundOff.Spectral((q.Parameters.Epsilon * Norms.LInf(lap) * q.Grid.Volume) + massM + massH, n), "8·eps·(1+log₂N)·(ε·max|ΔV|·|T^d| + ∫e^V + ∫|ψ|²)");
            var ratio = defect / budget.Total;
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = (defect, budget, k, massM);
            }
        }

        var where = $"t = {Fmt.G(q.Times[worst.Frame])}";
        var status = Judge(worst.Defect, 0, worst.Budget);
        var details = new Dictionary<string, double> { ["massOfM"] = worst.MassM, ["frames"] = q.Count };
        return Result(
            status, worst.Defect, 0, worst.Budget,
            status == OracleStatus.Pass
                ? $"∫e^V = ∫|ψ|² at all {Fmt.I(q.Count)} samples; worst |∫e^V − ∫|ψ|²| = {Fmt.E(worst.Defect)} at {where}."
                : $"∫e^V = {Fmt.G(worst.MassM)} differs from ∫|ψ|² by {Fmt.E(worst.Defect)} at {where} (budget {worst.Budget}): V is not the PB potential of |ψ|² — a constant shift of V, a linearised e^V, or an unconverged solve; run BCY.E1.1.spb.pb-residual.",
            where, details);
    }
}
