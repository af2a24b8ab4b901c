using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>The Csiszár–Kullback–Pinsker inequality ‖ρ − m‖₁ ≤ √(2∫m log(m/ρ)) between the fluid density and e^V.</summary>
/// <remarks>
/// <para>Statement [BCY, Lemma 2.12, seed 003 L493–497]: for probability densities ρ, m on T^d,
/// ‖ρ − m‖_{L¹} ≤ √(2∫m log(m/ρ)) — the sharp constant √2; in the proof of Theorem 1.2, m = e^V and ρ the fluid
/// density (the KL direction is that of the entropy term of ℰ).</para>
/// <para>Discrete exactness: with quadrature weights w = |T^d|/N, the vectors (w·ρ_j) and (w·m_j) are probability
/// vectors when ∫ρ = ∫m = 1, and Pinsker holds exactly for them. For the normalised ρ̃ = ρ/R, m̃ = m/M
/// (R = ∫ρ, M = ∫m): ‖ρ − m‖₁ ≤ ‖ρ̃ − m̃‖₁ + |R − 1| + |M − 1| ≤ √(2KL(m̃‖ρ̃)) + |R − 1| + |M − 1|. The budget is
/// therefore: normalisation |R − 1| + |M − 1| + max(0, √(2KL̃) − √(2KL)) (all computed) plus round-off
/// 16·eps·(‖ρ‖₁ + ‖m‖₁ + √(2KL̃)). Where ρ vanishes with m &gt; 0 the bound is +∞ and the inequality holds.</para>
/// <para>Premise: ∫ρ and ∫m must equal 1 to <see cref="PremiseTolerance"/>; otherwise the result is NotApplicable.
/// <see cref="Check"/> is the static entry point for property tests.</para>
/// </remarks>
[Cites("BCY", "Lemma 2.12 L493-497")]
public sealed class CsiszarKullbackPinskerInequalityHolds : OracleBase
{
    private const string OracleId = "BCY.L2.12.ckp";
    private const string CitationText = "BCY (seed 003_3d2e38d265bb2d71.txt), Lemma 2.12 L493–497";

    /// <summary>
    /// The premise ∫ρ = ∫m = 1 must hold to this tolerance (solvers conserve mass to round-off; the trapezoidal rule is
    /// exact for band-limited densities); smaller defects are carried exactly in the budget.
    /// </summary>
    public const double PremiseTolerance = 1e-6;

    /// <inheritdoc/>
    public override string Id => OracleId;

    /// <inheritdoc/>
    public override string Title => "‖ρ − m‖₁ ≤ √(2 KL(m‖ρ)) with the sharp constant √2";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ExplicitInequality;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Statement => @"\|\rho-m\|_{L^1}\le\sqrt{2\int_{\mathbb T^d} m\log\frac m\rho\,dx}";

    /// <inheritdoc/>
    public override string Citation => CitationText;

    /// <inheritdoc/>
    public override string Requirements => "An spb trajectory with ψ (V optional) and a fluid trajectory with ρ on the same grid and times; or call Check(grid, rho, m) directly.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Exact for discrete probability vectors: normalisation defects |∫ρ − 1| + |∫m − 1| + the change of √(2KL) under normalisation, plus round-off 16·eps·(‖ρ‖₁ + ‖m‖₁ + √(2KL)).";

    /// <summary>
    /// Checks ‖ρ − m‖₁ ≤ √(2∫m log(m/ρ)) for two densities on a grid. Observed = ‖ρ − m‖₁, Bound = √(2 max(0, KL)),
    /// Ratio = Observed/Bound; <see cref="OracleResult.Where"/> gives the point of the largest |ρ − m|.
    /// </summary>
    /// <param name="grid">The grid.</param>
    /// <param name="rho">ρ ≥ 0, finite.</param>
    /// <param name="m">m ≥ 0, finite.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ArgumentException">A density is negative, not finite, or has the wrong length.</exception>
    public static OracleResult Check(PeriodicGrid grid, ReadOnlySpan<double> rho, ReadOnlySpan<double> m)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Length(rho.Length, grid.Count, nameof(rho));
        Guard.Length(m.Length, grid.Count, nameof(m));
        Guard.NonNegative(rho);
        Guard.NonNegative(m);
        var (status, lhs, bound, budget, where, details) = Compute(grid, rho, m);
        var message = status == OracleStatus.NotApplicable
            ? $"Lemma 2.12 is about probability densities, but ∫ρ = {Fmt.G(details["massRho"])} and ∫m = {Fmt.G(details["massM"])} (premise tolerance {Fmt.E(PremiseTolerance)}). Normalise the densities (for m = e^V: V must solve PB for a unit-mass |ψ|², see BCY.R2.5.mass-of-m)."
            : double.IsPositiveInfinity(bound)
            ? $"ρ vanishes where m > 0, so KL(m‖ρ) = +∞ and the inequality holds trivially (‖ρ − m‖₁ = {Fmt.E(lhs)})."
            : status == OracleStatus.Pass
                ? $"‖ρ − m‖₁ = {Fmt.E(lhs)} ≤ √(2KL) = {Fmt.E(bound)} (ratio {Fmt.G(bound > 0 ? lhs / bound : 0)}; largest |ρ − m| at {where})."
                : $"‖ρ − m‖₁ = {Fmt.E(lhs)} exceeds √(2KL) = {Fmt.E(bound)} beyond the budget {budget}: Pinsker holds exactly for probability vectors, so one of the densities is not what it claims (negative mass, wrong quadrature weight, log of the wrong argument).";
        return new OracleResult(OracleId, status, lhs, bound, budget, CitationText, message)
        {
            Where = where,
            Details = new SortedDictionary<string, double>(details, StringComparer.Ordinal),
        };
    }

    /// <inheritdoc/>
    protected override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        if (Inputs.Fluid(context, Id, needDensity: true, needVelocity: false) is { } noFluid)
        {
            return NotApplicable(noFluid);
        }

        var q = context.Quantum!;
        var f = context.Fluid!;
        var ws = new FieldWorkspace(q.Grid);
        if (Potentials.For(q, ws.Ops, out var noV) is not { } potentials)
        {
            return NotApplicable($"{Id}: {noV}");
        }

        var m = new double[ws.N];
        OracleResult? worst = null;
        var worstRatio = double.NegativeInfinity;
        var worstFrame = 0;
        for (var k = 0; k < q.Count; k++)
        {
            var v = potentials.Frame(k);
            for (var i = 0; i < m.Length; i++)
            {
                m[i] = Math.Exp(v[i]);
            }

            var r = Check(q.Grid, f.Density(k), m);
            if (r.Status == OracleStatus.NotApplicable)
            {
                return NotApplicable($"At t = {Fmt.G(q.Times[k])}: {r.Message}");
            }

            var ratio = r.Observed / (r.Bound + r.Tolerance.Total);
            if (ratio > worstRatio || worst is null)
            {
                worstRatio = ratio;
                worst = r;
                worstFrame = k;
            }
        }

        var where = $"t = {Fmt.G(q.Times[worstFrame])}, {worst!.Where}";
        return Result(worst.Status, worst.Observed, worst.Bound, worst.Tolerance, $"Worst sample t = {Fmt.G(q.Times[worstFrame])}: {worst.Message}", where, new Dictionary<string, double>(worst.Details));
    }

    private static (OracleStatus Status, double Lhs, double Bound, ToleranceBudget Budget, string Where, Dictionary<string, double> Details) Compute(
        PeriodicGrid grid, ReadOnlySpan<double> rho, ReadOnlySpan<double> m)
    {
        var w = grid.CellVolume;
        double massRho = 0, massM = 0, l1 = 0, kl = 0, maxDiff = -1;
        var at = 0;
        var infinite = false;
        for (var i = 0; i < rho.Length; i++)
        {
            massRho += rho[i];
            massM += m[i];
            var diff = Math.Abs(rho[i] - m[i]);
            l1 += diff;
            if (diff > maxDiff)
            {
                maxDiff = diff;
                at = i;
            }

            if (m[i] > 0)
            {
                if (rho[i] == 0)
                {
                    infinite = true;
                }
                else
                {
                    kl += m[i] * Math.Log(m[i] / rho[i]);
                }
            }
        }

        massRho *= w;
        massM *= w;
        l1 *= w;
        kl *= w;
        var where = Describe(grid, at);
        var details = new Dictionary<string, double> { ["massRho"] = massRho, ["massM"] = massM };
        if (Math.Abs(massRho - 1) > PremiseTolerance || Math.Abs(massM - 1) > PremiseTolerance)
        {
            return (OracleStatus.NotApplicable, l1, double.NaN, ToleranceBudget.None, where, details);
        }

        if (infinite)
        {
            return (OracleStatus.Pass, l1, double.PositiveInfinity, ToleranceBudget.None, where, details);
        }

        // KL of the normalised densities: (1/M)KL − log(M/R).
        var klNormalised = massM > 0 && massRho > 0 ? Math.Max(0, (kl / massM) - Math.Log(massM / massRho)) : 0;
        var bound = Math.Sqrt(2 * Math.Max(0, kl));
        var boundNormalised = Math.Sqrt(2 * klNormalised);
        details["kl"] = kl;
        details["ratio"] = bound > 0 ? l1 / bound : double.NaN;
        var budget = ToleranceBudget.None
            .With(
                ToleranceSource.Discretization,
                Math.Abs(massRho - 1) + Math.Abs(massM - 1) + Math.Max(0, boundNormalised - bound),
                "normalisation: |∫ρ − 1| + |∫m − 1| + max(0, √(2KL(m̃‖ρ̃)) − √(2KL(m‖ρ)))")
            .With(ToleranceSource.RoundOff, 16 * RoundOff.Eps * (massRho + massM + boundNormalised), "16·eps·(‖ρ‖₁ + ‖m‖₁ + √(2KL))");
        return (Judge(l1, bound, budget), l1, bound, budget, where, details);
    }

    private static string Describe(PeriodicGrid grid, int flat)
    {
        var parts = new string[grid.Dimension];
        var rem = flat;
        for (var a = grid.Dimension - 1; a >= 0; a--)
        {
            parts[a] = Fmt.G(grid.Coordinate(a, rem % grid.Shape[a]));
            rem /= grid.Shape[a];
        }

        return grid.Dimension == 1 ? $"x = {parts[0]}" : $"x = ({string.Join(", ", parts)})";
    }
}
