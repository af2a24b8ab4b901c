using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Oracles.Core.Spectral.Managed;

namespace Oracles.Core.Spectral;

/// <summary>
/// The in-house managed FFT backend: mixed-radix Stockham auto-sort passes (radix 4, then 3 and 5, a radix-2 tail) for
/// every length 2^a·3^b·5^c, Bluestein's chirp-z algorithm for lengths with other prime factors,
/// <see cref="Vector512{T}"/> or <see cref="Vector256{T}"/> butterflies where the CPU has them (scalar otherwise),
/// real-to-complex transforms through the half-length complex FFT.
/// </summary>
/// <remarks>
/// <para>Multi-dimensional transforms run the trailing axes slab by slab (a slab of a 128³ grid is 256 KiB and stays
/// in L2), then the leading axis. Strided axes are transformed in batches of adjacent lines, the SIMD lanes running
/// across lines, so there is neither a per-line copy nor a shuffle; the first and last Stockham pass read and write the
/// data, the passes between run in two small per-thread buffers.</para>
/// <para>Plans are immutable and shared between threads; scratch is per thread and reused, so a call allocates nothing
/// once a thread has run the shape. Results are bit-identical from call to call on one machine.</para>
/// </remarks>
public sealed class ManagedFftBackend : IFftBackend
{
    private readonly SimdLevel level;

    private ManagedFftBackend(SimdLevel level) => this.level = level;

    /// <summary>The shared instance, using the widest SIMD registers the CPU accelerates.</summary>
    public static ManagedFftBackend Instance { get; } = new(DetectLevel());

    /// <inheritdoc/>
    public string Name => "managed";

    /// <summary>Human-readable detail: the SIMD width in use.</summary>
    public string Description => $"managed Stockham radix-4/3/5/2 ({level})";

    /// <inheritdoc/>
    public IFftPlan CreatePlan(IReadOnlyList<int> shape) => new ManagedFftPlan(shape, level);

    /// <summary>A backend restricted to one SIMD level (tests run every level on one machine).</summary>
    internal static ManagedFftBackend WithLevel(SimdLevel level) => new(level);

    /// <summary>
    /// The widest accelerated width, capped by <c>ORACLES_FFT_SIMD</c> (<c>scalar</c>, <c>256</c> or <c>512</c>) for
    /// diagnosis and comparisons; results differ between widths only in the last bits.
    /// </summary>
    private static SimdLevel DetectLevel()
    {
        var best = Vector512.IsHardwareAccelerated ? SimdLevel.Vector512
            : Vector256.IsHardwareAccelerated ? SimdLevel.Vector256
            : SimdLevel.Scalar;
        var cap = Environment.GetEnvironmentVariable("ORACLES_FFT_SIMD")?.Trim() switch
        {
            "scalar" => SimdLevel.Scalar,
            "256" => SimdLevel.Vector256,
            _ => SimdLevel.Vector512,
        };
        return (SimdLevel)Math.Min((int)best, (int)cap);
    }
}

/// <summary>A managed multi-dimensional plan (complex-to-complex and real-to-complex) for one shape.</summary>
internal sealed class ManagedFftPlan : IFftPlan
{
    /// <summary>Lines per batch along a strided axis (256 bytes of each row when the axis is short).</summary>
    private const int ShortAxisBatch = 16;

    private const int LongAxisBatch = 8;

    private readonly int[] shape;
    private readonly int[] spectrumShape;
    private readonly LineTransform?[] axes;
    private readonly LineTransform? halfLine;      // length n_last/2 for an even last axis (real transforms)
    private readonly Complex[] realTwiddles;        // e^{−2πi k/n_last}, k = 0…n_last/2
    private readonly bool vectorised;

    public ManagedFftPlan(IReadOnlyList<int> shape, SimdLevel level)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 1 or > 3)
        {
            throw new ArgumentException($"FFT plans have 1 to 3 axes; got {shape.Count}.", nameof(shape));
        }

        this.shape = shape.ToArray();
        vectorised = level != SimdLevel.Scalar;
        Count = 1;
        foreach (var n in this.shape)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(shape));
            Count = checked(Count * n);
        }

        axes = this.shape.Select(n => n == 1 ? null : LineTransform.Create(n, level)).ToArray();
        var last = this.shape[^1];
        spectrumShape = this.shape.ToArray();
        spectrumShape[^1] = (last / 2) + 1;
        SpectrumCount = Count / last * spectrumShape[^1];
        if (last % 2 == 0)
        {
            var h = last / 2;
            halfLine = h == 1 ? null : LineTransform.Create(h, level);
            realTwiddles = new Complex[h + 1];
            for (var k = 0; k <= h; k++)
            {
                realTwiddles[k] = StockhamPlan.Twiddle(k, last);
            }
        }
        else
        {
            realTwiddles = [];
        }
    }

    public IReadOnlyList<int> Shape => shape;

    public int Count { get; }

    public IReadOnlyList<int> SpectrumShape => spectrumShape;

    public int SpectrumCount { get; }

    public void ForwardUnscaled(Span<Complex> data)
    {
        Guard.Length(data.Length, Count, nameof(data));
        TransformAxes(data, shape, shape.Length, inverse: false, scale: 1.0);
    }

    public void BackwardUnscaled(Span<Complex> data) => Backward(data, 1.0);

    public void Backward(Span<Complex> data, double scale)
    {
        Guard.Length(data.Length, Count, nameof(data));
        TransformAxes(data, shape, shape.Length, inverse: true, scale);
    }

    /// <remarks>
    /// Slab by slab of the leading axis (as the complex transform): the real lines of a slab, then its middle axis,
    /// while the slab is in cache; then the leading axis. Two sweeps over memory, as for a complex transform of half the size.
    /// </remarks>
    public void ForwardReal(ReadOnlySpan<double> field, Span<Complex> spectrum)
    {
        Guard.Length(field.Length, Count, nameof(field));
        Guard.Length(spectrum.Length, SpectrumCount, nameof(spectrum));
        var d = shape.Length;
        var slabs = d == 1 ? 1 : shape[0];
        var slabReal = Count / slabs;
        var slabSpectrum = SpectrumCount / slabs;
        for (var slab = 0; slab < slabs; slab++)
        {
            var spectrumSlab = spectrum.Slice(slab * slabSpectrum, slabSpectrum);
            ForwardRealLines(field.Slice(slab * slabReal, slabReal), spectrumSlab);
            for (var axis = d - 2; axis >= 1; axis--)
            {
                if (shape[axis] > 1)
                {
                    ApplyAxis(spectrumSlab, spectrumShape, axis, inverse: false, 1.0);
                }
            }
        }

        if (d > 1 && shape[0] > 1)
        {
            ApplyAxis(spectrum, spectrumShape, 0, inverse: false, 1.0);
        }
    }

    /// <remarks>The reverse order of <see cref="ForwardReal"/>: the leading axis, then slab by slab the middle axis and the real lines.</remarks>
    public void BackwardReal(Span<Complex> spectrum, Span<double> field, double scale)
    {
        Guard.Length(spectrum.Length, SpectrumCount, nameof(spectrum));
        Guard.Length(field.Length, Count, nameof(field));
        var d = shape.Length;
        if (d > 1 && shape[0] > 1)
        {
            ApplyAxis(spectrum, spectrumShape, 0, inverse: true, 1.0);
        }

        var slabs = d == 1 ? 1 : shape[0];
        var slabReal = Count / slabs;
        var slabSpectrum = SpectrumCount / slabs;
        for (var slab = 0; slab < slabs; slab++)
        {
            var spectrumSlab = spectrum.Slice(slab * slabSpectrum, slabSpectrum);
            for (var axis = 1; axis <= d - 2; axis++)
            {
                if (shape[axis] > 1)
                {
                    ApplyAxis(spectrumSlab, spectrumShape, axis, inverse: true, 1.0);
                }
            }

            BackwardRealLines(spectrumSlab, field.Slice(slab * slabReal, slabReal), scale);
        }
    }

    private void ForwardRealLines(ReadOnlySpan<double> field, Span<Complex> spectrum)
    {
        var n = shape[^1];
        var h = n / 2;
        var rows = field.Length / n;
        for (var row = 0; row < rows; row++)
        {
            var x = field.Slice(row * n, n);
            var y = spectrum.Slice(row * (h + 1), h + 1);
            if (n % 2 == 0)
            {
                ForwardRealEvenLine(x, y);
            }
            else
            {
                var line = ThreadScratch.Get(3, n);
                for (var j = 0; j < n; j++)
                {
                    line[j] = new Complex(x[j], 0);
                }

                axes[^1]?.Transform(line, inverse: false, scale: 1.0);
                line[..(h + 1)].CopyTo(y);
            }
        }
    }

    private void BackwardRealLines(Span<Complex> spectrum, Span<double> field, double scale)
    {
        var n = shape[^1];
        var h = n / 2;
        var rows = field.Length / n;
        for (var row = 0; row < rows; row++)
        {
            var x = spectrum.Slice(row * (h + 1), h + 1);
            var y = field.Slice(row * n, n);
            if (n % 2 == 0)
            {
                BackwardRealEvenLine(x, y, scale);
            }
            else
            {
                // Odd n: rebuild the Hermitian line X_{n−k} = conj(X_k) and take the real part of its transform.
                var line = ThreadScratch.Get(3, n);
                line[0] = new Complex(x[0].Real, 0);
                for (var k = 1; k <= h; k++)
                {
                    line[k] = x[k];
                    line[n - k] = Complex.Conjugate(x[k]);
                }

                axes[^1]?.Transform(line, inverse: true, scale: 1.0);
                for (var j = 0; j < n; j++)
                {
                    y[j] = line[j].Real * scale;
                }
            }
        }
    }

    /// <summary>
    /// Even n = 2h: z_j = x_{2j} + i x_{2j+1} is the real line read as h complex numbers; Z = FFT_h(z) gives
    /// E_k = (Z_k + conj Z_{h−k})/2 and O_k = (Z_k − conj Z_{h−k})/(2i), the transforms of the even and odd samples, and
    /// X_k = E_k + w^k O_k, X_{h−k} = conj(E_k − w^k O_k) with w = e^{−2πi/n}.
    /// </summary>
    private void ForwardRealEvenLine(ReadOnlySpan<double> x, Span<Complex> y)
    {
        var h = y.Length - 1;
        var z = MemoryMarshal.Cast<double, Complex>(x);
        if (halfLine is null)
        {
            y[0] = z[0];
        }
        else
        {
            if (halfLine is StockhamLine line)
            {
                line.Plan.Line(z, y, ThreadScratch.Get(0, h), inverse: false, scale: 1.0);
            }
            else
            {
                z.CopyTo(y);
                halfLine.Transform(y[..h], inverse: false, scale: 1.0);
            }
        }

        var z0 = y[0];
        y[0] = new Complex(z0.Real + z0.Imaginary, 0);
        y[h] = new Complex(z0.Real - z0.Imaginary, 0);
        var first = vectorised ? RealPostProcessVector(y, h) : 1;
        for (var k = first; 2 * k <= h; k++)
        {
            var zk = y[k];
            var zc = Complex.Conjugate(y[h - k]);
            var e = (zk + zc) * 0.5;
            var o = (zk - zc) * 0.5;
            o = new Complex(o.Imaginary, -o.Real); // (zk − zc)/(2i)
            var wo = realTwiddles[k] * o;
            y[k] = e + wo;
            if (h - k != k)
            {
                y[h - k] = Complex.Conjugate(e - wo);
            }
        }
    }

    /// <summary>
    /// The inverse of <see cref="ForwardRealEvenLine"/>: Z_k = (X_k + conj X_{h−k}) + i (X_k − conj X_{h−k}) conj(w^k)
    /// = 2(E_k + i O_k), whose unscaled inverse FFT_h is h·(2x_{2j} + 2i x_{2j+1}) = n·z_j. X_0 and X_h enter through
    /// their real parts only (the imaginary parts of a real field's spectrum vanish there).
    /// </summary>
    private void BackwardRealEvenLine(ReadOnlySpan<Complex> x, Span<double> y, double scale)
    {
        var h = x.Length - 1;
        var zOut = MemoryMarshal.Cast<double, Complex>(y);
        var z = ThreadScratch.Get(3, h);
        var x0 = x[0].Real;
        var xh = x[h].Real;
        z[0] = new Complex(x0 + xh, x0 - xh);
        var first = vectorised ? RealPreProcessVector(x, z, h) : 1;
        for (var k = first; k < h; k++)
        {
            var xk = x[k];
            var xc = Complex.Conjugate(x[h - k]);
            var d = (xk - xc) * Complex.Conjugate(realTwiddles[k]);
            z[k] = xk + xc + new Complex(-d.Imaginary, d.Real);
        }

        if (halfLine is null)
        {
            zOut[0] = z[0] * scale;
        }
        else if (halfLine is StockhamLine line)
        {
            line.Plan.Line(z, zOut, ThreadScratch.Get(0, h), inverse: true, scale);
        }
        else
        {
            halfLine.Transform(z, inverse: true, scale);
            z.CopyTo(zOut);
        }
    }

    /// <summary>
    /// The pairs (k, h−k) of <see cref="ForwardRealEvenLine"/> two at a time in <see cref="Vector256{T}"/> registers, for
    /// k = 1, 3, … while the two blocks {k, k+1} and {h−k−1, h−k} do not meet; returns the first k left to the scalar loop.
    /// </summary>
    private int RealPostProcessVector(Span<Complex> y, int h)
    {
        ref var yd = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetReference(y));
        ref var wd = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetArrayDataReference(realTwiddles));
        var conj = Vector256.Create(1.0, -1.0, 1.0, -1.0);
        var half = Vector256.Create(0.5);
        var k = 1;
        for (; (2 * k) + 2 < h; k += 2)
        {
            var a = Vector256.LoadUnsafe(ref yd, (nuint)(2 * k));
            var b = Reverse(Vector256.LoadUnsafe(ref yd, (nuint)(2 * (h - k - 1))));
            var zc = b * conj;
            var e = (a + zc) * half;
            var o = (a - zc) * half;
            o = Swap(o) * conj; // o / i = (Im o, −Re o)
            var w = Vector256.LoadUnsafe(ref wd, (nuint)(2 * k));
            var wo = ComplexMultiply(o, w);
            (e + wo).StoreUnsafe(ref yd, (nuint)(2 * k));
            Reverse((e - wo) * conj).StoreUnsafe(ref yd, (nuint)(2 * (h - k - 1)));
        }

        return k;
    }

    /// <summary>
    /// z_k of <see cref="BackwardRealEvenLine"/> two at a time for k = 1, 3, … while k + 1 ≤ h − 1; returns the first k
    /// left to the scalar loop.
    /// </summary>
    private int RealPreProcessVector(ReadOnlySpan<Complex> x, Span<Complex> z, int h)
    {
        ref var xd = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetReference(x));
        ref var zd = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetReference(z));
        ref var wd = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetArrayDataReference(realTwiddles));
        var conj = Vector256.Create(1.0, -1.0, 1.0, -1.0);
        var k = 1;
        for (; k + 1 <= h - 1; k += 2)
        {
            var a = Vector256.LoadUnsafe(ref xd, (nuint)(2 * k));
            var xc = Reverse(Vector256.LoadUnsafe(ref xd, (nuint)(2 * (h - k - 1)))) * conj;
            var w = Vector256.LoadUnsafe(ref wd, (nuint)(2 * k)) * conj; // conj(w^k)
            var d = ComplexMultiply(a - xc, w);
            (a + xc + (Swap(d) * Vector256.Create(-1.0, 1.0, -1.0, 1.0))).StoreUnsafe(ref zd, (nuint)(2 * k));
        }

        return k;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Swap(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(1L, 0, 3, 2));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reverse(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(2L, 3, 0, 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> ComplexMultiply(Vector256<double> a, Vector256<double> w)
    {
        var wr = Vector256.Shuffle(w, Vector256.Create(0L, 0, 2, 2));
        var wi = Vector256.Shuffle(w, Vector256.Create(1L, 1, 3, 3)) * Vector256.Create(-1.0, 1.0, -1.0, 1.0);
        return Vector256.MultiplyAddEstimate(Swap(a), wi, a * wr);
    }

    /// <summary>
    /// Transforms axes 0…count−1 of row-major data with extents <paramref name="dims"/> (axes from count on are left
    /// alone). The trailing transformed axes run slab by slab of the leading one; the scale is folded into the last
    /// axis processed.
    /// </summary>
    private void TransformAxes(Span<Complex> data, int[] dims, int count, bool inverse, double scale)
    {
        var first = -1;
        for (var a = 0; a < count; a++)
        {
            if (dims[a] > 1)
            {
                first = a;
                break;
            }
        }

        if (first < 0)
        {
            if (scale != 1.0)
            {
                foreach (ref var z in data)
                {
                    z *= scale;
                }
            }

            return;
        }

        var slab = 1;
        for (var a = first + 1; a < dims.Length; a++)
        {
            slab *= dims[a];
        }

        var hasTrailing = false;
        for (var a = first + 1; a < count; a++)
        {
            hasTrailing |= dims[a] > 1;
        }

        if (hasTrailing)
        {
            for (var start = 0; start < data.Length; start += slab)
            {
                var region = data.Slice(start, slab);
                for (var a = count - 1; a > first; a--)
                {
                    if (dims[a] > 1)
                    {
                        ApplyAxis(region, dims, a, inverse, 1.0);
                    }
                }
            }
        }

        ApplyAxis(data, dims, first, inverse, scale);
    }

    private void ApplyAxis(Span<Complex> region, int[] dims, int axis, bool inverse, double scale)
    {
        var n = dims[axis];
        var stride = 1;
        for (var a = axis + 1; a < dims.Length; a++)
        {
            stride *= dims[a];
        }

        var block = n * stride;
        var transform = axes[axis]!;
        if (stride == 1)
        {
            if (transform is StockhamLine line)
            {
                var scratch = ThreadScratch.Get(0, n);
                for (var start = 0; start < region.Length; start += n)
                {
                    var x = region.Slice(start, n);
                    line.Plan.Line(x, x, scratch, inverse, scale);
                }
            }
            else
            {
                for (var start = 0; start < region.Length; start += n)
                {
                    transform.Transform(region.Slice(start, n), inverse, scale);
                }
            }

            return;
        }

        if (transform is StockhamLine columns)
        {
            var batch = Math.Min(n <= 512 ? ShortAxisBatch : LongAxisBatch, stride);
            var bufferA = ThreadScratch.Get(1, n * batch);
            var bufferB = ThreadScratch.Get(2, n * batch);
            for (var outer = 0; outer < region.Length; outer += block)
            {
                for (var c = 0; c < stride; c += batch)
                {
                    var width = Math.Min(batch, stride - c);
                    columns.Plan.Columns(
                        ref SpanRef.At(region, outer + c), stride, width, ref SpanRef.At(bufferA, 0), ref SpanRef.At(bufferB, 0), inverse, scale);
                }
            }

            return;
        }

        // Other lengths along a strided axis: gather each line, Bluestein, scatter.
        var gathered = ThreadScratch.Get(3, n);
        for (var outer = 0; outer < region.Length; outer += block)
        {
            for (var c = 0; c < stride; c++)
            {
                var basePos = outer + c;
                for (var j = 0; j < n; j++)
                {
                    gathered[j] = region[basePos + (j * stride)];
                }

                transform.Transform(gathered, inverse, scale);
                for (var j = 0; j < n; j++)
                {
                    region[basePos + (j * stride)] = gathered[j];
                }
            }
        }
    }
}
