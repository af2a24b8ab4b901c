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
/// A power-of-two length n = 4^a·2^b (b ≤ 1): radix-4 Stockham passes, then one radix-2 pass when log₂ n is odd, with
/// all twiddles precomputed. Immutable, so one instance serves every thread.
/// </summary>
internal sealed class StockhamPlan
{
    private readonly Pass[] passes;
    private readonly Complex[] twiddles;

    public StockhamPlan(int n, SimdLevel level)
    {
        if (n < 1 || !BitOperations.IsPow2(n))
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "A Stockham plan needs a power of two.");
        }

        N = n;
        Level = level;
        var list = new List<Pass>();
        var tw = new List<Complex>();
        var s = 1;
        while (s < n)
        {
            var remaining = n / s;
            var radix = remaining >= 4 ? 4 : 2;
            var m = remaining / radix;
            list.Add(new Pass(radix, m, s, tw.Count));
            if (m > 1)
            {
                for (var t = 1; t <= 3; t++)
                {
                    for (var p = 0; p < m; p++)
                    {
                        tw.Add(Twiddle((long)t * p * s, n));
                    }
                }
            }

            s *= radix;
        }

        passes = list.ToArray();
        twiddles = tw.ToArray();
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
            if (last)
            {
                // m = 1: rows q + s·t of length s = n / radix; in place is safe.
                RunLast<T>(pass, ref input, pass.S, ref output, pass.S, 1, pass.S, inverse, scale);
            }
            else if (k == 0)
            {
                ref var tw = ref twiddles[pass.TwiddleOffset];
                if (pass.M >= T.Count)
                {
                    StockhamKernels.Radix4First<T>(ref input, ref output, pass.M, ref tw, inverse);
                }
                else
                {
                    StockhamKernels.Radix4<ScalarComplex>(ref input, 1, ref output, 1, pass.M, 1, 0, 1, ref tw, inverse);
                }
            }
            else
            {
                ref var tw = ref twiddles[pass.TwiddleOffset];
                var vectorEnd = pass.S - (pass.S % T.Count);
                StockhamKernels.Radix4<T>(ref input, pass.S, ref output, pass.S, pass.M, 1, 0, vectorEnd, ref tw, inverse);
                if (vectorEnd < pass.S)
                {
                    StockhamKernels.Radix4<ScalarComplex>(ref input, pass.S, ref output, pass.S, pass.M, 1, vectorEnd, pass.S, ref tw, inverse);
                }
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
        var vectorEnd = columns - (columns % T.Count);
        for (var k = 0; k < count; k++)
        {
            var pass = passes[k];
            var last = k == count - 1;
            ref var output = ref (last ? ref data : ref (k % 2 == 0 ? ref bufferA : ref bufferB));
            nint outputRow = last ? stride : columns;
            if (last)
            {
                RunLast<T>(pass, ref input, inputRow, ref output, outputRow, pass.S, columns, inverse, scale);
            }
            else
            {
                ref var tw = ref twiddles[pass.TwiddleOffset];
                StockhamKernels.Radix4<T>(ref input, inputRow, ref output, outputRow, pass.M, pass.S, 0, vectorEnd, ref tw, inverse);
                if (vectorEnd < columns)
                {
                    StockhamKernels.Radix4<ScalarComplex>(ref input, inputRow, ref output, outputRow, pass.M, pass.S, vectorEnd, columns, ref tw, inverse);
                }
            }

            input = ref output;
            inputRow = outputRow;
        }
    }

    private static void RunLast<T>(Pass pass, ref Complex input, nint inputRow, ref Complex output, nint outputRow, int s, int columns, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        var vectorEnd = columns - (columns % T.Count);
        if (pass.Radix == 4)
        {
            StockhamKernels.Radix4Last<T>(ref input, inputRow, ref output, outputRow, s, 0, vectorEnd, inverse, scale);
            if (vectorEnd < columns)
            {
                StockhamKernels.Radix4Last<ScalarComplex>(ref input, inputRow, ref output, outputRow, s, vectorEnd, columns, inverse, scale);
            }
        }
        else
        {
            StockhamKernels.Radix2Last<T>(ref input, inputRow, ref output, outputRow, s, 0, vectorEnd, scale);
            if (vectorEnd < columns)
            {
                StockhamKernels.Radix2Last<ScalarComplex>(ref input, inputRow, ref output, outputRow, s, vectorEnd, columns, scale);
            }
        }
    }

    private readonly record struct Pass(int Radix, int M, int S, int TwiddleOffset);
}
