using System.Numerics;
using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>
/// Shared evaluation of |∫(J − ρ_ħu)·b| ≤ c‖b‖_∞√𝒦 over a deterministic family of test fields b
/// (c = 2 as printed, c = √2 sharp).
/// </summary>
/// <remarks>
/// <para>Identity behind the bound (step 5 of Theorem 1.2, errata F23): ρ_ħu − J = Re(conj(Aψ)ψ) pointwise
/// (A = iħ∇ + u, the same spectral gradient in J and 𝒦), so |∫(J − ρ_ħu)·b| ≤ ‖b‖_∞‖Aψ‖₂‖ψ‖₂ = ‖b‖_∞√(2𝒦)‖ψ‖₂
/// (Cauchy–Schwarz; exact for the discrete fields). Equality holds for a plane wave with u = 0, b = 1.</para>
/// <para>Test fields b (deterministic): the unit vectors e_j; sin(2πm x_a/L)e_j and cos(2πm x_a/L)e_j for m = 1, 2,
/// every axis a and component j; and the smoothed worst case b = w/√(|w|² + δ²), w = J − ρ_ħu,
/// δ = 1e−3·max|w| (Lipschitz, ‖b‖_∞ ≤ 1, saturates the L¹ norm of w to 1e−3).</para>
/// <para>Budget: BCY take ‖ψ‖₂ = 1, so only the normalisation round-off is allowed,
/// min(max(0, √2‖ψ‖₂ − c), √2·16·eps)‖b‖_∞√𝒦 (an unnormalised ψ fails the sharp form), plus round-off
/// 8·eps·(1+log₂N)·‖b‖_∞(∫|J| + ∫ρ_ħ|u| + c√𝒦).</para>
/// </remarks>
public abstract class CurrentDefectBoundOracle : OracleBase
{
    /// <summary>The constant c of the bound.</summary>
    private protected abstract double Constant { get; }

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ExplicitInequality;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann, SystemIds.SchrodingerPoisson];

    /// <inheritdoc/>
    public override string Requirements => "A quantum trajectory (spb or sp) with ψ and a fluid trajectory with u on the same grid and times.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Exact for the discrete fields (pointwise identity + Cauchy–Schwarz) when ‖ψ‖₂ = 1: normalisation round-off + 8·eps·(1+log₂N)·‖b‖_∞(∫|J| + ∫ρ|u| + c√𝒦).";

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
        var rho = new double[n];
        var current = new double[d * n];
        var w = new double[d * n];
        var b = new double[d * n];
        var coordinates = new double[d][];
        for (var a = 0; a < d; a++)
        {
            coordinates[a] = new double[n];
            q.Grid.FillCoordinates(a, coordinates[a]);
        }

        var worstRatio = double.NegativeInfinity;
        (double Lhs, double Rhs, ToleranceBudget Budget, int Frame, string Field) worst = (0, 0, ToleranceBudget.None, 0, string.Empty);
        for (var k = 0; k < q.Count; k++)
        {
            var psi = q.Psi(k);
            var u = f.Velocity(k);
            ws.Functionals.Density(psi, rho);
            ws.Functionals.Current(hbar, psi, current);
            var kinetic = ws.Functionals.ModulatedKineticEnergy(hbar, psi, u);
            var norm = Math.Sqrt(Quadrature.Mass(q.Grid, psi));
            double absJ = 0, absRhoU = 0, maxW = 0;
            for (var i = 0; i < n; i++)
            {
                var w2 = 0.0;
                for (var a = 0; a < d; a++)
                {
                    var idx = (a * n) + i;
                    w[idx] = current[idx] - (rho[i] * u[idx]);
                    absJ += Math.Abs(current[idx]);
                    absRhoU += rho[i] * Math.Abs(u[idx]);
                    w2 += w[idx] * w[idx];
                }

                maxW = Math.Max(maxW, Math.Sqrt(w2));
            }

            absJ *= q.Grid.CellVolume;
            absRhoU *= q.Grid.CellVolume;
            foreach (var (name, fill) in TestFields(d, coordinates, q.Grid.Length, w, maxW))
            {
                fill(b);
                double dot = 0, maxB = 0;
                for (var i = 0; i < n; i++)
                {
                    var b2 = 0.0;
                    for (var a = 0; a < d; a++)
                    {
                        dot += w[(a * n) + i] * b[(a * n) + i];
                        b2 += b[(a * n) + i] * b[(a * n) + i];
                    }

                    maxB = Math.Max(maxB, Math.Sqrt(b2));
                }

                var lhs = Math.Abs(dot * q.Grid.CellVolume);
                var rhs = Constant * maxB * Math.Sqrt(kinetic);
                var budget = ToleranceBudget.None
                    .With(ToleranceSource.RoundOff, Math.Min(Math.Max(0, (Math.Sqrt(2) * norm) - Constant), Math.Sqrt(2) * 16 * RoundOff.Eps) * maxB * Math.Sqrt(kinetic), "normalisation round-off: min(max(0, √2‖ψ‖₂ − c), √2·16·eps)‖b‖_∞√𝒦 (BCY take ‖ψ‖₂ = 1)")
                    .With(ToleranceSource.RoundOff, RoundOff.Spectral(maxB * (absJ + absRhoU + rhs), n), "8·eps·(1+log₂N)·‖b‖_∞(∫|J| + ∫ρ|u| + c√𝒦)");
                var ratio = lhs / (rhs + budget.Total);
                if (ratio > worstRatio)
                {
                    worstRatio = ratio;
                    worst = (lhs, rhs, budget, k, name);
                }
            }
        }

        var where = $"t = {Fmt.G(q.Times[worst.Frame])}, b = {worst.Field}";
        var status = Judge(worst.Lhs, worst.Rhs, worst.Budget);
        var details = new Dictionary<string, double> { ["ratio"] = worst.Rhs > 0 ? worst.Lhs / worst.Rhs : 0, ["frames"] = q.Count };
        return Result(
            status, worst.Lhs, worst.Rhs, worst.Budget,
            status == OracleStatus.Pass
                ? $"|∫(J − ρ_ħu)·b| ≤ {ConstantText}‖b‖_∞√𝒦 for every test field at all {Fmt.I(q.Count)} samples; worst ratio {Fmt.G(worst.Rhs > 0 ? worst.Lhs / worst.Rhs : 0)} at {where}."
                : $"|∫(J − ρ_ħu)·b| = {Fmt.E(worst.Lhs)} exceeds {ConstantText}‖b‖_∞√𝒦 = {Fmt.E(worst.Rhs)} at {where} (budget {worst.Budget}). The bound follows from J − ρ_ħu = −Re(conj(Aψ)ψ) and Cauchy–Schwarz, exactly for consistent fields: J and 𝒦 must use the same ħ and gradient, and ‖ψ‖₂ = 1.",
            where, details);
    }

    /// <summary>The constant as text (2 or √2).</summary>
    private protected abstract string ConstantText { get; }

    private static IEnumerable<(string Name, Action<double[]> Fill)> TestFields(int d, double[][] x, double length, double[] w, double maxW)
    {
        var n = x[0].Length;
        for (var j = 0; j < d; j++)
        {
            var jj = j;
            yield return ($"e_{jj + 1}", b => Fill(b, n, d, jj, _ => 1.0));
            for (var a = 0; a < d; a++)
            {
                for (var m = 1; m <= 2; m++)
                {
                    var (aa, mm) = (a, m);
                    yield return ($"sin(2π·{mm}x_{aa + 1})e_{jj + 1}", b => Fill(b, n, d, jj, i => Math.Sin(2 * Math.PI * mm * x[aa][i] / length)));
                    yield return ($"cos(2π·{mm}x_{aa + 1})e_{jj + 1}", b => Fill(b, n, d, jj, i => Math.Cos(2 * Math.PI * mm * x[aa][i] / length)));
                }
            }
        }

        if (maxW > 0)
        {
            var delta = 1e-3 * maxW;
            yield return ("w/√(|w|²+δ²), w = J − ρ_ħu", b =>
            {
                for (var i = 0; i < n; i++)
                {
                    var w2 = 0.0;
                    for (var a = 0; a < d; a++)
                    {
                        w2 += w[(a * n) + i] * w[(a * n) + i];
                    }

                    var s = 1 / Math.Sqrt(w2 + (delta * delta));
                    for (var a = 0; a < d; a++)
                    {
                        b[(a * n) + i] = w[(a * n) + i] * s;
                    }
                }
            }
            );
        }
    }

    private static void Fill(double[] b, int n, int d, int component, Func<int, double> value)
    {
        Array.Clear(b);
        for (var i = 0; i < n; i++)
        {
            b[(component * n) + i] = value(i);
        }
    }
}
