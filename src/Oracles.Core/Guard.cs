using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Oracles.Core;

/// <summary>
/// Argument checks for the public boundary: every check names the argument and prints the offending number
/// with the round-trip format <c>"R"</c>, culture-invariant. Misuse is an exception; numerical outcomes are values.
/// </summary>
public static class Guard
{
    /// <summary>Throws unless <paramref name="value"/> is finite (not NaN, not ±∞).</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    /// <returns>The value, for chaining.</returns>
    public static double Finite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite; got {Format(value)}.");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and strictly positive.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    /// <returns>The value, for chaining.</returns>
    public static double PositiveFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and finite; got {Format(value)}.");
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and non-negative.</summary>
    /// <param name="value">The value to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    /// <returns>The value, for chaining.</returns>
    public static double NonNegativeFinite(double value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be non-negative and finite; got {Format(value)}.");
        }

        return value;
    }

    /// <summary>Throws unless every entry of <paramref name="values"/> is finite; the message gives the first bad index.</summary>
    /// <param name="values">The samples to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    public static void AllFinite(ReadOnlySpan<double> values, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{name}[{i}] must be finite; got {Format(values[i])}.", name);
            }
        }
    }

    /// <summary>Throws unless every entry of <paramref name="values"/> has finite real and imaginary parts.</summary>
    /// <param name="values">The samples to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    public static void AllFinite(ReadOnlySpan<Complex> values, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i].Real) || !double.IsFinite(values[i].Imaginary))
            {
                throw new ArgumentException(
                    $"{name}[{i}] must be finite; got ({Format(values[i].Real)}, {Format(values[i].Imaginary)}).", name);
            }
        }
    }

    /// <summary>Throws unless every entry is finite and ≥ 0 (a density); the message gives the first bad index.</summary>
    /// <param name="values">The samples to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    public static void NonNegative(ReadOnlySpan<double> values, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        AllFinite(values, name);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < 0)
            {
                throw new ArgumentException($"{name}[{i}] must be non-negative; got {Format(values[i])}.", name);
            }
        }
    }

    /// <summary>Throws unless every entry is finite and &gt; 0 (a density whose logarithm is taken).</summary>
    /// <param name="values">The samples to check.</param>
    /// <param name="name">The argument name (filled in by the compiler).</param>
    public static void Positive(ReadOnlySpan<double> values, [CallerArgumentExpression(nameof(values))] string? name = null)
    {
        AllFinite(values, name);
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] <= 0)
            {
                throw new ArgumentException(
                    $"{name}[{i}] must be strictly positive (its logarithm is taken); got {Format(values[i])}.", name);
            }
        }
    }

    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/> (a span length against a grid size).</summary>
    /// <param name="actual">The length found.</param>
    /// <param name="expected">The length required.</param>
    /// <param name="name">The argument name.</param>
    public static void Length(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"{name} has {actual.ToString(CultureInfo.InvariantCulture)} entries but the grid needs {expected.ToString(CultureInfo.InvariantCulture)}.",
                name);
        }
    }

    /// <summary>Formats a double with the round-trip format, culture-invariant.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
