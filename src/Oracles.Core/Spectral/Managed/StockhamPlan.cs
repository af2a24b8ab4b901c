using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Oracles.Core.Spectral.Managed;

/// <summary>The SIMD width a managed plan uses (tests force each level on the same machine).</summary>
internal enum SimdLevel
{
    /// <summary>Two doubles at a time, no intrinsics.</summary>
    Scalar,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector256{T}"/>: two complex numbers per register.</summary>
    Vector256,

    /// <summary><see cref="System.Runtime.Intrinsics.Vector512{T}"/>: four complex numbers per register.</summary>
    Vector512,
}

/// <summary>
/// A length n = 2^a·3^b·5^c: radix-4 Stockham passes, then radix-3 and radix-5 passes, then one radix-2 pass when a
/// factor 2 is left, with all twiddles precomputed. Immutable, so one instance serves every thread.
/// </summary>
internal sealed class StockhamPlan
{
    private readonly Pass[] passes;
    private readonly Complex[] twiddles;

    public StockhamPlan(int n, SimdLevel level)
    {
        if (!IsSupported(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A Stockham plan needs n = 2^a·3^b·5^c.");
        }

        N = n;
        Level = level;
        var list = new List<Pass>();
        var tw = new List<Complex>();
        var s = 1;
        foreach (var radix in Radices(n))
        {
            var m = n / s / radix;
            list.Add(new Pass(radix, m, s, tw.Count));
            if (radix != 2 && (m > 1 || radix != 4))
            {
                // w^{t·p} with w = e^{∓2πi/(radix·m)} = e^{∓2πi·s/n}, blocks t = 1 … radix − 1 of m entries each.
                for (var t = 1; t < radix; t++)
                {
                    for (var p = 0; p < m; p++)
                    {
                        tw.Add(Twiddle((long)t * p * s, n));
                    }
                }
            }

            s *= radix;
        }

        // A trailing 1 keeps every pass's offset a valid index (twiddle-free last passes point past their predecessor's block).
        tw.Add(Complex.One);
        passes = list.ToArray();
        twiddles = tw.ToArray();
    }

    /// <summary>True when n = 2^a·3^b·5^c (n ≥ 1): the lengths with Stockham passes; others go to Bluestein.</summary>
    public static bool IsSupported(int n)
    {
        if (n < 1)
        {
            return false;
        }

        foreach (var f in new[] { 2, 3, 5 })
        {
            while (n % f == 0)
            {
                n /= f;
            }
        }

        return n == 1;
    }

    /// <summary>
    /// The pass radices: 4s first (the first pass, s = 1, is the one vectorised across p), then 3s and 5s, and a single
    /// 2 last, so radix 2 only ever runs as a twiddle-free last pass.
    /// </summary>
    private static List<int> Radices(int n)
    {
        var radices = new List<int>();
        while (n % 4 == 0)
        {
            radices.Add(4);
            n /= 4;
        }

        var two = n % 2 == 0;
        if (two)
        {
            n /= 2;
        }

        foreach (var f in new[] { 3, 5 })
        {
            while (n % f == 0)
            {
                radices.Add(f);
                n /= f;
            }
        }

        if (two)
        {
            radices.Add(2);
        }

        return radices;
    }

    public int N { get; }

    public SimdLevel Level { get; }

    /// <summary>e^{−2πi·t/n}, with t reduced mod n and the angle folded into [0, π/4] for full accuracy.</summary>
    internal static Complex Twiddle(long t, long n)
    {
        t %= n;
        if (t < 0)
        {
            t += n;
        }

        // Reduce to an octant: 8t = k·n + r keeps cos/sin arguments ≤ π/4 where they are most accurate.
        var eighth = 8 * t;
        var octant = (int)(eighth / n);
        var angleNumerator = eighth - (octant * n); // in [0, n), angle = (π/4)·(octant + angleNumerator/n)
        double c, sn;
        if ((octant & 1) == 0)
        {
            var theta = Math.PI / 4 * angleNumerator / n;
            (sn, c) = Math.SinCos(theta);
        }
        else
        {
            var theta = Math.PI / 4 * (n - angleNumerator) / n;
            (c, sn) = Math.SinCos(theta);
        }

        // (c, sn) are cos/sin of the angle within the first octant pair; rotate by the quarter turns.
        var quarter = octant / 2;
        var (re, im) = quarter switch
        {
            0 => (c, sn),
            1 => (-sn, c),
            2 => (-c, -sn),
            _ => (sn, -c),
        };
        return new Complex(re, -im);
    }

    /// <summary>
    /// One contiguous line: dst = scale·FFT(src), src and dst of length n (they may be the same memory; src is read
    /// only by the first pass), scratch of length n.
    /// </summary>
    public void Line(ref Complex src, ref Complex dst, ref Complex scratch, bool inverse, double scale)
    {
        switch (Level)
        {
            case SimdLevel.Vector512:
                Line<Complex512>(ref src, ref dst, ref scratch, inverse, scale);
                break;
            case SimdLevel.Vector256:
                Line<Complex256>(ref src, ref dst, ref scratch, inverse, scale);
                break;
            default:
                Line<ScalarComplex>(ref src, ref dst, ref scratch, inverse, scale);
                break;
        }
    }

    /// <summary>
    /// A batch of <paramref name="columns"/> lines along a strided axis, in place: element j of line b sits at
    /// data[j·stride + b]. <paramref name="bufferA"/> and <paramref name="bufferB"/> each hold n·columns numbers.
    /// </summary>
    public void Columns(ref Complex data, nint stride, int columns, ref Complex bufferA, ref Complex bufferB, bool inverse, double scale)
    {
        switch (Level)
        {
            case SimdLevel.Vector512:
                Columns<Complex512>(ref data, stride, columns, ref bufferA, ref bufferB, inverse, scale);
                break;
            case SimdLevel.Vector256:
                Columns<Complex256>(ref data, stride, columns, ref bufferA, ref bufferB, inverse, scale);
                break;
            default:
                Columns<ScalarComplex>(ref data, stride, columns, ref bufferA, ref bufferB, inverse, scale);
                break;
        }
    }

    /// <summary>Span convenience for <see cref="Line(ref Complex, ref Complex, ref Complex, bool, double)"/>.</summary>
    public void Line(ReadOnlySpan<Complex> src, Span<Complex> dst, Span<Complex> scratch, bool inverse, double scale)
    {
        if (src.Length < N || dst.Length < N || scratch.Length < N)
        {
            throw new ArgumentException($"A line of the length-{N} plan needs {N} numbers in source, destination and scratch.");
        }

        Line(ref MemoryMarshal.GetReference(src), ref MemoryMarshal.GetReference(dst), ref MemoryMarshal.GetReference(scratch), inverse, scale);
    }

    private void Line<T>(ref Complex src, ref Complex dst, ref Complex scratch, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        var count = passes.Length;
        if (count == 0)
        {
            StockhamKernels.Copy(ref src, 1, ref dst, 1, 1, 1, scale);
            return;
        }

        ref var input = ref src;
        for (var k = 0; k < count; k++)
        {
            var pass = passes[k];
            var last = k == count - 1;
            ref var output = ref (last ? ref dst : ref (k % 2 == 0 ? ref scratch : ref dst));
            if (k == 0 && !last && pass.Radix == 4 && pass.M % T.Count == 0)
            {
                StockhamKernels.Radix4First<T>(ref input, ref output, pass.M, ref twiddles[pass.TwiddleOffset], inverse);
            }
            else
            {
                // A single line: rows of length s (rowStride = s), one q; the last pass (m = 1) may run in place.
                RunPass<T>(pass, last, ref input, pass.S, ref output, pass.S, 1, pass.S, inverse, last ? scale : 1.0);
            }

            input = ref output;
        }
    }

    private void Columns<T>(ref Complex data, nint stride, int columns, ref Complex bufferA, ref Complex bufferB, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        var count = passes.Length;
        if (count == 0)
        {
            if (scale != 1.0)
            {
                StockhamKernels.Copy(ref data, stride, ref data, stride, 1, columns, scale);
            }

            return;
        }

        ref var input = ref data;
        nint inputRow = stride;
        for (var k = 0; k < count; k++)
        {
            var pass = passes[k];
            var last = k == count - 1;
            ref var output = ref (last ? ref data : ref (k % 2 == 0 ? ref bufferA : ref bufferB));
            nint outputRow = last ? stride : columns;
            RunPass<T>(pass, last, ref input, inputRow, ref output, outputRow, pass.S, columns, inverse, last ? scale : 1.0);
            input = ref output;
            inputRow = outputRow;
        }
    }

    /// <summary>One pass over columns [0, columns) of every row: SIMD for whole registers, scalar for the tail.</summary>
    private void RunPass<T>(
        Pass pass, bool last, ref Complex input, nint inputRow, ref Complex output, nint outputRow, int s, int columns, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        var vectorEnd = columns - (columns % T.Count);
        if (vectorEnd > 0)
        {
            RunPassRange<T>(pass, last, ref input, inputRow, ref output, outputRow, s, 0, vectorEnd, inverse, scale);
        }

        if (vectorEnd < columns)
        {
            RunPassRange<ScalarComplex>(pass, last, ref input, inputRow, ref output, outputRow, s, vectorEnd, columns, inverse, scale);
        }
    }

    private void RunPassRange<T>(
        Pass pass, bool last, ref Complex input, nint inputRow, ref Complex output, nint outputRow, int s, int from, int to, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        ref var tw = ref twiddles[pass.TwiddleOffset];
        switch (pass.Radix)
        {
            case 4 when last:
                StockhamKernels.Radix4Last<T>(ref input, inputRow, ref output, outputRow, s, from, to, inverse, scale);
                break;
            case 4:
                StockhamKernels.Radix4<T>(ref input, inputRow, ref output, outputRow, pass.M, s, from, to, ref tw, inverse);
                break;
            case 2:
                StockhamKernels.Radix2Last<T>(ref input, inputRow, ref output, outputRow, s, from, to, scale);
                break;
            case 3:
                StockhamKernels.Radix3<T>(ref input, inputRow, ref output, outputRow, pass.M, s, from, to, ref tw, inverse, scale);
                break;
            default:
                StockhamKernels.Radix5<T>(ref input, inputRow, ref output, outputRow, pass.M, s, from, to, ref tw, inverse, scale);
                break;
        }
    }

    private readonly record struct Pass(int Radix, int M, int S, int TwiddleOffset);
}
