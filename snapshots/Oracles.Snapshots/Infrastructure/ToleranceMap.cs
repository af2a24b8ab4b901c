using System.Globalization;
using System.Text.RegularExpressions;

namespace Oracles.Snapshots.Infrastructure;

/// <summary>
/// An absolute and relative tolerance with MathNet's <c>Tolerance.Accepts</c> semantics:
/// |actual − expected| ≤ Absolute + Relative·|expected|; NaN is never accepted; ±∞ only equals itself.
/// </summary>
/// <param name="Absolute">Absolute allowance, finite and ≥ 0.</param>
/// <param name="Relative">Relative allowance (a multiple of |expected|), finite and ≥ 0.</param>
public readonly record struct NumericTolerance(double Absolute, double Relative)
{
    /// <summary>Exact comparison.</summary>
    public static NumericTolerance Exact => new(0, 0);

    /// <summary>The allowance for a given expected value, Absolute + Relative·|expected|.</summary>
    /// <param name="expected">The expected value.</param>
    /// <returns>The allowance.</returns>
    public double Allowance(double expected) => Absolute + (Relative * Math.Abs(expected));

    /// <summary>Whether <paramref name="actual"/> matches <paramref name="expected"/>.</summary>
    /// <param name="expected">The expected value.</param>
    /// <param name="actual">The actual value.</param>
    /// <returns>True when accepted.</returns>
    public bool Accepts(double expected, double actual)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return false;
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            return expected.Equals(actual);
        }

        return Math.Abs(actual - expected) <= Allowance(expected);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"abs {Absolute:G3}, rel {Relative:G3}");
}

/// <summary>
/// Which tolerance applies to which JSON path of a snapshot: a default plus rules keyed by path prefix.
/// </summary>
/// <remarks>
/// <para>Paths are JSONPath as Newtonsoft writes them with a leading <c>$</c>: <c>$.energy[3]</c>,
/// <c>$.report.oracles[0].observed</c>. A rule applies to its path and everything below it (<c>$.energy</c> covers
/// <c>$.energy[3]</c>); <c>[*]</c> matches any index and <c>.*</c> any property name. The longest matching rule wins.
/// Tolerances apply to floating-point numbers only: strings, booleans, nulls, integers (ids, counts) and the
/// structure compare exactly.</para>
/// <example><c>ToleranceMap.Default(abs: 1e-12, rel: 1e-10).With("$.wasserstein", abs: 1e-8)</c></example>
/// </remarks>
public sealed class ToleranceMap
{
    private readonly (string Path, Regex Pattern, NumericTolerance Tolerance)[] rules;

    private ToleranceMap(NumericTolerance fallback, (string, Regex, NumericTolerance)[] rules)
    {
        Fallback = fallback;
        this.rules = rules;
    }

    /// <summary>Exact comparison everywhere.</summary>
    public static ToleranceMap Exact { get; } = Default(0, 0);

    /// <summary>The tolerance of paths no rule matches.</summary>
    public NumericTolerance Fallback { get; }

    /// <summary>A map with one default tolerance and no rules.</summary>
    /// <param name="abs">Absolute allowance, finite and ≥ 0.</param>
    /// <param name="rel">Relative allowance, finite and ≥ 0.</param>
    /// <returns>The map.</returns>
    public static ToleranceMap Default(double abs, double rel) => new(Checked(abs, rel), []);

    /// <summary>A map with one more rule.</summary>
    /// <param name="path">The JSON path (prefix) the rule applies to, starting with <c>$</c>.</param>
    /// <param name="abs">Absolute allowance.</param>
    /// <param name="rel">Relative allowance.</param>
    /// <returns>The new map.</returns>
    public ToleranceMap With(string path, double abs = 0, double rel = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!path.StartsWith('$'))
        {
            throw new ArgumentException($"A tolerance path starts with '$' (JSONPath, e.g. \"$.energy\"); got \"{path}\".", nameof(path));
        }

        var pattern = "^" + Regex.Escape(path).Replace(@"\[\*]", @"\[\d+]", StringComparison.Ordinal)
            .Replace(@"\.\*", @"\.[^.\[]+", StringComparison.Ordinal) + @"($|[.\[])";
        return new ToleranceMap(Fallback, [.. rules, (path, new Regex(pattern, RegexOptions.CultureInvariant), Checked(abs, rel))]);
    }

    /// <summary>The tolerance for one path: the longest matching rule, else the default.</summary>
    /// <param name="path">The JSON path.</param>
    /// <returns>The tolerance.</returns>
    public NumericTolerance For(string path)
    {
        var best = -1;
        var result = Fallback;
        foreach (var (rulePath, pattern, tolerance) in rules)
        {
            if (rulePath.Length > best && pattern.IsMatch(path))
            {
                best = rulePath.Length;
                result = tolerance;
            }
        }

        return result;
    }

    /// <summary>Text such as <c>default abs 1e-12, rel 1e-10; $.w: abs 1e-08, rel 0</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Join("; ", new[] { $"default {Fallback}" }.Concat(rules.Select(r => $"{r.Path}: {r.Tolerance}")));

    private static NumericTolerance Checked(double abs, double rel)
    {
        if (!double.IsFinite(abs) || abs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(abs), abs, "The absolute tolerance must be finite and ≥ 0.");
        }

        if (!double.IsFinite(rel) || rel < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rel), rel, "The relative tolerance must be finite and ≥ 0.");
        }

        return new NumericTolerance(abs, rel);
    }
}
