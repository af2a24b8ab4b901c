using System.Globalization;
using Oracles.Core;

namespace Oracles.Catalog.Model;

/// <summary>The verdict of an oracle.</summary>
public enum OracleStatus
{
    /// <summary>The claim holds within the itemised tolerance.</summary>
    Pass,

    /// <summary>The claim is violated beyond the tolerance.</summary>
    Fail,

    /// <summary>The data cannot support a verdict (too few samples, unresolved, no budget could be established).</summary>
    Inconclusive,

    /// <summary>The oracle does not apply to this input (wrong system, missing field).</summary>
    NotApplicable,
}

/// <summary>What kind of claim an oracle checks (DESIGN.md §3; catalogue kinds (a)–(e)).</summary>
public enum OracleKind
{
    /// <summary>(a) An exact identity or conservation law: residual against a budget.</summary>
    Identity,

    /// <summary>(b) An inequality with an explicit constant: lhs ≤ rhs.</summary>
    ExplicitInequality,

    /// <summary>(c) An inequality with an unspecified constant or rate: fitted over a family.</summary>
    FittedConstant,

    /// <summary>(d) A limit: a quantity that must vanish along a parameter path.</summary>
    Convergence,

    /// <summary>The residual of an identity must fall at the scheme's order under refinement.</summary>
    ObservedOrder,
}

/// <summary>The source of a tolerance item.</summary>
public enum ToleranceSource
{
    /// <summary>Truncation error of the discretization (scheme order and step, or measured by refinement).</summary>
    Discretization,

    /// <summary>Floating-point accumulation (n·eps·scale).</summary>
    RoundOff,

    /// <summary>Monte-Carlo sampling (k standard errors).</summary>
    Sampling,
}

/// <summary>One line of a tolerance budget: how much, from where, and why.</summary>
/// <param name="Source">The source.</param>
/// <param name="Value">The amount (absolute, in the units of the observed quantity), ≥ 0.</param>
/// <param name="Reason">Why this amount (the formula and the numbers that went into it).</param>
public sealed record ToleranceItem(ToleranceSource Source, double Value, string Reason);

/// <summary>An itemised tolerance budget; the allowance is the sum of the items.</summary>
public sealed record ToleranceBudget
{
    /// <summary>Creates a budget from its items (each value must be finite and ≥ 0).</summary>
    /// <param name="items">The items.</param>
    public ToleranceBudget(IReadOnlyList<ToleranceItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (!double.IsFinite(item.Value) || item.Value < 0)
            {
                throw new ArgumentException($"Tolerance item '{item.Reason}' has value {Guard.Format(item.Value)}; it must be finite and ≥ 0.", nameof(items));
            }
        }

        Items = items.ToArray();
    }

    /// <summary>The empty budget (exact comparison).</summary>
    public static ToleranceBudget None { get; } = new([]);

    /// <summary>The items.</summary>
    public IReadOnlyList<ToleranceItem> Items { get; }

    /// <summary>The total allowance Σ items.</summary>
    public double Total => Items.Sum(i => i.Value);

    /// <summary>A budget with one more item.</summary>
    /// <param name="source">The source.</param>
    /// <param name="value">The amount.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The new budget.</returns>
    public ToleranceBudget With(ToleranceSource source, double value, string reason) =>
        new([.. Items, new ToleranceItem(source, value, reason)]);

    /// <summary>Compact text: <c>disc 1.2e-09 + round 3.4e-15</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Items.Count == 0
        ? "0"
        : string.Join(" + ", Items.Select(i => $"{Short(i.Source)} {i.Value.ToString("0.##e+00", CultureInfo.InvariantCulture)}"));

    private static string Short(ToleranceSource s) => s switch
    {
        ToleranceSource.Discretization => "disc",
        ToleranceSource.RoundOff => "round",
        _ => "mc",
    };
}

/// <summary>A paper statement found to be wrong (catalogue §I, overridden by §I.1).</summary>
/// <param name="Finding">The finding id, e.g. <c>F11</c>.</param>
/// <param name="Summary">What is printed, what is true, with numbers.</param>
/// <param name="CorrectedOracleId">The id of the oracle that encodes the corrected statement, if any.</param>
public sealed record Erratum(string Finding, string Summary, string? CorrectedOracleId);

/// <summary>
/// The outcome of one oracle on one input: the numbers, the verdict and the budget that decided it.
/// </summary>
/// <remarks>
/// Semantics shared by every kind: the claim is <c>Observed ≤ Bound</c> and the oracle passes when
/// <c>Observed ≤ Bound + Tolerance.Total</c>. Identities report the residual as <c>Observed</c> and 0 as <c>Bound</c>;
/// inequalities report lhs and rhs.
/// </remarks>
/// <param name="OracleId">The catalogue id.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Observed">The observed quantity (lhs, residual, fitted constant).</param>
/// <param name="Bound">The bound it must not exceed (rhs; 0 for identities).</param>
/// <param name="Tolerance">The itemised allowance.</param>
/// <param name="Citation">Seed, section and equation.</param>
/// <param name="Message">What was found and what to do.</param>
public sealed record OracleResult(
    string OracleId,
    OracleStatus Status,
    double Observed,
    double Bound,
    ToleranceBudget Tolerance,
    string Citation,
    string Message)
{
    /// <summary>Where the worst case sits (time, position, parameter), when known.</summary>
    public string? Where { get; init; }

    /// <summary>Additional named numbers (for example the fitted order, each time's residual).</summary>
    public IReadOnlyDictionary<string, double> Details { get; init; } = new SortedDictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Bound + tolerance − observed: positive means headroom, negative means violation.</summary>
    public double Margin => Bound + Tolerance.Total - Observed;

    /// <summary>Observed / Bound when Bound &gt; 0 (the constant's ratio); otherwise Observed / tolerance (the share of the budget used).</summary>
    public double Ratio => Bound > 0 ? Observed / Bound : Tolerance.Total > 0 ? Observed / Tolerance.Total : double.NaN;
}

/// <summary>What an oracle judges: a quantum trajectory, a fluid trajectory, refinements and families.</summary>
/// <param name="Quantum">The quantum trajectory (ψ, optionally V), if any.</param>
/// <param name="Fluid">The fluid trajectory (ρ, u) on the same grid and times, if any.</param>
public sealed record OracleContext(Trajectory? Quantum, Trajectory? Fluid = null)
{
    /// <summary>The same problem at finer resolutions (time step and/or grid), coarse to fine, for observed-order checks.</summary>
    public IReadOnlyList<OracleContext> Refinements { get; init; } = [];

    /// <summary>A family of runs along a parameter path (ε, ħ sweeps), for fitted-constant and convergence oracles.</summary>
    public IReadOnlyList<OracleContext> Family { get; init; } = [];

    /// <summary>
    /// Catalogue ids of premises the producer declares about this input, e.g. <c>BCY.L4.1.data</c>: the quantum
    /// trajectory starts from the well-prepared datum of [BCY, Lemma 4.1] built from the fluid's ρ(0), u(0). An
    /// oracle whose claim needs such a premise checks it when declared (and may detect it otherwise).
    /// </summary>
    public IReadOnlySet<string> Declarations { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The same context with every trajectory (refinements and family included) replaced by a
    /// <see cref="Trajectory.DeepCopy"/>: nothing cached against the originals applies, so oracles evaluate from scratch.
    /// </summary>
    /// <returns>The copy.</returns>
    public OracleContext WithCopiedTrajectories() => this with
    {
        Quantum = Quantum?.DeepCopy(),
        Fluid = Fluid?.DeepCopy(),
        Refinements = [.. Refinements.Select(r => r.WithCopiedTrajectories())],
        Family = [.. Family.Select(f => f.WithCopiedTrajectories())],
    };
}

/// <summary>
/// An executable claim of a seed paper: a stable catalogue id, the statement with its citation, and an
/// evaluation that returns numbers and a verdict.
/// </summary>
public interface IOracle
{
    /// <summary>The catalogue id (<c>catalogue.md</c>), stable forever.</summary>
    string Id { get; }

    /// <summary>One-line statement in words.</summary>
    string Title { get; }

    /// <summary>The kind of claim.</summary>
    OracleKind Kind { get; }

    /// <summary>The statement in plain LaTeX.</summary>
    string Statement { get; }

    /// <summary>Seed file, section and equation.</summary>
    string Citation { get; }

    /// <summary>What the oracle needs from its input, in words.</summary>
    string Requirements { get; }

    /// <summary>How the tolerance is budgeted, in words.</summary>
    string TolerancePolicy { get; }

    /// <summary>The erratum when this oracle encodes a printed statement known to be false; null otherwise.</summary>
    Erratum? Erratum { get; }

    /// <summary>The systems (<see cref="SystemIds"/>) whose trajectories this oracle judges; all by default.</summary>
    IReadOnlyList<string> Systems => SystemIds.All;

    /// <summary>Evaluates the claim. Never throws for numerical outcomes; throws only for misuse (null input).</summary>
    /// <param name="context">The input.</param>
    /// <returns>The verdict with its numbers.</returns>
    OracleResult Evaluate(OracleContext context);
}
