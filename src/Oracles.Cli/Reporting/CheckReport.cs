using System.Diagnostics;
using Oracles.Catalog.Model;

namespace Oracles.Cli.Reporting;

/// <summary>What happened to one oracle in a <c>check</c>.</summary>
internal enum EntryState
{
    /// <summary>The oracle was evaluated; <see cref="CheckEntry.Result"/> holds its verdict.</summary>
    Evaluated,

    /// <summary>Not run: a literal erratum oracle that was not named with <c>--oracle</c>.</summary>
    Skipped,

    /// <summary>The oracle threw: a bug in Oracles (exit code 4).</summary>
    Error,
}

/// <summary>One oracle's line in the check report.</summary>
/// <param name="Oracle">The oracle.</param>
/// <param name="State">Evaluated, skipped or errored.</param>
/// <param name="Result">The verdict when evaluated.</param>
/// <param name="Note">Why it was skipped, or the exception (type and message) when it errored.</param>
/// <param name="Seconds">Wall time of the evaluation (JUnit only; never in the JSON, which must be reproducible).</param>
internal sealed record CheckEntry(IOracle Oracle, EntryState State, OracleResult? Result, string? Note, double Seconds)
{
    /// <summary>The status word used by every report: pass, fail, inconclusive, not_applicable, skipped, error.</summary>
    public string Status => State switch
    {
        EntryState.Skipped => "skipped",
        EntryState.Error => "error",
        _ => Result!.Status switch
        {
            OracleStatus.Pass => "pass",
            OracleStatus.Fail => "fail",
            OracleStatus.Inconclusive => "inconclusive",
            _ => "not_applicable",
        },
    };

    /// <summary>True when the oracle was evaluated and gave a verdict other than NotApplicable.</summary>
    public bool Applicable => State == EntryState.Evaluated && Result!.Status != OracleStatus.NotApplicable;

    /// <summary>True when the status is <paramref name="status"/>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>Whether it matches.</returns>
    public bool Is(OracleStatus status) => State == EntryState.Evaluated && Result!.Status == status;
}

/// <summary>The outcome of <c>oracles check</c>: inputs, one entry per oracle (ordered by id), the exit code.</summary>
/// <param name="Inputs">The validated inputs.</param>
/// <param name="Entries">One entry per selected oracle, ordered by id (ordinal).</param>
/// <param name="Strict">Whether <c>--strict</c> turns Inconclusive into a failure.</param>
/// <param name="FftBackend">The FFT backend in use (results may differ by round-off between backends).</param>
internal sealed record CheckReport(CheckInputs Inputs, IReadOnlyList<CheckEntry> Entries, bool Strict, string FftBackend)
{
    /// <summary>Number of entries with the given status word.</summary>
    /// <param name="status">pass, fail, inconclusive, not_applicable, skipped or error.</param>
    /// <returns>The count.</returns>
    public int Count(string status) => Entries.Count(e => string.Equals(e.Status, status, StringComparison.Ordinal));

    /// <summary>
    /// The exit code (README "Exit codes"): 4 if an oracle threw; else 1 if one failed; else 2 if one was inconclusive or
    /// none applied (no verdict is not a pass), 1 instead of 2 with <c>--strict</c>; else 0.
    /// </summary>
    public int ExitCode
    {
        get
        {
            if (Count("error") > 0)
            {
                return ExitCodes.InternalError;
            }

            if (Count("fail") > 0)
            {
                return ExitCodes.Failed;
            }

            if (Count("inconclusive") > 0 || !Entries.Any(e => e.Applicable))
            {
                return Strict ? ExitCodes.Failed : ExitCodes.Inconclusive;
            }

            return ExitCodes.Success;
        }
    }

    /// <summary>One word for the whole check: pass, fail, inconclusive or error.</summary>
    public string Verdict => Count("error") > 0 ? "error"
        : Count("fail") > 0 ? "fail"
        : Count("inconclusive") > 0 || !Entries.Any(e => e.Applicable) ? "inconclusive"
        : "pass";

    /// <summary>Evaluates the oracles on the inputs.</summary>
    /// <param name="oracles">The selected oracles.</param>
    /// <param name="named">True when the oracles were named with <c>--oracle</c> (then literal erratum oracles run too).</param>
    /// <param name="inputs">The inputs.</param>
    /// <param name="strict">The <c>--strict</c> flag.</param>
    /// <param name="fftBackend">The FFT backend name.</param>
    /// <param name="starting">Called before each oracle (index, oracle).</param>
    /// <param name="done">Called after each oracle (index, entry).</param>
    /// <returns>The report.</returns>
    public static CheckReport Evaluate(
        IReadOnlyList<IOracle> oracles,
        bool named,
        CheckInputs inputs,
        bool strict,
        string fftBackend,
        Action<int, IOracle>? starting = null,
        Action<int, CheckEntry>? done = null)
    {
        ArgumentNullException.ThrowIfNull(oracles);
        ArgumentNullException.ThrowIfNull(inputs);
        var ordered = oracles.OrderBy(o => o.Id, StringComparer.Ordinal).ToArray();
        var systems = inputs.Systems;
        var entries = new List<CheckEntry>(ordered.Length);
        for (var i = 0; i < ordered.Length; i++)
        {
            var oracle = ordered[i];
            starting?.Invoke(i, oracle);
            var entry = EvaluateOne(oracle, named, inputs.Context, systems);
            entries.Add(entry);
            done?.Invoke(i, entry);
        }

        return new CheckReport(inputs, entries, strict, fftBackend);
    }

    private static CheckEntry EvaluateOne(IOracle oracle, bool named, OracleContext context, IReadOnlyList<string> systems)
    {
        if (oracle.Erratum is { } erratum && !named)
        {
            var corrected = erratum.CorrectedOracleId is null ? string.Empty : $" The corrected statement is {erratum.CorrectedOracleId}.";
            return new CheckEntry(
                oracle,
                EntryState.Skipped,
                null,
                $"Literal erratum {erratum.Finding}: the printed statement is false, so a correct solver fails it by design; run it with --oracle {oracle.Id}.{corrected}",
                0);
        }

        if (!oracle.Systems.Intersect(systems, StringComparer.Ordinal).Any())
        {
            var result = new OracleResult(
                oracle.Id,
                OracleStatus.NotApplicable,
                double.NaN,
                double.NaN,
                ToleranceBudget.None,
                oracle.Citation,
                $"Judges {string.Join(", ", oracle.Systems)} trajectories; the input holds {string.Join(" + ", systems)}.");
            return new CheckEntry(oracle, EntryState.Evaluated, result, null, 0);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var result = oracle.Evaluate(context);
            return new CheckEntry(oracle, EntryState.Evaluated, result, null, clock.Elapsed.TotalSeconds);
        }
#pragma warning disable CA1031 // An oracle that throws on validated input is a bug: report it (exit 4) and keep judging the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new CheckEntry(oracle, EntryState.Error, null, $"{e.GetType().Name}: {e.Message}", clock.Elapsed.TotalSeconds);
        }
    }
}
