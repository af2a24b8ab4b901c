using System.Globalization;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Snapshooter;
using Snapshooter.Core;
using Snapshooter.Exceptions;

namespace Oracles.Snapshots.Infrastructure;

/// <summary>One differing JSON path.</summary>
/// <param name="Path">The JSON path (<c>$.energy[3]</c>).</param>
/// <param name="Expected">The expected value as JSON text (or a note such as <c>(missing)</c>).</param>
/// <param name="Actual">The actual value as JSON text.</param>
/// <param name="AbsoluteDifference">|Δ| for numbers, NaN otherwise.</param>
/// <param name="Allowed">The allowance at this path for numbers, NaN otherwise.</param>
public sealed record SnapshotDifference(string Path, string Expected, string Actual, double AbsoluteDifference, double Allowed)
{
    /// <summary>The report line: <c>$.a[1]: expected 1.5, actual 1.6, |Δ| = 0.1 > allowed 1e-12</c>.</summary>
    /// <returns>The line.</returns>
    public override string ToString() => double.IsNaN(AbsoluteDifference)
        ? $"{Path}: expected {Expected}, actual {Actual}"
        : string.Create(CultureInfo.InvariantCulture, $"{Path}: expected {Expected}, actual {Actual}, |Δ| = {AbsoluteDifference:G3} > allowed {Allowed:G3}");
}

/// <summary>
/// Snapshooter <see cref="ISnapshotComparer"/> that compares two JSON snapshots path by path with a
/// <see cref="ToleranceMap"/> and reports every difference (pytest-regressions style), capped at
/// <see cref="MaxReported"/> lines plus the total count.
/// </summary>
/// <remarks>
/// <para>Semantics: floating-point numbers (a JSON number with a fraction or exponent on either side) compare with
/// <see cref="NumericTolerance.Accepts"/> at their path; integers on both sides (ids, counts) compare exactly;
/// strings, booleans, nulls, property sets and array lengths compare exactly. NaN and ±∞ are written by Newtonsoft
/// (Snapshooter's serializer, default <c>FloatFormatHandling.String</c>) as the strings <c>"NaN"</c>,
/// <c>"Infinity"</c>, <c>"-Infinity"</c>, so they compare as strings: NaN matches NaN, ∞ matches only ∞, and either
/// against a number is a difference.</para>
/// <para><see cref="MatchOptions"/> field operators (ignore, hash, …) are not applied: summaries are small and
/// deterministic, so nothing needs ignoring.</para>
/// </remarks>
public sealed class ToleranceJsonComparer : ISnapshotComparer
{
    /// <summary>The number of difference lines printed; the total is always printed.</summary>
    public const int MaxReported = 20;

    private readonly ToleranceMap tolerances;

    /// <summary>Creates the comparer.</summary>
    /// <param name="tolerances">The tolerances.</param>
    public ToleranceJsonComparer(ToleranceMap tolerances)
    {
        ArgumentNullException.ThrowIfNull(tolerances);
        this.tolerances = tolerances;
    }

    /// <summary>Throws <see cref="SnapshotCompareException"/> with the difference report when the snapshots differ.</summary>
    /// <param name="expectedSnapshot">The stored snapshot text.</param>
    /// <param name="actualSnapshot">The new snapshot text.</param>
    /// <param name="matchOptions">Unused (see remarks).</param>
    public void CompareSnapshots(string expectedSnapshot, string actualSnapshot, MatchOptions matchOptions)
    {
        var differences = Compare(expectedSnapshot, actualSnapshot);
        if (differences.Count > 0)
        {
            throw new SnapshotCompareException(Report(differences, tolerances));
        }
    }

    /// <summary>Every difference between two JSON texts, in document order.</summary>
    /// <param name="expectedJson">The expected JSON.</param>
    /// <param name="actualJson">The actual JSON.</param>
    /// <returns>The differences (empty when they match).</returns>
    public IReadOnlyList<SnapshotDifference> Compare(string expectedJson, string actualJson)
    {
        var differences = new List<SnapshotDifference>();
        Walk("$", Parse(expectedJson, nameof(expectedJson)), Parse(actualJson, nameof(actualJson)), differences);
        return differences;
    }

    /// <summary>The report: one line per difference (at most <see cref="MaxReported"/>), then the count.</summary>
    /// <param name="differences">The differences.</param>
    /// <param name="tolerances">The tolerances used (printed).</param>
    /// <returns>The report text.</returns>
    public static string Report(IReadOnlyList<SnapshotDifference> differences, ToleranceMap tolerances)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var text = new StringBuilder();
        foreach (var d in differences.Take(MaxReported))
        {
            text.Append("  ").AppendLine(d.ToString());
        }

        if (differences.Count > MaxReported)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  … {differences.Count - MaxReported} more not shown");
        }

        text.Append(CultureInfo.InvariantCulture, $"{differences.Count} difference{(differences.Count == 1 ? "" : "s")} (tolerances: {tolerances}).");
        return text.ToString();
    }

    private static JToken Parse(string json, string name)
    {
        ArgumentNullException.ThrowIfNull(json, name);
        using var reader = new JsonTextReader(new StringReader(json))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
        };
        return JToken.ReadFrom(reader, new JsonLoadSettings { CommentHandling = CommentHandling.Ignore, DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error });
    }

    private void Walk(string path, JToken expected, JToken actual, List<SnapshotDifference> differences)
    {
        switch (expected, actual)
        {
            case (JObject e, JObject a):
                foreach (var property in e.Properties())
                {
                    var child = Child(path, property.Name);
                    if (a.Property(property.Name, StringComparison.Ordinal) is { } match)
                    {
                        Walk(child, property.Value, match.Value, differences);
                    }
                    else
                    {
                        differences.Add(new(child, Text(property.Value), "(missing)", double.NaN, double.NaN));
                    }
                }

                foreach (var property in a.Properties().Where(p => e.Property(p.Name, StringComparison.Ordinal) is null))
                {
                    differences.Add(new(Child(path, property.Name), "(missing)", Text(property.Value), double.NaN, double.NaN));
                }

                break;

            case (JArray e, JArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    Walk(string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), e[i], a[i], differences);
                }

                if (e.Count != a.Count)
                {
                    differences.Add(new(path, $"{e.Count} elements", $"{a.Count} elements", double.NaN, double.NaN));
                }

                break;

            case (JValue e, JValue a) when IsFloatComparison(e, a):
                var x = e.Value<double>();
                var y = a.Value<double>();
                var tolerance = tolerances.For(path);
                if (!tolerance.Accepts(x, y))
                {
                    differences.Add(new(path, Text(e), Text(a), Math.Abs(y - x), tolerance.Allowance(x)));
                }

                break;

            default:
                if (!JToken.DeepEquals(expected, actual))
                {
                    differences.Add(new(path, Text(expected), Text(actual), double.NaN, double.NaN));
                }

                break;
        }
    }

    /// <summary>A float on either side and a number on both: compared with the tolerance.</summary>
    private static bool IsFloatComparison(JValue e, JValue a) =>
        e.Type is JTokenType.Float or JTokenType.Integer && a.Type is JTokenType.Float or JTokenType.Integer &&
        (e.Type == JTokenType.Float || a.Type == JTokenType.Float);

    private static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}['{name.Replace("'", "\\'", StringComparison.Ordinal)}']";

    private static string Text(JToken token)
    {
        var text = token.ToString(Formatting.None);
        return text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
    }
}
