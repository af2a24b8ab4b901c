using Oracles.Catalog.Infrastructure;
using Oracles.Core;

namespace Oracles.Catalog.Model;

/// <summary>
/// Base of the conservation-law oracles: a scalar Q(t) that the continuous dynamics conserves, judged on one
/// trajectory (drift against an itemised budget) and, when <see cref="OracleContext.Refinements"/> are given, by the
/// observed order at which the drift falls under time-step refinement.
/// </summary>
/// <remarks>
/// <para><b>Verdicts.</b> Let D = max_n |Q(t_n) − Q(t_0)| (plus |Q(t_0) − Q_exact| when the value is prescribed).</para>
/// <list type="number">
/// <item>D ≤ round-off budget ⇒ Pass (conserved to round-off).</item>
/// <item>Refinements present (same problem, the solver step halved each time, coarse to fine): the least-squares
/// slope s of log D against log Δt over the runs whose drift exceeds 10× its round-off floor must lie within
/// p ± 0.3, p = <see cref="Provenance.SchemeOrder"/> (2 when unknown). s &lt; p − 0.3 ⇒ Fail (the drift does not fall at
/// the scheme's order: an inconsistent step); s &gt; p + 0.3 ⇒ Inconclusive (faster than declared: the order is
/// misdeclared or the drifts are not asymptotic); within ⇒ Pass.</item>
/// <item>No refinements: the subclass's single-run solver budget (from <see cref="Provenance.SolverTimeStep"/>,
/// <see cref="Provenance.SchemeOrder"/> and a constant measured on the data) decides Pass/Fail; without it, the
/// result is Inconclusive.</item>
/// </list>
/// </remarks>
public abstract class ConservationOracle : OracleBase
{
    /// <summary>The value Q must equal (mass 1), or null when only constancy is claimed.</summary>
    protected virtual double? ExactValue => null;

    /// <summary>The name of Q in messages.</summary>
    protected abstract string QuantityName { get; }

    /// <summary>What to look for when the law fails (appended to the Fail message).</summary>
    protected virtual string FailureAdvice =>
        "Look for an inconsistent step (wrong sign or scaling of a sub-step, a stale potential, Lie instead of Strang ordering); confirm with Refinements (the same run with the step halved): the drift must fall at the scheme's order.";

    /// <summary>Measures one trajectory, or returns null with a reason (missing fields).</summary>
    /// <param name="trajectory">The trajectory (already checked for system and ψ).</param>
    /// <param name="reason">Why it cannot be measured.</param>
    /// <returns>The measurement.</returns>
    internal abstract Measurement? Measure(Trajectory trajectory, out string? reason);

    /// <summary>Null when <paramref name="context"/> holds the trajectory this oracle judges; otherwise why not. Default: a quantum trajectory of <see cref="IOracle.Systems"/>.</summary>
    /// <param name="context">The input.</param>
    /// <returns>Null or the reason.</returns>
    internal virtual string? MissingInput(OracleContext context) => Inputs.Quantum(context, Id, [.. Systems]);

    /// <summary>The trajectory this oracle judges (call only when <see cref="MissingInput"/> is null). Default: the quantum one.</summary>
    /// <param name="context">The input.</param>
    /// <returns>The trajectory.</returns>
    internal virtual Trajectory Subject(OracleContext context) => context.Quantum!;

    /// <summary>
    /// The single-run solver budget item for a trajectory whose drift exceeds round-off, or null with a reason when
    /// none can be established (then the verdict is Inconclusive).
    /// </summary>
    /// <param name="trajectory">The trajectory.</param>
    /// <param name="measurement">Its measurement.</param>
    /// <param name="reason">Why no budget.</param>
    /// <returns>The item or null.</returns>
    internal abstract ToleranceItem? SolverBudget(Trajectory trajectory, Measurement measurement, out string? reason);

    /// <inheritdoc/>
    protected sealed override OracleResult EvaluateCore(OracleContext context)
    {
        if (MissingInput(context) is { } missing)
        {
            return NotApplicable(missing);
        }

        var q = Subject(context);
        if (q.Count < 2)
        {
            return Inconclusive($"{Id} compares samples at different times; the trajectory has {Fmt.I(q.Count)}. Record at least two (five equally spaced for the single-run scheme budget).");
        }

        if (Measure(q, out var why) is not { } m)
        {
            return NotApplicable($"{Id}: {why}");
        }

        var details = new Dictionary<string, double>
        {
            ["drift"] = m.Drift,
            ["q0"] = m.Series[0],
            ["samples"] = q.Count,
        };
        if (m.Drift <= m.RoundOff.Total)
        {
            return Result(
                OracleStatus.Pass, m.Drift, 0, m.RoundOff,
                $"{QuantityName} is conserved to round-off: max drift {Fmt.E(m.Drift)} ≤ round-off budget {Fmt.E(m.RoundOff.Total)} over {Fmt.I(q.Count)} samples.",
                m.Where, details);
        }

        if (context.Refinements.Count > 0)
        {
            return ObservedOrderVerdict(context, m, details);
        }

        if (SolverBudget(q, m, out var noBudget) is not { } item)
        {
            return Result(
                OracleStatus.Inconclusive, m.Drift, 0, m.RoundOff,
                $"{QuantityName} drifts by {Fmt.E(m.Drift)} ({m.Where}), above the round-off budget {Fmt.E(m.RoundOff.Total)}, and no solver budget can be established: {noBudget} Supply Refinements (the same run with the time step halved) for an observed-order check.",
                m.Where, details);
        }

        var budget = m.RoundOff.With(item.Source, item.Value, item.Reason);
        var status = Judge(m.Drift, 0, budget);
        details["solverBudget"] = item.Value;
        return Result(
            status, m.Drift, 0, budget,
            status == OracleStatus.Pass
                ? $"{QuantityName} drift {Fmt.E(m.Drift)} ({m.Where}) is within the budget {budget} of the scheme's error."
                : $"{QuantityName} drifts by {Fmt.E(m.Drift)} ({m.Where}), beyond the budget {budget} (round-off plus the scheme's error at its declared order and step). {FailureAdvice}",
            m.Where, details);
    }

    private OracleResult ObservedOrderVerdict(OracleContext context, Measurement main, Dictionary<string, double> details)
    {
        var runs = new List<(Trajectory T, Measurement M)> { (Subject(context), main) };
        for (var k = 0; k < context.Refinements.Count; k++)
        {
            var r = context.Refinements[k];
            if (MissingInput(r) is { } missing)
            {
                return NotApplicable($"Refinement {Fmt.I(k)}: {missing}");
            }

            if (Measure(Subject(r), out var why) is not { } m)
            {
                return NotApplicable($"{Id}, refinement {Fmt.I(k)}: {why}");
            }

            runs.Add((Subject(r), m));
        }

        var allSteps = runs.All(x => x.T.Provenance.SolverTimeStep is > 0);
        var p = Subject(context).Provenance.SchemeOrder ?? 2;
        var dts = new List<double>();
        var drifts = new List<double>();
        for (var k = 0; k < runs.Count; k++)
        {
            var dt = allSteps ? runs[k].T.Provenance.SolverTimeStep!.Value : Math.Pow(2, -k);
            details[$"drift[{k}]"] = runs[k].M.Drift;
            details[$"dt[{k}]"] = dt;
            if (runs[k].M.Drift > ObservedOrder.FloorFactor * runs[k].M.RoundOff.Total)
            {
                dts.Add(dt);
                drifts.Add(runs[k].M.Drift);
            }
        }

        var budget = ToleranceBudget.None;
        if (dts.Count < 2)
        {
            var atFloor = runs.Skip(1).All(x => x.M.Drift <= ObservedOrder.FloorFactor * x.M.RoundOff.Total);
            return atFloor
                ? Result(
                    OracleStatus.Pass, main.Drift, 0, main.RoundOff,
                    $"{QuantityName} drift {Fmt.E(main.Drift)} on the coarse run falls to round-off on the refinements: conserved up to the scheme's error.",
                    main.Where, details)
                : Result(
                    OracleStatus.Inconclusive, main.Drift, 0, main.RoundOff,
                    $"Only {Fmt.I(dts.Count)} run(s) have a drift above 10× round-off; an order fit needs two. Add a coarser run to Refinements.",
                    main.Where, details);
        }

        var slope = ObservedOrder.Slope(dts, drifts);
        details["observedOrder"] = slope;
        details["expectedOrder"] = p;
        var deficit = p - slope;
        if (slope > p + ObservedOrder.Window)
        {
            return Result(
                OracleStatus.Inconclusive, deficit, ObservedOrder.Window, budget,
                $"{QuantityName} drift falls at order {Fmt.G(slope)}, faster than the declared order {Fmt.I(p)} ± {Fmt.G(ObservedOrder.Window)}: either the scheme order is misdeclared (set Provenance.SchemeOrder) or the runs are not in the asymptotic range.",
                main.Where, details);
        }

        var pass = deficit <= ObservedOrder.Window;
        return Result(
            pass ? OracleStatus.Pass : OracleStatus.Fail, deficit, ObservedOrder.Window, budget,
            pass
                ? $"{QuantityName} drift falls at the observed order {Fmt.G(slope)} (expected {Fmt.I(p)} ± {Fmt.G(ObservedOrder.Window)}) under time-step refinement: conserved up to the scheme's error."
                : $"{QuantityName} drift falls only at order {Fmt.G(slope)} under time-step refinement (expected {Fmt.I(p)} ± {Fmt.G(ObservedOrder.Window)}; drifts {string.Join(", ", drifts.Select(Fmt.E))}). The step is inconsistent with an order-{Fmt.I(p)} conservative scheme: check the sub-step ordering (Lie vs Strang), the potential update and the kinetic phase.",
            main.Where, details);
    }

    /// <summary>A measured drift with its round-off budget.</summary>
    /// <param name="Series">Q(t_n).</param>
    /// <param name="Drift">max_n |Q(t_n) − Q(t_0)| (and |Q(t_0) − exact|).</param>
    /// <param name="Where">Where the maximum sits.</param>
    /// <param name="RoundOff">The round-off budget.</param>
    internal sealed record Measurement(double[] Series, double Drift, string Where, ToleranceBudget RoundOff)
    {
        /// <summary>An auxiliary series used by the solver budget (the kinetic energy for the energy laws).</summary>
        public double[]? Auxiliary { get; init; }
    }

    /// <summary>The drift of a series, with the worst sample described.</summary>
    /// <param name="series">Q(t_n).</param>
    /// <param name="times">t_n.</param>
    /// <param name="exact">The prescribed value, if any.</param>
    /// <returns>Drift and where.</returns>
    internal static (double Drift, string Where) DriftOf(double[] series, ReadOnlySpan<double> times, double? exact)
    {
        var drift = 0.0;
        var where = $"t = {Fmt.G(times[0])}";
        if (exact is { } e)
        {
            drift = Math.Abs(series[0] - e);
            where = $"t = {Fmt.G(times[0])} (initial value {Fmt.G(series[0])} vs {Fmt.G(e)})";
        }

        for (var n = 1; n < series.Length; n++)
        {
            var dev = Math.Abs(series[n] - (exact ?? series[0]));
            if (dev > drift)
            {
                drift = dev;
                where = $"t = {Fmt.G(times[n])}";
            }
        }

        return (drift, where);
    }
}
