using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Catalog.Bcy.Inequalities;
using Oracles.Catalog.Model;
using Oracles.Properties.Arbitraries;

namespace Oracles.Properties.Catalog;

/// <summary>
/// The CKP oracle <c>BCY.L2.12.ckp</c> (‖ρ − m‖₁ ≤ √(2KL(m‖ρ)), [BCY, Lemma 2.12]) through its static
/// <see cref="CsiszarKullbackPinskerInequalityHolds.Check"/>: it passes with ratio ≤ 1 on random smooth pairs, its
/// numbers agree with an independent evaluation, and on the two-level family its ratio is the exact √(a/artanh a),
/// which tends to 1 (the constant √2 is sharp).
/// </summary>
public class CkpProperties
{
    [Property]
    public Property Pinsker_ratio_is_at_most_one_on_random_density_pairs(DensityPair p)
    {
        var grid = p.Rho.Grid;
        var rho = p.Rho.Values;
        var m = p.M.Values;
        var result = CsiszarKullbackPinskerInequalityHolds.Check(grid, rho, m);

        // Independent evaluation: Σ|ρ − m|·ΔV and Σ m log(m/ρ)·ΔV. For probability vectors Pinsker is exact, so
        // ‖ρ − m‖₁ ≤ √(2KL) up to the normalisation defects |∫ρ − 1| + |∫m − 1| (≈ N·eps here) and the rounding of
        // the sums (≤ N·eps·(Σ terms) for naive summation, then √ halves the relative error of KL).
        double l1 = 0, kl = 0, klScale = 0, massRho = 0, massM = 0;
        for (var j = 0; j < rho.Length; j++)
        {
            l1 += Math.Abs(rho[j] - m[j]);
            var term = m[j] * Math.Log(m[j] / rho[j]);
            kl += term;
            klScale += Math.Abs(term);
            massRho += rho[j];
            massM += m[j];
        }

        var w = grid.CellVolume;
        (l1, kl, klScale, massRho, massM) = (l1 * w, kl * w, klScale * w, massRho * w, massM * w);
        var bound = Math.Sqrt(2 * kl);
        var sumError = 4 * rho.Length * RoundOff.Eps;
        var slack = Math.Abs(massRho - 1) + Math.Abs(massM - 1) + (sumError * (l1 + 2)) + (bound > 0 ? sumError * klScale / bound : 0);
        var ratio = l1 / bound;
        return (result.Status == OracleStatus.Pass)
            .Label($"ρ: {p.Rho}; m: {p.M}: oracle says {result.Status}: {result.Message}")
            .And((l1 <= bound + slack)
                .Label($"ρ: {p.Rho}; m: {p.M}: ‖ρ − m‖₁ = {RoundOff.F(l1)} > √(2KL) = {RoundOff.F(bound)} + {RoundOff.F(slack)}"))
            .And((Math.Abs(result.Observed - l1) <= sumError * (l1 + 2) && Math.Abs(result.Bound - bound) <= slack)
                .Label($"ρ: {p.Rho}; m: {p.M}: oracle (observed {RoundOff.F(result.Observed)}, bound {RoundOff.F(result.Bound)}) vs independent ({RoundOff.F(l1)}, {RoundOff.F(bound)})"))
            .Classify(ratio > 0.9, "ratio > 0.9")
            .Classify(ratio <= 0.5, "ratio ≤ 0.5")
            .Classify(true, $"d={grid.Dimension}");
    }

    [Property]
    public Property Two_level_pairs_have_the_exact_ratio_root_of_a_over_artanh_a(TwoLevelPair p)
    {
        var result = CsiszarKullbackPinskerInequalityHolds.Check(p.Grid, p.Rho, p.M);
        var ratio = result.Observed / result.Bound;

        // Two round-off sources in the oracle's sums, relative to the ratio:
        // (1) the logs: each term ±(1 ± a)·log((1 ∓ a)/(1 ± a)) ≈ ±2a carries ≈ 2·eps absolute error from its log (the
        //     quotient near 1 has relative error eps), so KL = ΔV·Σ terms ≈ 2a² is off by ≤ 2·eps absolute, eps/a²
        //     relative, and the ratio (∝ KL^(−1/2)) by ≤ eps/(2a²); we take eps/a²;
        // (2) the uncompensated running sums over N points: relative ≤ N·eps·Σ|terms|/|Σ terms|, which is 1 for ‖ρ − m‖₁
        //     and 1/a for KL (terms ±2a(1 ± a)·… cancel down to ≈ 2a²), so N·eps·(1 + 1/(2a)) on the ratio.
        // Doubled for the products and the final division.
        var n = p.Grid.Count;
        var tolerance = 2 * ((RoundOff.Eps / (p.A * p.A)) + (n * RoundOff.Eps * (1 + (0.5 / p.A))));
        var defect = Math.Abs(ratio - p.ExactRatio);
        return (result.Status == OracleStatus.Pass).Label($"{p}: oracle says {result.Status}: {result.Message}")
            .And((defect <= tolerance * p.ExactRatio)
                .Label($"{p}: ratio = {ratio:R}, exact √(a/artanh a) = {p.ExactRatio:R}, |Δ| = {RoundOff.F(defect)} > {RoundOff.F(tolerance * p.ExactRatio)}"))
            .Classify(p.A < 0.01, "a < 0.01 (ratio within 2e-5 of 1)")
            .Classify(p.Grid.Dimension == 2, "2-D");
    }

    [Property(MaxTest = 20)]
    public Property Two_level_ratio_tends_to_one_like_a_squared_over_six(TwoLevelPair p)
    {
        // Along a, a/10, a/100 with a ∈ [0.1, 0.5] (every step ≥ 1e-3, where the ratio is resolved to ≤ 3e-10 against a
        // deficit ≥ 1.6e-7): 1 − √(a/artanh a) = a²/6 + O(a⁴), so the deficits fall by 100·(1 + O(a²)) per step —
        // 100.3 … 110.1 over this range (closed form) — hence the band (95, 115).
        var a0 = Math.Clamp(p.A, 0.1, 0.5);
        var deficits = new[] { a0, a0 / 10, a0 / 100 }
            .Select(a =>
            {
                var pair = p with { A = a };
                var r = CsiszarKullbackPinskerInequalityHolds.Check(pair.Grid, pair.Rho, pair.M);
                return 1 - (r.Observed / r.Bound);
            })
            .ToArray();
        var falls = deficits.Zip(deficits.Skip(1), (x, y) => x / y).ToArray();
        return (deficits.All(d => d > 0) && falls.All(f => f is > 95 and < 115))
            .Label($"{p.Grid}, a = {a0:R}, {a0 / 10:R}, {a0 / 100:R}: 1 − ratio = {string.Join(", ", deficits.Select(RoundOff.F))} (falls {string.Join(", ", falls.Select(RoundOff.F))})");
    }
}
