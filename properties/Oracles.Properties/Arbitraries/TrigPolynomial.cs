using System.Globalization;
using System.Numerics;
using Oracles.Core.Grids;

namespace Oracles.Properties.Arbitraries;

/// <summary>One term c·e^{2πi m·x/L} of a trigonometric polynomial.</summary>
/// <param name="Mode">The integer mode m, one entry per axis.</param>
/// <param name="Coefficient">The coefficient c.</param>
public sealed record TrigTerm(int[] Mode, Complex Coefficient);

/// <summary>
/// A trigonometric polynomial p(x) = Σ_t c_t e^{2πi m_t·x/L} on a <see cref="PeriodicGrid"/>: the independent
/// reference of the spectral properties. Its samples, derivatives and integral are computed term by term from the
/// closed form, never through <c>Fft</c> or <c>SpectralOperators</c>.
/// </summary>
/// <remarks>
/// The phase of each sample is reduced exactly in integers, 2π·((m_a·j_a) mod n_a)/n_a, so the reference is
/// accurate to a few ulps of |c| whatever the mode (no large arguments to sin/cos).
/// </remarks>
public sealed class TrigPolynomial
{
    /// <summary>Creates the polynomial.</summary>
    /// <param name="grid">The grid it is sampled on.</param>
    /// <param name="terms">The terms (repeated modes add up).</param>
    public TrigPolynomial(PeriodicGrid grid, IReadOnlyList<TrigTerm> terms)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(terms);
        Grid = grid;
        Terms = terms.ToArray();
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; }

    /// <summary>The terms.</summary>
    public IReadOnlyList<TrigTerm> Terms { get; }

    /// <summary>Σ|c_t|: bounds max|p| and scales the round-off of every sampled quantity.</summary>
    public double AbsCoefficientSum => Terms.Sum(t => t.Coefficient.Magnitude);

    /// <summary>The largest |m_a| over all terms and axes.</summary>
    public int MaxAbsMode => Terms.Count == 0 ? 0 : Terms.Max(t => t.Mode.Max(Math.Abs));

    /// <summary>The mean (1/L^d)∫p: the sum of the coefficients of the zero mode.</summary>
    public Complex Mean => Terms.Where(t => t.Mode.All(m => m == 0)).Aggregate(Complex.Zero, (s, t) => s + t.Coefficient);

    /// <summary>A polynomial with every coefficient multiplied by <paramref name="symbol"/>(m).</summary>
    /// <param name="symbol">The Fourier symbol, e.g. 2πi m_a/L for ∂_a.</param>
    /// <returns>The new polynomial on the same grid.</returns>
    public TrigPolynomial Map(Func<int[], Complex> symbol) =>
        new(Grid, Terms.Select(t => t with { Coefficient = t.Coefficient * symbol(t.Mode) }).ToArray());

    /// <summary>The exact ∂p/∂x_axis: symbol 2πi m_axis/L.</summary>
    /// <param name="axis">The axis.</param>
    /// <returns>The derivative.</returns>
    public TrigPolynomial Derivative(int axis) => Map(m => new Complex(0, 2 * Math.PI * m[axis] / Grid.Length));

    /// <summary>The exact Δp: symbol −(2π/L)²|m|².</summary>
    /// <returns>The Laplacian.</returns>
    public TrigPolynomial Laplacian() =>
        Map(m => -(2 * Math.PI / Grid.Length) * (2 * Math.PI / Grid.Length) * m.Sum(x => (double)x * x));

    /// <summary>The complex samples p(x_j) in the flat row-major layout.</summary>
    /// <returns>The samples.</returns>
    public Complex[] Sample()
    {
        var d = Grid.Dimension;
        var result = new Complex[Grid.Count];
        var index = new int[d];
        for (var i = 0; i < Grid.Count; i++)
        {
            var rem = i;
            for (var a = d - 1; a >= 0; a--)
            {
                index[a] = rem % Grid.Shape[a];
                rem /= Grid.Shape[a];
            }

            var sum = Complex.Zero;
            foreach (var term in Terms)
            {
                // Turns = Σ_a ((m_a j_a) mod n_a)/n_a, reduced in integers so the angle stays in [0, 2π·d).
                var turns = 0.0;
                for (var a = 0; a < d; a++)
                {
                    var n = Grid.Shape[a];
                    var r = (int)(((long)term.Mode[a] * index[a]) % n);
                    turns += (double)(r < 0 ? r + n : r) / n;
                }

                var (sin, cos) = Math.SinCos(2 * Math.PI * turns);
                sum += term.Coefficient * new Complex(cos, sin);
            }

            result[i] = sum;
        }

        return result;
    }

    /// <summary>The real samples Re p(x_j).</summary>
    /// <returns>The samples.</returns>
    public double[] SampleReal() => Sample().Select(z => z.Real).ToArray();

    /// <summary>Text such as <c>3 terms, |m| ≤ 4, Σ|c| = 1.2</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Terms.Count} terms, |m| ≤ {MaxAbsMode}, Σ|c| = {AbsCoefficientSum:G4}");

    /// <summary>A random polynomial: 1 to <paramref name="maxTerms"/> terms, modes with |m_a| ≤ maxMode(n_a), coefficients in the unit square.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="rng">The seeded generator.</param>
    /// <param name="maxMode">The largest |m_a| allowed on an axis of n_a points.</param>
    /// <param name="maxTerms">The largest number of terms.</param>
    /// <returns>The polynomial.</returns>
    public static TrigPolynomial Random(PeriodicGrid grid, Random rng, Func<int, int> maxMode, int maxTerms)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(maxMode);
        var count = rng.Next(1, maxTerms + 1);
        var terms = new TrigTerm[count];
        for (var t = 0; t < count; t++)
        {
            var mode = grid.Shape.Select(n => rng.Next(-maxMode(n), maxMode(n) + 1)).ToArray();
            terms[t] = new TrigTerm(mode, new Complex((2 * rng.NextDouble()) - 1, (2 * rng.NextDouble()) - 1));
        }

        return new TrigPolynomial(grid, terms);
    }
}
