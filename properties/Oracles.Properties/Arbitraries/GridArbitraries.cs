using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Oracles.Core.Grids;

namespace Oracles.Properties.Arbitraries;

/// <summary>A small periodic grid, d = 1..3, odd, prime and power-of-two sizes, L ∈ {1, 2π, 0.75}.</summary>
/// <param name="Grid">The grid.</param>
public sealed record GridCase(PeriodicGrid Grid)
{
    /// <summary>The grid's size class, for <c>Classify</c>: <c>pow2</c>, <c>prime</c>, <c>odd</c> or <c>even</c>.</summary>
    public string SizeClass => GridArbitraries.SizeClass(Grid.Shape);

    /// <inheritdoc/>
    public override string ToString() => Grid.ToString();
}

/// <summary>A random complex grid signal with entries uniform in the unit square, built from <paramref name="Seed"/>.</summary>
/// <param name="Grid">The grid.</param>
/// <param name="Seed">The seed of the <see cref="System.Random"/> that made the samples (printed, so a case can be rebuilt).</param>
public sealed record GridSignal(PeriodicGrid Grid, int Seed)
{
    /// <summary>The samples x_j, flat row-major layout.</summary>
    public Complex[] Samples { get; } = GridArbitraries.RandomComplex(Grid.Count, Seed);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"signal on {Grid}, seed {Seed}");
}

/// <summary>Two signals on one grid and two complex weights, for linearity: F(a·x + b·y) = a·F(x) + b·F(y).</summary>
/// <param name="X">The first signal.</param>
/// <param name="Y">The second signal (same grid).</param>
/// <param name="A">Weight of x.</param>
/// <param name="B">Weight of y.</param>
public sealed record SignalPair(GridSignal X, GridSignal Y, Complex A, Complex B);

/// <summary>A signal and a cyclic shift by <paramref name="Shift"/> points along <paramref name="Axis"/>.</summary>
/// <param name="Signal">The signal.</param>
/// <param name="Axis">The axis shifted.</param>
/// <param name="Shift">The shift s, 0 ≤ s &lt; n_axis: y_j = x_{j − s e_axis}.</param>
public sealed record ShiftedSignal(GridSignal Signal, int Axis, int Shift);

/// <summary>An axis index 0, 1 or 2; properties reduce it modulo the grid's dimension.</summary>
/// <param name="Index">The index.</param>
public sealed record GridAxis(int Index);

/// <summary>A real trigonometric polynomial f = Re p whose modes are strictly below Nyquist (|m_a| ≤ ⌊(n_a − 1)/2⌋).</summary>
/// <param name="Polynomial">The polynomial p.</param>
public sealed record BandLimitedField(TrigPolynomial Polynomial)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Polynomial} on {Polynomial.Grid}";
}

/// <summary>A real trigonometric polynomial of degree &lt; n on every axis (|m_a| ≤ n_a − 1): the trapezoidal rule's exactness class.</summary>
/// <param name="Polynomial">The polynomial p.</param>
public sealed record QuadratureCase(TrigPolynomial Polynomial)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Polynomial} on {Polynomial.Grid}";
}

/// <summary>
/// FsCheck generators for grids, grid signals and band-limited fields (registered for the whole assembly in
/// <c>AssemblyInfo.cs</c>). Every generated case is rebuilt from small printed numbers (shape, L, seed), so a
/// failing case can be reproduced from its description as well as from FsCheck's replay seed.
/// </summary>
public static class GridArbitraries
{
    /// <summary>1-D sizes: powers of two, odd primes (Bluestein), odd and even composites, including the degenerate n = 2.</summary>
    internal static readonly int[] Line = [2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 15, 16, 17, 31, 32, 64, 97, 100, 128];

    /// <summary>Per-axis sizes in 2-D (axes drawn independently, so mixed shapes such as 7×16 occur).</summary>
    internal static readonly int[] Plane = [2, 3, 4, 5, 7, 8, 9, 11, 13, 16, 17, 32];

    /// <summary>Per-axis sizes in 3-D (kept small: at most 16³ = 4096 points).</summary>
    internal static readonly int[] Space = [2, 3, 4, 5, 7, 8, 9, 11, 16];

    private static readonly double[] Lengths = [1.0, 2 * Math.PI, 0.75];

    /// <summary>Grid shapes, d = 1, 2, 3 with equal weight.</summary>
    public static Gen<int[]> Shape() => Gen.OneOf(
        Gen.Elements(Line).Select(n => new[] { n }),
        from a in Gen.Elements(Plane) from b in Gen.Elements(Plane) select new[] { a, b },
        from a in Gen.Elements(Space) from b in Gen.Elements(Space) from c in Gen.Elements(Space) select new[] { a, b, c });

    /// <summary>Grids of every shape above with L ∈ {1, 2π, 0.75}.</summary>
    public static Gen<PeriodicGrid> GridGen() =>
        from shape in Shape()
        from length in Gen.Elements(Lengths)
        select new PeriodicGrid(shape, length);

    /// <summary>The seed of a case's <see cref="System.Random"/>.</summary>
    public static Gen<int> Seed() => Gen.Choose(0, int.MaxValue - 1);

    /// <summary>A complex weight with parts in [−2, 2] on a 1/1000 lattice (never NaN or ∞).</summary>
    public static Gen<Complex> Weight() =>
        from re in Gen.Choose(-2000, 2000)
        from im in Gen.Choose(-2000, 2000)
        select new Complex(re / 1000.0, im / 1000.0);

    /// <summary>Arbitrary grids.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<GridCase> Grids() => GridGen().Select(g => new GridCase(g)).ToArbitrary();

    /// <summary>Arbitrary axis indices 0..2.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<GridAxis> Axes() => Gen.Choose(0, 2).Select(a => new GridAxis(a)).ToArbitrary();

    /// <summary>Arbitrary random complex signals.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<GridSignal> Signals() => SignalGen().ToArbitrary();

    /// <summary>Arbitrary pairs of signals with weights.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<SignalPair> SignalPairs() =>
        (from grid in GridGen()
         from s1 in Seed()
         from s2 in Seed()
         from a in Weight()
         from b in Weight()
         select new SignalPair(new GridSignal(grid, s1), new GridSignal(grid, s2), a, b)).ToArbitrary();

    /// <summary>Arbitrary cyclic shifts of a signal.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ShiftedSignal> ShiftedSignals() =>
        (from signal in SignalGen()
         from axis in Gen.Choose(0, signal.Grid.Dimension - 1)
         from shift in Gen.OneOf(Gen.Constant(1), Gen.Choose(0, signal.Grid.Shape[axis] - 1))
         select new ShiftedSignal(signal, axis, shift)).ToArbitrary();

    /// <summary>Arbitrary real band-limited fields, modes strictly below Nyquist, 1 to 6 terms.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<BandLimitedField> BandLimitedFields() =>
        (from grid in GridGen()
         from seed in Seed()
         select new BandLimitedField(TrigPolynomial.Random(grid, new Random(seed), n => (n - 1) / 2, maxTerms: 6))).ToArbitrary();

    /// <summary>Arbitrary real trigonometric polynomials of degree &lt; n, 1 to 6 terms.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<QuadratureCase> QuadratureCases() =>
        (from grid in GridGen()
         from seed in Seed()
         select new QuadratureCase(TrigPolynomial.Random(grid, new Random(seed), n => n - 1, maxTerms: 6))).ToArbitrary();

    /// <summary>The size class of a shape: <c>pow2</c> (every axis), else <c>prime</c> (some axis an odd prime), else <c>odd</c>, else <c>even</c>.</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>The class.</returns>
    public static string SizeClass(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.All(n => BitOperations.IsPow2(n)) ? "pow2"
            : shape.Any(n => n > 2 && IsPrime(n)) ? "prime"
            : shape.Any(n => n % 2 == 1) ? "odd"
            : "even";
    }

    internal static Complex[] RandomComplex(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new Complex[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = new Complex((2 * rng.NextDouble()) - 1, (2 * rng.NextDouble()) - 1);
        }

        return x;
    }

    private static Gen<GridSignal> SignalGen() =>
        from grid in GridGen()
        from seed in Seed()
        select new GridSignal(grid, seed);

    private static bool IsPrime(int n)
    {
        for (var p = 2; p * p <= n; p++)
        {
            if (n % p == 0)
            {
                return false;
            }
        }

        return n >= 2;
    }
}
