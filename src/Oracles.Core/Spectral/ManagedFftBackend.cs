using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Oracles.Core.Spectral.Managed;
using Oracles.Core.Threading;

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
/// <para>Transforms of at least 2^16 points spread their slabs and line batches over
/// <see cref="Threading.ParallelChunks"/> (<c>ORACLES_THREADS</c>, default the processor count); the chunks are fixed
/// by the shape, so the result is bit-identical with any number of threads. A single 1-D line is not split.</para>
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

    /// <summary>Human-readable detail: the SIMD width and the threads in use.</summary>
    public string Description =>
        $"managed Stockham radix-4/3/5/2 ({level}, {ParallelChunks.Threads} thread{(ParallelChunks.Threads == 1 ? string.Empty : "s")} from {ManagedFftPlan.ParallelThreshold} points)";

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
internal sealed unsafe class ManagedFftPlan : IFftPlan
{
    /// <summary>Transforms of at least this many points spread their lines over <see cref="ParallelChunks"/> (as FFTW's threads).</summary>
    internal const int ParallelThreshold = 1 << 16;

    /// <summary>Points per parallel chunk of one axis pass (a few L2-sized column batches).</summary>
    private const int ChunkPoints = 1 << 13;

    [ThreadStatic]
    private static PlanJob? cachedJob;

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
        TransformAxes(data, inverse: false, scale: 1.0);
    }

    public void BackwardUnscaled(Span<Complex> data) => Backward(data, 1.0);

    public void Backward(Span<Complex> data, double scale)
    {
        Guard.Length(data.Length, Count, nameof(data));
        TransformAxes(data, inverse: true, scale);
    }

    /// <remarks>
    /// Slab by slab of the leading axis (as the complex transform): the real lines of a slab, then its middle axis,
    /// while the slab is in cache; then the leading axis. Two sweeps over memory, as for a complex transform of half the size.
    /// </remarks>
    public void ForwardReal(ReadOnlySpan<double> field, Span<Complex> spectrum)
    {
        Guard.Length(field.Length, Count, nameof(field));
        Guard.Length(spectrum.Length, SpectrumCount, nameof(spectrum));
        fixed (double* f = field)
        fixed (Complex* x = spectrum)
        {
            RunChunks(JobKind.ForwardRealSlab, x, f, spectrumShape, 0, inverse: false, 1.0, Slabs, 1);
            if (shape.Length > 1 && shape[0] > 1)
            {
                ApplyAxis(x, SpectrumCount, spectrumShape, 0, inverse: false, 1.0);
            }
        }
    }

    /// <remarks>The reverse order of <see cref="ForwardReal"/>: the leading axis, then slab by slab the middle axis and the real lines.</remarks>
    public void BackwardReal(Span<Complex> spectrum, Span<double> field, double scale)
    {
        Guard.Length(spectrum.Length, SpectrumCount, nameof(spectrum));
        Guard.Length(field.Length, Count, nameof(field));
        fixed (double* f = field)
        fixed (Complex* x = spectrum)
        {
            if (shape.Length > 1 && shape[0] > 1)
            {
                ApplyAxis(x, SpectrumCount, spectrumShape, 0, inverse: true, 1.0);
            }

            RunChunks(JobKind.BackwardRealSlab, x, f, spectrumShape, 0, inverse: true, scale, Slabs, 1);
        }
    }

    /// <summary>Slabs of the leading axis for the real transforms (the whole array in 1-D).</summary>
    private int Slabs => shape.Length == 1 ? 1 : shape[0];

    private void ForwardRealSlab(Complex* spectrum, double* field, int slab)
    {
        var d = shape.Length;
        var slabReal = Count / Slabs;
        var slabSpectrum = SpectrumCount / Slabs;
        var spectrumSlab = new Span<Complex>(spectrum + ((long)slab * slabSpectrum), slabSpectrum);
        ForwardRealLines(new ReadOnlySpan<double>(field + ((long)slab * slabReal), slabReal), spectrumSlab);
        for (var axis = d - 2; axis >= 1; axis--)
        {
            if (shape[axis] > 1)
            {
                ApplyAxisUnits(spectrumSlab, spectrumShape, axis, inverse: false, 1.0, 0, AxisUnits(slabSpectrum, spectrumShape, axis).Units);
            }
        }
    }

    private void BackwardRealSlab(Complex* spectrum, double* field, int slab, double scale)
    {
        var d = shape.Length;
        var slabReal = Count / Slabs;
        var slabSpectrum = SpectrumCount / Slabs;
        var spectrumSlab = new Span<Complex>(spectrum + ((long)slab * slabSpectrum), slabSpectrum);
        for (var axis = 1; axis <= d - 2; axis++)
        {
            if (shape[axis] > 1)
            {
                ApplyAxisUnits(spectrumSlab, spectrumShape, axis, inverse: true, 1.0, 0, AxisUnits(slabSpectrum, spectrumShape, axis).Units);
            }
        }

        BackwardRealLines(spectrumSlab, new Span<double>(field + ((long)slab * slabReal), slabReal), scale);
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
    /// Transforms every axis of row-major data. The trailing axes run slab by slab of the leading transformed one
    /// (one chunk per slab); the scale is folded into the leading axis, processed last.
    /// </summary>
    private void TransformAxes(Span<Complex> data, bool inverse, double scale)
    {
        var first = Array.FindIndex(shape, n => n > 1);
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

        fixed (Complex* x = data)
        {
            var slab = Count / SlabCount(first);
            if (slab > 1 && Array.FindIndex(shape, first + 1, n => n > 1) >= 0)
            {
                RunChunks(JobKind.ComplexSlab, x, null, shape, first, inverse, 1.0, SlabCount(first), 1);
            }

            ApplyAxis(x, data.Length, shape, first, inverse, scale);
        }
    }

    private int SlabCount(int first)
    {
        var slabs = 1;
        for (var a = 0; a <= first; a++)
        {
            slabs *= shape[a];
        }

        return slabs;
    }

    private void ComplexSlab(Complex* data, int first, bool inverse, int slab)
    {
        var length = Count / SlabCount(first);
        var region = new Span<Complex>(data + ((long)slab * length), length);
        for (var a = shape.Length - 1; a > first; a--)
        {
            if (shape[a] > 1)
            {
                ApplyAxisUnits(region, shape, a, inverse, 1.0, 0, AxisUnits(length, shape, a).Units);
            }
        }
    }

    /// <summary>One axis of the whole array, its units (lines or column batches) spread over <see cref="ParallelChunks"/>.</summary>
    private void ApplyAxis(Complex* data, int length, int[] dims, int axis, bool inverse, double scale)
    {
        var (units, pointsPerUnit) = AxisUnits(length, dims, axis);
        var perChunk = Math.Max(1, ChunkPoints / pointsPerUnit);
        RunChunks(JobKind.AxisUnits, data, null, dims, axis, inverse, scale, (units + perChunk - 1) / perChunk, perChunk, units, length);
    }

    /// <summary>
    /// Runs <paramref name="chunks"/> chunks of one kind, on <see cref="ParallelChunks"/> for transforms of at least
    /// <see cref="ParallelThreshold"/> points, else inline. Each chunk computes whole slabs or whole units with the same
    /// instructions either way, so the output does not depend on the thread count.
    /// </summary>
    private void RunChunks(JobKind kind, Complex* data, double* field, int[] dims, int axis, bool inverse, double scale, int chunks, int perChunk, int units = 0, int length = 0)
    {
        var job = cachedJob ??= new PlanJob();
        job.Set(this, kind, data, field, dims, axis, inverse, scale, perChunk, units, length);
        try
        {
            if (Count >= ParallelThreshold)
            {
                ParallelChunks.Run(job, chunks);
            }
            else
            {
                for (var c = 0; c < chunks; c++)
                {
                    job.Execute(c);
                }
            }
        }
        finally
        {
            job.Clear();
        }
    }

    /// <summary>
    /// The independent units of one axis over a region: contiguous lines (stride 1), batches of columns (Stockham),
    /// or single columns (other lengths), with the number of points each covers.
    /// </summary>
    private (int Units, int PointsPerUnit) AxisUnits(int regionLength, int[] dims, int axis)
    {
        var n = dims[axis];
        var stride = 1;
        for (var a = axis + 1; a < dims.Length; a++)
        {
            stride *= dims[a];
        }

        var blocks = regionLength / (n * stride);
        if (stride == 1)
        {
            return (blocks, n);
        }

        if (axes[axis] is StockhamLine)
        {
            var batch = Math.Min(n <= 512 ? ShortAxisBatch : LongAxisBatch, stride);
            return (blocks * ((stride + batch - 1) / batch), n * batch);
        }

        return (blocks * stride, n);
    }

    /// <summary>Units [<paramref name="firstUnit"/>, <paramref name="endUnit"/>) of one axis of a region (see <see cref="AxisUnits"/>).</summary>
    private void ApplyAxisUnits(Span<Complex> region, int[] dims, int axis, bool inverse, double scale, int firstUnit, int endUnit)
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
                for (var u = firstUnit; u < endUnit; u++)
                {
                    var x = region.Slice(u * n, n);
                    line.Plan.Line(x, x, scratch, inverse, scale);
                }
            }
            else
            {
                for (var u = firstUnit; u < endUnit; u++)
                {
                    transform.Transform(region.Slice(u * n, n), inverse, scale);
                }
            }

            return;
        }

        if (transform is StockhamLine columns)
        {
            var batch = Math.Min(n <= 512 ? ShortAxisBatch : LongAxisBatch, stride);
            var perBlock = (stride + batch - 1) / batch;
            var bufferA = ThreadScratch.Get(1, n * batch);
            var bufferB = ThreadScratch.Get(2, n * batch);
            for (var u = firstUnit; u < endUnit; u++)
            {
                var outer = u / perBlock * block;
                var c = u % perBlock * batch;
                var width = Math.Min(batch, stride - c);
                columns.Plan.Columns(
                    ref SpanRef.At(region, outer + c), stride, width, ref SpanRef.At(bufferA, 0), ref SpanRef.At(bufferB, 0), inverse, scale);
            }

            return;
        }

        // Other lengths along a strided axis: gather each line, Bluestein, scatter.
        var gathered = ThreadScratch.Get(3, n);
        for (var u = firstUnit; u < endUnit; u++)
        {
            var basePos = (u / stride * block) + (u % stride);
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

    private enum JobKind
    {
        ComplexSlab,
        ForwardRealSlab,
        BackwardRealSlab,
        AxisUnits,
    }

    /// <summary>
    /// The chunks of one pass of one plan, for <see cref="ParallelChunks"/>: pointers to the caller's pinned data (a
    /// span cannot reach another thread). One instance per calling thread, reused, so a transform allocates nothing.
    /// </summary>
    private sealed class PlanJob : IChunkJob
    {
        private ManagedFftPlan? plan;
        private JobKind kind;
        private Complex* data;
        private double* field;
        private int[] dims = [];
        private int axis;
        private bool inverse;
        private double scale;
        private int perChunk;
        private int units;
        private int length;

        public void Set(ManagedFftPlan owner, JobKind jobKind, Complex* x, double* f, int[] extents, int jobAxis, bool backward, double factor, int unitsPerChunk, int unitCount, int regionLength)
        {
            plan = owner;
            kind = jobKind;
            data = x;
            field = f;
            dims = extents;
            axis = jobAxis;
            inverse = backward;
            scale = factor;
            perChunk = unitsPerChunk;
            units = unitCount;
            length = regionLength;
        }

        public void Clear()
        {
            plan = null;
            data = null;
            field = null;
        }

        public void Execute(int chunk)
        {
            var owner = plan!;
            switch (kind)
            {
                case JobKind.ComplexSlab:
                    owner.ComplexSlab(data, axis, inverse, chunk);
                    break;
                case JobKind.ForwardRealSlab:
                    owner.ForwardRealSlab(data, field, chunk);
                    break;
                case JobKind.BackwardRealSlab:
                    owner.BackwardRealSlab(data, field, chunk, scale);
                    break;
                default:
                    var first = chunk * perChunk;
                    owner.ApplyAxisUnits(new Span<Complex>(data, length), dims, axis, inverse, scale, first, Math.Min(first + perChunk, units));
                    break;
            }
        }
    }
}
