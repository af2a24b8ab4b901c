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
        var shared = SharedFrames.Of(q);
        if (shared.Potentials(out var noV) is null)
        {
            return NotApplicable($"{Id}: {noV}");
        }

        var worstRatio = double.NegativeInfinity;
        var worstFrame = -1;
        for (var k = 0; k < q.Count; k++)
        {
            // The numbers of Check without its message; the result (and message) is formed for the worst sample only.
            var c = Core(q.Grid, f.Density(k), shared.ExpV(k));
            if (c.Status == OracleStatus.NotApplicable)
            {
                var r = Check(q.Grid, f.Density(k), shared.ExpV(k));
                return NotApplicable($"At t = {Fmt.G(q.Times[k])}: {r.Message}");
            }

            var ratio = c.Lhs / (c.Bound + c.BudgetTotal);
            if (ratio > worstRatio || worstFrame < 0)
            {
                worstRatio = ratio;
                worstFrame = k;
            }
        }

        var worst = Check(q.Grid, f.Density(worstFrame), shared.ExpV(worstFrame));
        var where = $"t = {Fmt.G(q.Times[worstFrame])}, {worst.Where}";
        return Result(worst.Status, worst.Observed, worst.Bound, worst.Tolerance, $"Worst sample t = {Fmt.G(q.Times[worstFrame])}: {worst.Message}", where, new Dictionary<string, double>(worst.Details));
    }

    private static (OracleStatus Status, double Lhs, double Bound, ToleranceBudget Budget, string Where, Dictionary<string, double> Details) Compute(
        PeriodicGrid grid, ReadOnlySpan<double> rho, ReadOnlySpan<double> m)
    {
        var c = Core(grid, rho, m);
        var where = Describe(grid, c.At);
        var details = new Dictionary<string, double> { ["massRho"] = c.MassRho, ["massM"] = c.MassM };
        if (c.Status == OracleStatus.NotApplicable)
        {
            return (OracleStatus.NotApplicable, c.Lhs, double.NaN, ToleranceBudget.None, where, details);
        }

        if (double.IsPositiveInfinity(c.Bound))
        {
            return (OracleStatus.Pass, c.Lhs, double.PositiveInfinity, ToleranceBudget.None, where, details);
        }

        details["kl"] = c.Kl;
        details["ratio"] = c.Bound > 0 ? c.Lhs / c.Bound : double.NaN;
        var budget = ToleranceBudget.None
            .With(
                ToleranceSource.Discretization,
                c.Normalisation,
                "normalisation: |∫ρ − 1| + |∫m − 1| + max(0, √(2KL(m̃‖ρ̃)) − √(2KL(m‖ρ)))")
            .With(ToleranceSource.RoundOff, c.RoundOffItem, "16·eps·(‖ρ‖₁ + ‖m‖₁ + √(2KL))");
        return (c.Status, c.Lhs, c.Bound, budget, where, details);
    }

    /// <summary>The numbers of <see cref="Check"/> (no message, no allocation); <see cref="Numbers.BudgetTotal"/> sums the budget's items as <see cref="ToleranceBudget.Total"/> does.</summary>
    private static Numbers Core(PeriodicGrid grid, ReadOnlySpan<double> rho, ReadOnlySpan<double> m)
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
        if (Math.Abs(massRho - 1) > PremiseTolerance || Math.Abs(massM - 1) > PremiseTolerance)
        {
            return new Numbers(OracleStatus.NotApplicable, l1, double.NaN, 0, 0, 0, at, massRho, massM, kl);
        }

        if (infinite)
        {
            return new Numbers(OracleStatus.Pass, l1, double.PositiveInfinity, 0, 0, 0, at, massRho, massM, kl);
        }

        // KL of the normalised densities: (1/M)KL − log(M/R).
        var klNormalised = massM > 0 && massRho > 0 ? Math.Max(0, (kl / massM) - Math.Log(massM / massRho)) : 0;
        var bound = Math.Sqrt(2 * Math.Max(0, kl));
        var boundNormalised = Math.Sqrt(2 * klNormalised);
        var normalisation = Math.Abs(massRho - 1) + Math.Abs(massM - 1) + Math.Max(0, boundNormalised - bound);
        var roundOff = 16 * RoundOff.Eps * (massRho + massM + boundNormalised);
        var total = 0.0 + normalisation + roundOff;
        return new Numbers(l1 <= bound + total ? OracleStatus.Pass : OracleStatus.Fail, l1, bound, normalisation, roundOff, total, at, massRho, massM, kl);
    }

    private readonly record struct Numbers(
        OracleStatus Status, double Lhs, double Bound, double Normalisation, double RoundOffItem, double BudgetTotal, int At, double MassRho, double MassM, double Kl);

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
