using System.Numerics;

namespace Oracles.Properties;

/// <summary>
/// Round-off scales shared by the properties' tolerances. Each tolerance in a property is one of these bounds
/// times the scale of the data, with the reason written next to it.
/// </summary>
internal static class RoundOff
{
    /// <summary>Unit round-off of double, 2⁻⁵².</summary>
    public const double Eps = 2.220446049250313e-16;

    /// <summary>
    /// Relative L² error of one FFT of N points, for every backend behind <c>Fft</c>: Higham (Accuracy and Stability,
    /// 2nd ed., Thm 24.2) bounds radix-2 Cooley–Tukey by log₂N·η with η = μ + γ₄(√2 + μ) ≈ 7·eps; radix-4 (Stockham)
    /// and FFTW's codelets have fewer stages, hence no more; Bluestein (sizes with large prime factors) does three
    /// power-of-two transforms of size &lt; 4N plus two chirp products, ≈ 3× that. 32·eps·(log₂N + 2) covers all of them
    /// with a factor ≈ 1.5 to spare; multi-dimensional transforms add the per-axis errors, i.e. log₂ of the total N.
    /// </summary>
    /// <param name="n">Total number of points.</param>
    /// <returns>The relative error bound.</returns>
    public static double Fft(int n) => 32 * Eps * (Math.Log2(n) + 2);

    /// <summary>‖x‖₂ (plain Euclidean norm, compensated sum of squares).</summary>
    /// <param name="x">Values.</param>
    /// <returns>The norm.</returns>
    public static double Norm(ReadOnlySpan<Complex> x)
    {
        double sum = 0, c = 0;
        foreach (var z in x)
        {
            Add(ref sum, ref c, (z.Real * z.Real) + (z.Imaginary * z.Imaginary));
        }

        return Math.Sqrt(sum + c);
    }

    /// <summary>‖x‖₂ of real values.</summary>
    /// <param name="x">Values.</param>
    /// <returns>The norm.</returns>
    public static double Norm(ReadOnlySpan<double> x)
    {
        double sum = 0, c = 0;
        foreach (var v in x)
        {
            Add(ref sum, ref c, v * v);
        }

        return Math.Sqrt(sum + c);
    }

    /// <summary>‖a − b‖₂.</summary>
    /// <param name="a">First.</param>
    /// <param name="b">Second.</param>
    /// <returns>The distance.</returns>
    public static double Distance(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b)
    {
        double sum = 0, c = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            Add(ref sum, ref c, (d.Real * d.Real) + (d.Imaginary * d.Imaginary));
        }

        return Math.Sqrt(sum + c);
    }

    /// <summary>max_j |a_j − b_j|.</summary>
    /// <param name="a">First.</param>
    /// <param name="b">Second.</param>
    /// <returns>The distance.</returns>
    public static double MaxDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    /// <summary>Neumaier-compensated Σ x_j (error ≈ 2·eps·Σ|x_j|, independent of the count).</summary>
    /// <param name="x">Values.</param>
    /// <returns>The sum.</returns>
    public static double Sum(ReadOnlySpan<double> x)
    {
        double sum = 0, c = 0;
        foreach (var v in x)
        {
            Add(ref sum, ref c, v);
        }

        return sum + c;
    }

    /// <summary>Formats a number for labels (round-trip, invariant).</summary>
    /// <param name="x">The number.</param>
    /// <returns>The text.</returns>
    public static string F(double x) => x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private static void Add(ref double sum, ref double c, double x)
    {
        var t = sum + x;
        c += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
}
