using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Conservation;

/// <summary>Shared measurement of the energy oracles (𝓕 for SPB, the SP energy): series, round-off and solver budgets.</summary>
internal static class EnergyDriftMeasurement
{
    /// <summary>Largest relative disagreement of the five- and three-point K″ accepted as "smooth at the sampling scale".</summary>
    public const double SmoothnessTolerance = 0.1;

    /// <summary>
    /// Measures an energy series E(t_n) = K(ψ_n) + P(V_n), with K = ½ħ²∫|∇ψ|² and P the potential part, and its
    /// round-off budget: evaluation round-off (two evaluations), the V noise allowed by the PB/Poisson solve, and
    /// the round-off accumulated over the solver's steps.
    /// </summary>
    public static ConservationOracle.Measurement? Measure(
        Trajectory q, bool boltzmann, out string? reason)
    {
        var shared = SharedFrames.Of(q);
        var kinetic = new double[q.Count];
        var potentials = shared.Potentials(out reason);
        if (potentials is null)
        {
            return null;
        }

        var n = q.Grid.Count;
        var energy = new double[q.Count];
        var scale = 0.0;
        var noise = 0.0;
        for (var k = 0; k < q.Count; k++)
        {
            kinetic[k] = shared.KineticEnergy(k);
            var field = shared.FieldEnergy(k);
            var entropy = boltzmann ? shared.BoltzmannEntropy(k) : 0;
            energy[k] = kinetic[k] + field + entropy;
            if (!boltzmann)
            {
                scale = Math.Max(scale, kinetic[k] + field);
                continue;
            }

            var v = potentials.Frame(k);
            var ev = shared.ExpV(k);
            scale = Math.Max(scale, kinetic[k] + field + AbsEntropy(q, v, ev));

            // |δ𝓕| ≤ ‖δ𝓕/δV‖₂‖δV‖₂ with δ𝓕/δV = −εΔV + (V + 1)e^V = h + Ve^V − r and ‖δV‖₂ ≤ ‖r‖₂ / min e^V
            // (the PB operator −εΔ + e^V is ≥ min e^V); r is capped at the PB allowance (a V that does not solve
            // PB is judged as if it did, so a wrong V shows up as drift).
            var h = shared.Density(k);
            var (res, allowance) = shared.PbResidual(k);
            var used = Math.Min(res, allowance);
            double g = 0, minExp = double.PositiveInfinity;
            for (var i = 0; i < n; i++)
            {
                minExp = Math.Min(minExp, ev[i]);
                var gi = h[i] + (v[i] * ev[i]);
                g += gi * gi;
            }

            noise = Math.Max(noise, Math.Sqrt(g * q.Grid.CellVolume) * used / minExp);
        }

        var (drift, where) = ConservationOracle.DriftOf(energy, q.Times, null);
        var steps = Inputs.Steps(q) ?? Math.Max(1, q.Count - 1);
        var budget = ToleranceBudget.None
            .With(ToleranceSource.RoundOff, 2 * RoundOff.Spectral(scale, n), "evaluation: 8·eps·(1+log₂N)·(K + 𝒱 + ∫|V|e^V) for each of E(t_n), E(t_0)")
            .With(
                ToleranceSource.RoundOff,
                steps * RoundOff.Spectral(scale, n),
                Inputs.Steps(q) is null
                    ? $"accumulated: 8·eps·(1+log₂N)·E-scale per step × {Fmt.I(q.Count - 1)} sample intervals (solver step unknown)"
                    : $"accumulated: 8·eps·(1+log₂N)·E-scale per step × {Fmt.G(steps)} solver steps");
        if (boltzmann)
        {
            budget = budget.With(
                ToleranceSource.RoundOff, 2 * noise,
                $"V noise: 2·‖h + Ve^V‖₂·min(‖PB residual‖₂, allowance)/min e^V (PB solve {(potentials.Recomputed ? "done here" : "of the trajectory")}, allowance {Fmt.E(Potentials.SolveAllowance)}·‖h‖₂)");
        }

        reason = null;
        return new ConservationOracle.Measurement(energy, drift, where, budget) { Auxiliary = kinetic };
    }

    /// <summary>
    /// The single-run solver budget: Δt^p · (max|d^pK/dt^p| + T·max|d^{p+1}K/dt^{p+1}|) measured on the kinetic-energy
    /// series (five-point stencils). A p-th order one-step scheme conserves a modified energy E + Δt^p·G; G is built
    /// from the same commutators that drive the exchange between kinetic and potential energy, whose rate the
    /// derivatives of K measure; the second term covers a secular drift over [0, T].
    /// </summary>
    public static ToleranceItem? SolverBudget(Trajectory q, ConservationOracle.Measurement measurement, out string? reason) =>
        SolverBudget(q, measurement, "K = ½ħ²‖∇ψ‖²", out reason);

    /// <summary>
    /// As <see cref="SolverBudget(Trajectory, ConservationOracle.Measurement, out string?)"/> with the error-constant proxy
    /// K given by <see cref="ConservationOracle.Measurement.Auxiliary"/> and named <paramref name="proxy"/> in messages.
    /// </summary>
    /// <param name="q">The trajectory.</param>
    /// <param name="measurement">The measurement whose Auxiliary series is the proxy K(t_n).</param>
    /// <param name="proxy">What K is, for messages.</param>
    /// <param name="reason">Why no budget could be established, or null.</param>
    /// <returns>The solver budget item, or null.</returns>
    public static ToleranceItem? SolverBudget(Trajectory q, ConservationOracle.Measurement measurement, string proxy, out string? reason)
    {
        var kinetic = measurement.Auxiliary!;
        var dt = q.Provenance.SolverTimeStep;
        var order = q.Provenance.SchemeOrder;
        if (dt is not > 0 || order is null)
        {
            reason = "the trajectory's provenance does not give the solver time step and scheme order (Provenance.SolverTimeStep, SchemeOrder).";
            return null;
        }

        if (order is < 1 or > 3)
        {
            reason = $"a scheme of order {Fmt.I(order.Value)} needs derivatives of order {Fmt.I(order.Value + 1)} of K, which five samples cannot give.";
            return null;
        }

        var centres = TimeStencil.Centres(q.Times);
        if (centres.Length == 0)
        {
            reason = "the error constant is measured from five equally spaced samples, and the trajectory has no such stencil.";
            return null;
        }

        // Guard: the constant is measured only if K is smooth at the sampling scale. The five- and three-point second
        // differences agree to h²|K⁗|/12 on smooth data (≤ 8 % of max|K″| while hω ≤ 1 for the fastest exchange
        // frequency ω); a glitch in one frame makes them differ by 25 % of the spike it creates.
        double k2Max = 0, k2Gap = 0;
        foreach (var c in centres)
        {
            var hs = TimeStencil.Spacing(q.Times, c);
            var three = (kinetic[c + 1] - (2 * kinetic[c]) + kinetic[c - 1]) / (hs * hs);
            var five = TimeStencil.Higher(2, kinetic[c - 2], kinetic[c - 1], kinetic[c], kinetic[c + 1], kinetic[c + 2], hs);
            k2Max = Math.Max(k2Max, Math.Abs(three));
            k2Gap = Math.Max(k2Gap, Math.Abs(five - three));
        }

        if (k2Gap > SmoothnessTolerance * k2Max)
        {
            reason = $"the proxy {proxy} is not smooth at the sampling scale (five- and three-point K″ differ by {Fmt.G(100 * k2Gap / k2Max)} % of max|K″| > {Fmt.G(100 * SmoothnessTolerance)} %): a glitch in some frame, or sampling too coarse to measure the error constant.";
            return null;
        }

        double dp = 0, dp1 = 0;
        foreach (var c in centres)
        {
            var hs = TimeStencil.Spacing(q.Times, c);
            var (a, b, m, d, e) = (kinetic[c - 2], kinetic[c - 1], kinetic[c], kinetic[c + 1], kinetic[c + 2]);
            dp = Math.Max(dp, order == 1 ? Math.Abs(TimeStencil.First(a, b, d, e, hs)) : Math.Abs(TimeStencil.Higher(order.Value, a, b, m, d, e, hs)));
            dp1 = Math.Max(dp1, Math.Abs(TimeStencil.Higher(order.Value + 1, a, b, m, d, e, hs)));
        }

        var span = q.Times[^1] - q.Times[0];
        var p = order.Value;
        var value = Math.Pow(dt.Value, p) * (dp + (span * dp1));
        reason = null;
        return new ToleranceItem(
            ToleranceSource.Discretization, value,
            $"scheme: Δt^p·(max|K^({p})| + T·max|K^({p + 1})|) = {Fmt.E(dt.Value)}^{p}·({Fmt.E(dp)} + {Fmt.G(span)}·{Fmt.E(dp1)}), {proxy} measured on the samples");
    }

    private static double AbsEntropy(Trajectory q, ReadOnlySpan<double> v, ReadOnlySpan<double> ev)
    {
        var s = 0.0;
        for (var i = 0; i < v.Length; i++)
        {
            s += Math.Abs(v[i]) * ev[i];
        }

        return s * q.Grid.CellVolume;
    }
}
