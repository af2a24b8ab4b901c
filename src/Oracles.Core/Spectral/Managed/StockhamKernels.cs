using System.Numerics;
using System.Runtime.CompilerServices;

namespace Oracles.Core.Spectral.Managed;

/// <summary>
/// The butterflies of the Stockham auto-sort FFT (decimation in frequency), written once for every
/// <see cref="IComplexVector{TSelf}"/>.
/// </summary>
/// <remarks>
/// <para>A pass of radix r on a sub-transform of length r·m with stride s maps (OTFFT's formulation)
/// y[q + s(r·p + t)] = w^{t·p} Σ_u x[q + s(p + u·m)] e^{∓2πi t·u/r}, p &lt; m, q &lt; s, t &lt; r, w = e^{∓2πi/(r·m)}.
/// Its output is already in natural order after the last pass, so there is no bit-reversal.</para>
/// <para>Data are addressed as rows: the complex number (row R, column b) sits at base + R·rowStride + b, and a
/// kernel processes columns [from, to) of every row. A single line uses rows of length s (rowStride = s, one q);
/// a batch of lines along a strided axis uses rows of the batch width (rowStride = the axis stride), so the
/// vector lanes run across lines and need no shuffles.</para>
/// </remarks>
internal static class StockhamKernels
{
    /// <summary>A radix-4 pass with twiddles (m ≥ 2); out of place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix4<T>(
        ref Complex src, nint srcRow, ref Complex dst, nint dstRow, int m, int s, int from, int to, ref Complex twiddles, bool inverse)
        where T : struct, IComplexVector<T>
    {
        unchecked
        {
            var rot = inverse ? T.Create(-1, 1) : T.Create(1, -1);
            var conj = inverse ? T.Create(1, -1) : T.Create(-1, 1);
            var width = T.Count;
            for (nint p = 0; p < m; p++)
            {
                ref var tw = ref Unsafe.Add(ref twiddles, p);
                var t1 = Unsafe.Add(ref tw, 0);
                var t2 = Unsafe.Add(ref tw, m);
                var t3 = Unsafe.Add(ref tw, 2 * m);
                T.Split(T.Create(t1.Real, t1.Imaginary), conj, out var w1r, out var w1i);
                T.Split(T.Create(t2.Real, t2.Imaginary), conj, out var w2r, out var w2i);
                T.Split(T.Create(t3.Real, t3.Imaginary), conj, out var w3r, out var w3i);
                for (nint q = 0; q < s; q++)
                {
                    ref var x0 = ref Unsafe.Add(ref src, srcRow * (q + (s * p)));
                    ref var x1 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + m))));
                    ref var x2 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + (2 * m)))));
                    ref var x3 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + (3 * m)))));
                    ref var y0 = ref Unsafe.Add(ref dst, dstRow * (q + (s * (4 * p))));
                    ref var y1 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((4 * p) + 1))));
                    ref var y2 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((4 * p) + 2))));
                    ref var y3 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((4 * p) + 3))));
                    for (nint b = from; b < to; b += width)
                    {
                        var a = T.Load(ref Unsafe.Add(ref x0, b));
                        var bb = T.Load(ref Unsafe.Add(ref x1, b));
                        var c = T.Load(ref Unsafe.Add(ref x2, b));
                        var d = T.Load(ref Unsafe.Add(ref x3, b));
                        var apc = a + c;
                        var amc = a - c;
                        var bpd = bb + d;
                        var bmd = T.Rotate(bb - d, rot);
                        T.Store(ref Unsafe.Add(ref y0, b), apc + bpd);
                        T.Store(ref Unsafe.Add(ref y1, b), T.Multiply(amc + bmd, w1r, w1i));
                        T.Store(ref Unsafe.Add(ref y2, b), T.Multiply(apc - bpd, w2r, w2i));
                        T.Store(ref Unsafe.Add(ref y3, b), T.Multiply(amc - bmd, w3r, w3i));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The first radix-4 pass of a single contiguous line (s = 1, m ≥ T.Count, m a multiple of T.Count): vectorised
    /// over p with per-lane twiddles and a transposing store.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix4First<T>(ref Complex src, ref Complex dst, int m, ref Complex twiddles, bool inverse)
        where T : struct, IComplexVector<T>
    {
        unchecked
        {
            var rot = inverse ? T.Create(-1, 1) : T.Create(1, -1);
            var conj = inverse ? T.Create(1, -1) : T.Create(-1, 1);
            var width = T.Count;
            nint mm = m;
            for (nint p = 0; p < mm; p += width)
            {
                T.Split(T.Load(ref Unsafe.Add(ref twiddles, p)), conj, out var w1r, out var w1i);
                T.Split(T.Load(ref Unsafe.Add(ref twiddles, mm + p)), conj, out var w2r, out var w2i);
                T.Split(T.Load(ref Unsafe.Add(ref twiddles, (2 * mm) + p)), conj, out var w3r, out var w3i);
                var a = T.Load(ref Unsafe.Add(ref src, p));
                var bb = T.Load(ref Unsafe.Add(ref src, p + mm));
                var c = T.Load(ref Unsafe.Add(ref src, p + (2 * mm)));
                var d = T.Load(ref Unsafe.Add(ref src, p + (3 * mm)));
                var apc = a + c;
                var amc = a - c;
                var bpd = bb + d;
                var bmd = T.Rotate(bb - d, rot);
                T.StoreTransposed(
                    ref Unsafe.Add(ref dst, 4 * p),
                    apc + bpd,
                    T.Multiply(amc + bmd, w1r, w1i),
                    T.Multiply(apc - bpd, w2r, w2i),
                    T.Multiply(amc - bmd, w3r, w3i));
            }
        }
    }

    /// <summary>The last radix-4 pass (m = 1, no twiddles), times <paramref name="scale"/>; may run in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix4Last<T>(ref Complex src, nint srcRow, ref Complex dst, nint dstRow, int s, int from, int to, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        unchecked
        {
            var rot = inverse ? T.Create(-scale, scale) : T.Create(scale, -scale);
            var width = T.Count;
            nint ss = s;
            for (nint q = 0; q < ss; q++)
            {
                ref var x0 = ref Unsafe.Add(ref src, srcRow * q);
                ref var x1 = ref Unsafe.Add(ref src, srcRow * (q + ss));
                ref var x2 = ref Unsafe.Add(ref src, srcRow * (q + (2 * ss)));
                ref var x3 = ref Unsafe.Add(ref src, srcRow * (q + (3 * ss)));
                ref var y0 = ref Unsafe.Add(ref dst, dstRow * q);
                ref var y1 = ref Unsafe.Add(ref dst, dstRow * (q + ss));
                ref var y2 = ref Unsafe.Add(ref dst, dstRow * (q + (2 * ss)));
                ref var y3 = ref Unsafe.Add(ref dst, dstRow * (q + (3 * ss)));
                for (nint b = from; b < to; b += width)
                {
                    var a = T.Load(ref Unsafe.Add(ref x0, b));
                    var bb = T.Load(ref Unsafe.Add(ref x1, b));
                    var c = T.Load(ref Unsafe.Add(ref x2, b));
                    var d = T.Load(ref Unsafe.Add(ref x3, b));
                    var apc = (a + c) * scale;
                    var amc = (a - c) * scale;
                    var bpd = (bb + d) * scale;
                    var bmd = T.Rotate(bb - d, rot);
                    T.Store(ref Unsafe.Add(ref y0, b), apc + bpd);
                    T.Store(ref Unsafe.Add(ref y1, b), amc + bmd);
                    T.Store(ref Unsafe.Add(ref y2, b), apc - bpd);
                    T.Store(ref Unsafe.Add(ref y3, b), amc - bmd);
                }
            }
        }
    }

    /// <summary>The last radix-2 pass (m = 1, no twiddles), times <paramref name="scale"/>; may run in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix2Last<T>(ref Complex src, nint srcRow, ref Complex dst, nint dstRow, int s, int from, int to, double scale)
        where T : struct, IComplexVector<T>
    {
        unchecked
        {
            var width = T.Count;
            nint ss = s;
            for (nint q = 0; q < ss; q++)
            {
                ref var x0 = ref Unsafe.Add(ref src, srcRow * q);
                ref var x1 = ref Unsafe.Add(ref src, srcRow * (q + ss));
                ref var y0 = ref Unsafe.Add(ref dst, dstRow * q);
                ref var y1 = ref Unsafe.Add(ref dst, dstRow * (q + ss));
                for (nint b = from; b < to; b += width)
                {
                    var a = T.Load(ref Unsafe.Add(ref x0, b));
                    var bb = T.Load(ref Unsafe.Add(ref x1, b));
                    T.Store(ref Unsafe.Add(ref y0, b), (a + bb) * scale);
                    T.Store(ref Unsafe.Add(ref y1, b), (a - bb) * scale);
                }
            }
        }
    }

    /// <summary>
    /// A radix-3 pass (any m; with m = 1 it is a valid last pass: every output row is written after all inputs of its
    /// butterfly are read, so it may run in place), outputs times <paramref name="scale"/>.
    /// X₁,₂ = a − (b + c)/2 ∓ i·(√3/2)(b − c) for the forward sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix3<T>(
        ref Complex src, nint srcRow, ref Complex dst, nint dstRow, int m, int s, int from, int to, ref Complex twiddles, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        unchecked
        {
            const double S3 = 0.86602540378443864676; // sin(π/3)
            var rot = inverse ? T.Create(-S3, S3) : T.Create(S3, -S3);
            var conj = inverse ? T.Create(1, -1) : T.Create(-1, 1);
            var width = T.Count;
            for (nint p = 0; p < m; p++)
            {
                ref var tw = ref Unsafe.Add(ref twiddles, p);
                var t1 = Unsafe.Add(ref tw, 0) * scale;
                var t2 = Unsafe.Add(ref tw, m) * scale;
                T.Split(T.Create(t1.Real, t1.Imaginary), conj, out var w1r, out var w1i);
                T.Split(T.Create(t2.Real, t2.Imaginary), conj, out var w2r, out var w2i);
                for (nint q = 0; q < s; q++)
                {
                    ref var x0 = ref Unsafe.Add(ref src, srcRow * (q + (s * p)));
                    ref var x1 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + m))));
                    ref var x2 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + (2 * m)))));
                    ref var y0 = ref Unsafe.Add(ref dst, dstRow * (q + (s * (3 * p))));
                    ref var y1 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((3 * p) + 1))));
                    ref var y2 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((3 * p) + 2))));
                    for (nint b = from; b < to; b += width)
                    {
                        var a = T.Load(ref Unsafe.Add(ref x0, b));
                        var bb = T.Load(ref Unsafe.Add(ref x1, b));
                        var c = T.Load(ref Unsafe.Add(ref x2, b));
                        var sum = bb + c;
                        var mid = a - (sum * 0.5);
                        var r = T.Rotate(bb - c, rot);
                        T.Store(ref Unsafe.Add(ref y0, b), (a + sum) * scale);
                        T.Store(ref Unsafe.Add(ref y1, b), T.Multiply(mid + r, w1r, w1i));
                        T.Store(ref Unsafe.Add(ref y2, b), T.Multiply(mid - r, w2r, w2i));
                    }
                }
            }
        }
    }

    /// <summary>
    /// A radix-5 pass (any m; in place allowed for m = 1 as for <see cref="Radix3{T}"/>), outputs times
    /// <paramref name="scale"/>. With c_k = cos(2πk/5), s_k = sin(2πk/5), t₁ = b + e, t₂ = c + d, t₃ = b − e, t₄ = c − d:
    /// X₁,₄ = a + c₁t₁ + c₂t₂ ∓ i(s₁t₃ + s₂t₄), X₂,₃ = a + c₂t₁ + c₁t₂ ∓ i(s₂t₃ − s₁t₄) (forward sign).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Radix5<T>(
        ref Complex src, nint srcRow, ref Complex dst, nint dstRow, int m, int s, int from, int to, ref Complex twiddles, bool inverse, double scale)
        where T : struct, IComplexVector<T>
    {
        unchecked
        {
            const double C1 = 0.30901699437494742410;  // cos(2π/5)
            const double C2 = -0.80901699437494742410; // cos(4π/5)
            const double S1 = 0.95105651629515357212;  // sin(2π/5)
            const double S2 = 0.58778525229247312917;  // sin(4π/5)
            var minusI = inverse ? T.Create(-1, 1) : T.Create(1, -1);
            var conj = inverse ? T.Create(1, -1) : T.Create(-1, 1);
            var width = T.Count;
            for (nint p = 0; p < m; p++)
            {
                ref var tw = ref Unsafe.Add(ref twiddles, p);
                var t1 = Unsafe.Add(ref tw, 0) * scale;
                var t2 = Unsafe.Add(ref tw, m) * scale;
                var t3 = Unsafe.Add(ref tw, 2 * m) * scale;
                var t4 = Unsafe.Add(ref tw, 3 * m) * scale;
                T.Split(T.Create(t1.Real, t1.Imaginary), conj, out var w1r, out var w1i);
                T.Split(T.Create(t2.Real, t2.Imaginary), conj, out var w2r, out var w2i);
                T.Split(T.Create(t3.Real, t3.Imaginary), conj, out var w3r, out var w3i);
                T.Split(T.Create(t4.Real, t4.Imaginary), conj, out var w4r, out var w4i);
                for (nint q = 0; q < s; q++)
                {
                    ref var x0 = ref Unsafe.Add(ref src, srcRow * (q + (s * p)));
                    ref var x1 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + m))));
                    ref var x2 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + (2 * m)))));
                    ref var x3 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + (3 * m)))));
                    ref var x4 = ref Unsafe.Add(ref src, srcRow * (q + (s * (p + (4 * m)))));
                    ref var y0 = ref Unsafe.Add(ref dst, dstRow * (q + (s * (5 * p))));
                    ref var y1 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((5 * p) + 1))));
                    ref var y2 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((5 * p) + 2))));
                    ref var y3 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((5 * p) + 3))));
                    ref var y4 = ref Unsafe.Add(ref dst, dstRow * (q + (s * ((5 * p) + 4))));
                    for (nint b = from; b < to; b += width)
                    {
                        var a = T.Load(ref Unsafe.Add(ref x0, b));
                        var xb = T.Load(ref Unsafe.Add(ref x1, b));
                        var xc = T.Load(ref Unsafe.Add(ref x2, b));
                        var xd = T.Load(ref Unsafe.Add(ref x3, b));
                        var xe = T.Load(ref Unsafe.Add(ref x4, b));
                        var s14 = xb + xe;
                        var s23 = xc + xd;
                        var d14 = xb - xe;
                        var d23 = xc - xd;
                        var r1 = a + (s14 * C1) + (s23 * C2);
                        var r2 = a + (s14 * C2) + (s23 * C1);
                        var i1 = T.Rotate((d14 * S1) + (d23 * S2), minusI);
                        var i2 = T.Rotate((d14 * S2) - (d23 * S1), minusI);
                        T.Store(ref Unsafe.Add(ref y0, b), (a + s14 + s23) * scale);
                        T.Store(ref Unsafe.Add(ref y1, b), T.Multiply(r1 + i1, w1r, w1i));
                        T.Store(ref Unsafe.Add(ref y2, b), T.Multiply(r2 + i2, w2r, w2i));
                        T.Store(ref Unsafe.Add(ref y3, b), T.Multiply(r2 - i2, w3r, w3i));
                        T.Store(ref Unsafe.Add(ref y4, b), T.Multiply(r1 - i1, w4r, w4i));
                    }
                }
            }
        }
    }

    /// <summary>Row-wise dst = src·scale (the transform of length 1).</summary>
    public static void Copy(ref Complex src, nint srcRow, ref Complex dst, nint dstRow, int rows, int columns, double scale)
    {
        unchecked
        {
            for (nint r = 0; r < rows; r++)
            {
                ref var x = ref Unsafe.Add(ref src, srcRow * r);
                ref var y = ref Unsafe.Add(ref dst, dstRow * r);
                for (nint b = 0; b < columns; b++)
                {
                    Unsafe.Add(ref y, b) = Unsafe.Add(ref x, b) * scale;
                }
            }
        }
    }
}
