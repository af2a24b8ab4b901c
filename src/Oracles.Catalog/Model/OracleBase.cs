using System.Globalization;
using Oracles.Core;
using Oracles.Systems.PoissonBoltzmann;

namespace Oracles.Catalog.Model;

/// <summary>
/// Shared plumbing of the catalogue's oracles: the descriptive members of <see cref="IOracle"/>, argument checks,
/// and the construction of results with the right id and citation. Concrete oracles implement
/// <see cref="EvaluateCore"/> only.
/// </summary>
/// <remarks>
/// <para>Verdict rules shared by every oracle (DESIGN.md §3): a claim is judged <see cref="OracleStatus.Pass"/> when
/// <c>Observed ≤ Bound + Tolerance.Total</c>; <see cref="OracleStatus.Fail"/> only when it is violated beyond an
/// itemised budget that accounts for every error source the data carry; <see cref="OracleStatus.Inconclusive"/> when
/// such a budget cannot be established (for example, the solver's time step is unknown and the residual exceeds what
/// sampling and round-off alone explain); <see cref="OracleStatus.NotApplicable"/> when a required field is missing or
/// the system does not match.</para>
/// <para>A Poisson–Boltzmann solve that does not converge while an oracle reconstructs V is reported as
/// Inconclusive, and a density PB cannot accept (zero mass) as NotApplicable — never as an exception.</para>
/// </remarks>
public abstract class OracleBase : IOracle
{
    /// <inheritdoc/>
    public abstract string Id { get; }

    /// <inheritdoc/>
    public abstract string Title { get; }

    /// <inheritdoc/>
    public abstract OracleKind Kind { get; }

    /// <inheritdoc/>
    public abstract string Statement { get; }

    /// <inheritdoc/>
    public abstract string Citation { get; }

    /// <inheritdoc/>
    public abstract string Requirements { get; }

    /// <inheritdoc/>
    public abstract string TolerancePolicy { get; }

    /// <inheritdoc/>
    public virtual Erratum? Erratum => null;

    /// <inheritdoc/>
    public virtual IReadOnlyList<string> Systems => SystemIds.All;

    /// <inheritdoc/>
    public OracleResult Evaluate(OracleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return EvaluateCore(context);
        }
        catch (PoissonBoltzmannNotConvergedException ex)
        {
            return Inconclusive(
                $"Reconstructing V from |ψ|² failed: {ex.Message} Record the potential V in the trajectory, or check that |ψ|² is a resolved density.");
        }
        catch (InvalidDensityException ex)
        {
            return NotApplicable($"V cannot be reconstructed from |ψ|²: {ex.Message} Record the potential V in the trajectory.");
        }
    }

    /// <summary>Evaluates the claim on a non-null context.</summary>
    /// <param name="context">The input.</param>
    /// <returns>The verdict.</returns>
    protected abstract OracleResult EvaluateCore(OracleContext context);

    /// <summary>A NotApplicable result with a message that says what is missing.</summary>
    /// <param name="message">What is missing and how to supply it.</param>
    /// <returns>The result.</returns>
    protected OracleResult NotApplicable(string message) =>
        new(Id, OracleStatus.NotApplicable, double.NaN, double.NaN, ToleranceBudget.None, Citation, message);

    /// <summary>An Inconclusive result.</summary>
    /// <param name="message">Why no verdict is possible and what data would give one.</param>
    /// <param name="observed">The observed quantity, if any.</param>
    /// <param name="bound">The bound, if any.</param>
    /// <param name="budget">The budget established so far, if any.</param>
    /// <returns>The result.</returns>
    protected OracleResult Inconclusive(string message, double observed = double.NaN, double bound = double.NaN, ToleranceBudget? budget = null) =>
        new(Id, OracleStatus.Inconclusive, observed, bound, budget ?? ToleranceBudget.None, Citation, message);

    /// <summary>A result with an explicit status.</summary>
    /// <param name="status">The verdict.</param>
    /// <param name="observed">Observed quantity.</param>
    /// <param name="bound">Bound.</param>
    /// <param name="budget">Tolerance.</param>
    /// <param name="message">Message.</param>
    /// <param name="where">Where the worst case sits.</param>
    /// <param name="details">Named numbers.</param>
    /// <returns>The result.</returns>
    protected OracleResult Result(
        OracleStatus status, double observed, double bound, ToleranceBudget budget, string message, string? where = null, IDictionary<string, double>? details = null) =>
        new(Id, status, observed, bound, budget, Citation, message)
        {
            Where = where,
            Details = details is null
                ? new SortedDictionary<string, double>(StringComparer.Ordinal)
                : new SortedDictionary<string, double>(details, StringComparer.Ordinal),
        };

    /// <summary>Pass when observed ≤ bound + budget, Fail otherwise.</summary>
    /// <param name="observed">Observed.</param>
    /// <param name="bound">Bound.</param>
    /// <param name="budget">Budget.</param>
    /// <returns>The status.</returns>
    protected static OracleStatus Judge(double observed, double bound, ToleranceBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return observed <= bound + budget.Total ? OracleStatus.Pass : OracleStatus.Fail;
    }

    /// <summary>Short culture-invariant number text (4 significant digits).</summary>
    /// <param name="x">The number.</param>
    /// <returns>The text.</returns>
    protected static string Num(double x) => x.ToString("0.###e+00", CultureInfo.InvariantCulture);
}
