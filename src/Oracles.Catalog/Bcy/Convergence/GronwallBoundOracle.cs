using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;

namespace Oracles.Catalog.Bcy.Convergence;

/// <summary>
/// Shared evaluation of the stability estimate of [BCY, Theorem 1.2] over an ε ladder at fixed ħ: for each run the
/// smallest constant C that makes ℰ(t) ≤ e^{Ct}(ℰ(0) + √ε [+ ħ²]) hold at every sample is computed, and the ladder
/// decides whether one C independent of ε can exist (catalogue IV.4(c)).
/// </summary>
/// <remarks>
/// <para>Per run (member of <see cref="OracleContext.Family"/>, each with an spb quantum trajectory and the fluid
/// (ρ, u) solving isothermal Euler from the same data, on the same grid and times):
/// C(ε) = max(0, max_{n ≥ 1} log(ℰ(t_n)/D)/(t_n − t_0)), D = ℰ(t_0) + √ε [+ ħ²]; a sample whose ℰ(t_n) exceeds D
/// by less than its evaluation round-off 8·eps·(1+log₂N)·(𝒦 + 𝒱 + ∫m + ∫ρ) does not raise C.</para>
/// <para>Verdicts, with the runs ordered by decreasing ε and the tail = the last three runs (smallest ε):</para>
/// <list type="bullet">
/// <item><b>Pass</b>: every C(ε) = 0 (the bound holds with C = 0), or the tail spread (max − min)/max ≤ 20 %: the
/// needed constant has settled, consistent with an ε-independent C.</item>
/// <item><b>Fail</b>: the tail is strictly increasing with spread &gt; 20 %: the constant needed grows as ε → 0
/// (for the printed form on the F11 data it grows like log(ℰ(T)/√ε)/T without bound, because ℰ(T) saturates at
/// O(ħ²)); or D = 0 while ℰ(t) &gt; 0 (no finite C).</item>
/// <item><b>Inconclusive</b>: fewer than three runs with distinct ε, ħ not fixed, or a non-monotone tail.</item>
/// </list>
/// <para>Observed = tail spread, Bound = 0.2; Details hold C(ε) for every run.</para>
/// </remarks>
public abstract class GronwallBoundOracle : OracleBase
{
    /// <summary>The relative spread of the fitted constants over the tail of the ladder below which C counts as settled.</summary>
    public const double SpreadTolerance = 0.2;

    /// <summary>True when the ħ² term of the corrected estimate is included.</summary>
    private protected abstract bool WithHbarSquared { get; }

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.FittedConstant;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Requirements =>
        "OracleContext.Family: ≥ 3 runs at distinct ε and the same ħ, each an spb trajectory with ψ (V optional) and the isothermal-Euler (ρ > 0, u) on the same grid and times, from the same initial data.";

    /// <inheritdoc/>
    public override string TolerancePolicy =>
        "C(ε) per run from the samples (round-off of ℰ allowed); Pass if C ≡ 0 or the last three C spread ≤ 20 %, Fail if they increase strictly by more than 20 %, Inconclusive otherwise (catalogue IV.4(c)).";

    /// <inheritdoc/>
    protected sealed override OracleResult EvaluateCore(OracleContext context)
    {
        if (context.Family.Count == 0)
        {
            return NotApplicable($"{Id} fits the constant C over an ε ladder: supply OracleContext.Family (≥ 3 runs at decreasing ε, fixed ħ, each with quantum and fluid trajectories).");
        }

        var runs = new List<(double Eps, double Hbar, double C, string Where)>();
        foreach (var member in context.Family)
        {
            if (Inputs.Quantum(member, Id, [.. Systems]) is { } missing)
            {
                return NotApplicable($"Family member: {missing}");
            }

            if (Inputs.Fluid(member, Id, needDensity: true, needVelocity: true) is { } noFluid)
            {
                return NotApplicable($"Family member: {noFluid}");
            }

            if (Fit(member, out var reason) is not { } fit)
            {
                return NotApplicable($"Family member (ε = {Fmt.G(member.Quantum!.Parameters.Epsilon)}): {reason}");
            }

            runs.Add(fit);
        }

        runs.Sort((a, b) => b.Eps.CompareTo(a.Eps));
        var details = new Dictionary<string, double>();
        for (var k = 0; k < runs.Count; k++)
        {
            details[$"C[{k}]"] = runs[k].C;
            details[$"eps[{k}]"] = runs[k].Eps;
        }

        var hbar = runs[0].Hbar;
        if (runs.Any(r => Math.Abs(r.Hbar - hbar) > 1e-12 * hbar))
        {
            return Inconclusive($"{Id} needs an ε ladder at fixed ħ; the family has ħ = {string.Join(", ", runs.Select(r => Fmt.G(r.Hbar)).Distinct())}.");
        }

        for (var k = 1; k < runs.Count; k++)
        {
            if (!(runs[k].Eps < runs[k - 1].Eps))
            {
                return Inconclusive($"{Id} needs distinct ε along the family; ε = {Fmt.G(runs[k].Eps)} appears twice.");
            }
        }

        if (runs.Count < 3)
        {
            return Inconclusive($"{Id} needs ≥ 3 runs at distinct ε to judge whether C settles; the family has {Fmt.I(runs.Count)}.");
        }

        var ladder = string.Join(", ", runs.Select(r => $"C({Fmt.G(r.Eps)}) = {Fmt.G(r.C)}"));
        var worst = runs.MaxBy(r => r.C);
        if (runs.Any(r => double.IsPositiveInfinity(r.C)))
        {
            return Result(
                OracleStatus.Fail, double.PositiveInfinity, SpreadTolerance, ToleranceBudget.None,
                $"The right side vanishes (ℰ(0) = 0, ε = 0{(WithHbarSquared ? ", ħ = 0" : string.Empty)}) while ℰ(t) > 0 at {worst.Where}: no constant C works. {FailAdvice}",
                worst.Where, details);
        }

        var tail = runs.Skip(runs.Count - 3).Select(r => r.C).ToArray();
        var max = tail.Max();
        var spread = max > 0 ? (max - tail.Min()) / max : 0;
        details["spread"] = spread;
        details["maxC"] = runs.Max(r => r.C);
        if (runs.All(r => r.C == 0))
        {
            return Result(
                OracleStatus.Pass, 0, SpreadTolerance, ToleranceBudget.None,
                $"ℰ(t) ≤ {Form} holds with C = 0 on every run of the ε ladder (ħ = {Fmt.G(hbar)}, ε = {Fmt.G(runs[0].Eps)} … {Fmt.G(runs[^1].Eps)}).",
                worst.Where, details);
        }

        if (spread <= SpreadTolerance)
        {
            return Result(
                OracleStatus.Pass, spread, SpreadTolerance, ToleranceBudget.None,
                $"The constant needed for ℰ(t) ≤ {Form} settles along the ε ladder ({ladder}; spread {Fmt.G(100 * spread)} % ≤ 20 % over the last three): consistent with an ε-independent C = {Fmt.G(max)}.",
                worst.Where, details);
        }

        var increasing = tail[1] > tail[0] && tail[2] > tail[1];
        return increasing
            ? Result(
                OracleStatus.Fail, spread, SpreadTolerance, ToleranceBudget.None,
                $"The constant needed for ℰ(t) ≤ {Form} grows as ε → 0 ({ladder}; spread {Fmt.G(100 * spread)} % > 20 %, strictly increasing): no ε-independent C exists on these data. {FailAdvice}",
                worst.Where, details)
            : Result(
                OracleStatus.Inconclusive, spread, SpreadTolerance, ToleranceBudget.None,
                $"The constant needed for ℰ(t) ≤ {Form} varies without a trend along the ε ladder ({ladder}): extend the ladder to smaller ε or check the runs' resolution.",
                worst.Where, details);
    }

    /// <summary>The bound as text.</summary>
    private protected abstract string Form { get; }

    /// <summary>What a Fail means for this form.</summary>
    private protected abstract string FailAdvice { get; }

    private (double Eps, double Hbar, double C, string Where)? Fit(OracleContext member, out string? reason)
    {
        var q = member.Quantum!;
        var f = member.Fluid!;
        for (var k = 0; k < f.Count; k++)
        {
            foreach (var x in f.Density(k))
            {
                if (x <= 0)
                {
                    reason = $"the fluid density vanishes at t = {Fmt.G(f.Times[k])} (ℰ needs ρ > 0).";
                    return null;
                }
            }
        }

        var shared = SharedFrames.Of(q);
        if (shared.Potentials(out reason) is null)
        {
            return null;
        }

        var pair = shared.With(f);
        var p = q.Parameters;
        var e0 = pair.ModulatedEnergy(0).Total;
        var denominator = e0 + Math.Sqrt(p.Epsilon) + (WithHbarSquared ? p.Hbar * p.Hbar : 0);
        var c = 0.0;
        var where = $"ε = {Fmt.G(p.Epsilon)}, t = {Fmt.G(q.Times[0])}";
        for (var n = 1; n < q.Count; n++)
        {
            var me = pair.ModulatedEnergy(n);
            var roundoff = RoundOff.Spectral(me.Kinetic + me.Field + me.Entropy + (2 * q.Grid.Volume), q.Grid.Count);
            if (me.Total <= denominator + roundoff)
            {
                continue;
            }

            var cn = denominator > 0 ? Math.Log(me.Total / denominator) / (q.Times[n] - q.Times[0]) : double.PositiveInfinity;
            if (cn > c)
            {
                c = cn;
                where = $"ε = {Fmt.G(p.Epsilon)}, t = {Fmt.G(q.Times[n])} (ℰ = {Fmt.E(me.Total)}, ℰ(0) + √ε{(WithHbarSquared ? " + ħ²" : string.Empty)} = {Fmt.E(denominator)})";
            }
        }

        reason = null;
        return (p.Epsilon, p.Hbar, c, where);
    }
}
