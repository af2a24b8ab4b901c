using System.Numerics;
using Oracles.Core.Spectral;

namespace Oracles.Tests.Core;

public class FftTests
{
    public static TheoryData<int[]> Shapes() => new()
    {
        new[] { 1 }, new[] { 2 }, new[] { 3 }, new[] { 8 }, new[] { 15 }, new[] { 16 }, new[] { 17 }, new[] { 97 }, new[] { 100 }, new[] { 128 },
        new[] { 6, 5 }, new[] { 8, 8 }, new[] { 7, 16 }, new[] { 4, 3, 5 }, new[] { 8, 8, 8 }, new[] { 5, 6, 7 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_matches_the_naive_DFT(int[] shape)
    {
        var x = Random(shape, seed: 11);
        var expected = ReferenceDft.Transform(shape, x, sign: -1);
        var actual = (Complex[])x.Clone();
        Fft.Forward(shape, actual);

        // Round-off of an FFT grows like eps·log2(N)·‖x‖; the naive DFT's own error is eps·N·‖x‖.
        // The bound below (64·eps·N·max|X|) covers both with a safety factor of ~10 for N ≤ 512.
        var scale = expected.Max(z => z.Magnitude);
        var tol = (64 * 2.220446049250313e-16 * x.Length * Math.Max(scale, 1));
        MaxError(expected, actual).ShouldBeLessThan(tol);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Inverse_matches_the_naive_DFT_scaled_by_one_over_N(int[] shape)
    {
        var x = Random(shape, seed: 5);
        var expected = ReferenceDft.Transform(shape, x, sign: +1).Select(z => z / x.Length).ToArray();
        var actual = (Complex[])x.Clone();
        Fft.Inverse(shape, actual);
        MaxError(expected, actual).ShouldBeLessThan(64 * 2.220446049250313e-16 * Math.Max(1, expected.Max(z => z.Magnitude)) * x.Length);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Round_trip_returns_the_input_and_Parseval_holds(int[] shape)
    {
        var x = Random(shape, seed: 3);
        var y = (Complex[])x.Clone();
        Fft.Forward(shape, y);
        var energyX = x.Sum(z => z.Magnitude * z.Magnitude);
        var energyY = y.Sum(z => z.Magnitude * z.Magnitude) / x.Length;

        // Parseval with forward unscaled: Σ|x|² = (1/N) Σ|X|²; relative round-off O(eps·log N).
        Math.Abs(energyX - energyY).ShouldBeLessThan(1e-13 * energyX * Math.Log2(2 + x.Length));
        Fft.Inverse(shape, y);
        MaxError(x, y).ShouldBeLessThan(1e-14 * Math.Log2(2 + x.Length) * 10);
    }

    internal static Complex[] Random(int[] shape, int seed)
    {
        var rng = new Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Enumerable.Range(0, n).Select(_ => new Complex((rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1)).ToArray();
    }

    internal static double MaxError(Complex[] a, Complex[] b) => a.Zip(b, (p, q) => (p - q).Magnitude).Max();
}
