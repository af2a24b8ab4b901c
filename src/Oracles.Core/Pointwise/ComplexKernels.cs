using System.Numerics;
using System.Runtime.Intrinsics;
using Oracles.Core.Threading;

namespace Oracles.Core.Pointwise;

/// <summary>
/// The pointwise loops of the split-step solvers — the potential kick ψ ← e^{iθV}ψ, the Fourier multiplier
/// ψ̂ ← m·ψ̂ and the density |ψ|² — vectorised (<see cref="Vector512"/> where the CPU has it) and spread over
/// <see cref="ParallelChunks"/> for large arrays.
/// </summary>
/// <remarks>
/// <para>The kick solves iħ∂ₜψ = Vψ exactly over a sub-step (catalogue IV.2 Y5; [BCY, eq. (1.1)] with V frozen because
/// |ψ| is): ψ_j ← e^{iθV_j}ψ_j with θ = −Δt/(2ħ) for a half step. Its cost is the sine and cosine of every θV_j;
/// <see cref="Vector512.SinCos(Vector512{double})"/> computes eight at once and differs from <see cref="Math.SinCos"/>
/// by at most 1 ulp (measured on 1.4·10⁷ arguments with |θV| up to 10⁶; the unit tests bound it at 2 ulp), so the
/// kick stays unitary to round-off: ||e^{iθV}|² − 1| ≤ 4 eps.</para>
/// <para>Determinism: arrays of at least <see cref="ParallelThreshold"/> elements are cut into fixed chunks of
/// <see cref="ChunkLength"/> (a multiple of the vector width), so each element is computed by the same instructions
/// whatever the thread count (<see cref="ParallelChunks"/>). The scalar path (<c>ORACLES_SIMD=scalar</c>, or a CPU
/// without AVX-512) gives results within 2 ulp of the vector path.</para>
/// </remarks>
/// <threadsafety>Thread-safe; callers must not pass overlapping spans except where a parameter says it may alias.</threadsafety>
public static unsafe class ComplexKernels
{
    /// <summary>Arrays shorter than this run on the calling thread (the pool's hand-off costs ≈ 10 µs).</summary>
    public const int ParallelThreshold = 1 << 16;

    /// <summary>Elements per parallel chunk (a multiple of 8, the <see cref="Vector512"/> width in doubles).</summary>
    public const int ChunkLength = 1 << 14;

    [ThreadStatic]
    private static Job? cachedJob;

    /// <summary>Whether the vector path is used (<see cref="Vector512"/> accelerated and not disabled by <c>ORACLES_SIMD=scalar</c>).</summary>
    public static bool Vectorised { get; } = Vector512.IsHardwareAccelerated
        && Environment.GetEnvironmentVariable("ORACLES_SIMD")?.Trim() != "scalar";

    /// <summary>ψ_j ← e^{iθv_j}ψ_j for every j: the exact flow of iħ∂ₜψ = Vψ over a time −θħ.</summary>
    /// <param name="psi">ψ, rotated in place.</param>
    /// <param name="v">The real potential V (same length).</param>
    /// <param name="theta">θ (e.g. −Δt/(2ħ) for a Strang half kick).</param>
    public static void RotatePhase(Span<Complex> psi, ReadOnlySpan<double> v, double theta)
    {
        Guard.Length(v.Length, psi.Length, nameof(v));
        fixed (Complex* p = psi)
        fixed (double* q = v)
        {
            Dispatch(Operation.Rotate, p, q, null, psi.Length, theta, Vectorised);
        }
    }

    /// <summary>ψ_j ← m_j ψ_j for every j (a Fourier multiplier applied to a spectrum, e.g. the free propagator).</summary>
    /// <param name="psi">ψ, multiplied in place.</param>
    /// <param name="multiplier">m (same length).</param>
    public static void Multiply(Span<Complex> psi, ReadOnlySpan<Complex> multiplier)
    {
        Guard.Length(multiplier.Length, psi.Length, nameof(multiplier));
        fixed (Complex* p = psi)
        fixed (Complex* m = multiplier)
        {
            Dispatch(Operation.Multiply, p, null, (double*)m, psi.Length, 0, Vectorised);
        }
    }

    /// <summary>x_j ← (c·m_j)·x_j for every j: a real multiplier (e.g. a half-spectrum Fourier multiplier) times a constant.</summary>
    /// <param name="x">The complex values, scaled in place.</param>
    /// <param name="multiplier">m (same length).</param>
    /// <param name="constant">c.</param>
    public static void Scale(Span<Complex> x, ReadOnlySpan<double> multiplier, double constant)
    {
        Guard.Length(multiplier.Length, x.Length, nameof(multiplier));
        fixed (Complex* p = x)
        fixed (double* q = multiplier)
        {
            Dispatch(Operation.Scale, p, q, null, x.Length, constant, Vectorised);
        }
    }

    /// <summary>ρ_j = |ψ_j|² = (Re ψ_j)² + (Im ψ_j)² for every j.</summary>
    /// <param name="psi">ψ.</param>
    /// <param name="density">Destination ρ (same length).</param>
    public static void ModulusSquared(ReadOnlySpan<Complex> psi, Span<double> density)
    {
        Guard.Length(density.Length, psi.Length, nameof(density));
        fixed (Complex* p = psi)
        fixed (double* q = density)
        {
            Dispatch(Operation.ModulusSquared, p, q, null, psi.Length, 0, Vectorised);
        }
    }

    /// <summary>The scalar reference of <see cref="RotatePhase"/> (tests compare the vector path with it).</summary>
    /// <param name="psi">ψ, rotated in place.</param>
    /// <param name="v">V.</param>
    /// <param name="theta">θ.</param>
    internal static void RotatePhaseScalar(Span<Complex> psi, ReadOnlySpan<double> v, double theta)
    {
        Guard.Length(v.Length, psi.Length, nameof(v));
        fixed (Complex* p = psi)
        fixed (double* q = v)
        {
            Dispatch(Operation.Rotate, p, q, null, psi.Length, theta, vector: false);
        }
    }

    private static void Dispatch(Operation op, Complex* psi, double* real, double* other, int length, double theta, bool vector)
    {
        if (length < ParallelThreshold)
        {
            Apply(op, psi, real, other, 0, length, theta, vector);
            return;
        }

        var job = cachedJob ??= new Job();
        job.Set(op, psi, real, other, length, theta, vector);
        try
        {
            ParallelChunks.Run(job, (length + ChunkLength - 1) / ChunkLength);
        }
        finally
        {
            job.Clear();
        }
    }

    private static void Apply(Operation op, Complex* psi, double* real, double* other, int start, int end, double theta, bool vector)
    {
        var done = start;
        if (vector)
        {
            done = op switch
            {
                Operation.Rotate => RotateVector(psi, real, start, end, theta),
                Operation.Multiply => MultiplyVector(psi, (Complex*)other, start, end),
                Operation.Scale => ScaleVector(psi, real, start, end, theta),
                _ => start,
            };
        }

        for (var i = done; i < end; i++)
        {
            var z = psi[i];
            switch (op)
            {
                case Operation.Rotate:
                    var (s, c) = Math.SinCos(theta * real[i]);
                    psi[i] = new Complex((c * z.Real) - (s * z.Imaginary), (c * z.Imaginary) + (s * z.Real));
                    break;
                case Operation.Scale:
                    var r = theta * real[i];
                    psi[i] = new Complex(r * z.Real, r * z.Imaginary);
                    break;
                case Operation.Multiply:
                    var m = ((Complex*)other)[i];
                    psi[i] = new Complex((m.Real * z.Real) - (m.Imaginary * z.Imaginary), (m.Real * z.Imaginary) + (m.Imaginary * z.Real));
                    break;
                default:
                    real[i] = (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
                    break;
            }
        }
    }

    private static int RotateVector(Complex* psi, double* v, int start, int end, double theta)
    {
        // Eight points per iteration: SinCos of eight θV_j, spread to the (re, im) lanes of two complex vectors;
        // z' = z·c + swap(z)·(−s, s): (c·re − s·im, c·im + s·re).
        var scale = Vector512.Create(theta);
        var low = Vector512.Create(0L, 0, 1, 1, 2, 2, 3, 3);
        var high = Vector512.Create(4L, 4, 5, 5, 6, 6, 7, 7);
        var swap = Vector512.Create(1L, 0, 3, 2, 5, 4, 7, 6);
        var sign = Vector512.Create(-1.0, 1, -1, 1, -1, 1, -1, 1);
        var d = (double*)psi;
        var i = start;
        for (; i + 8 <= end; i += 8)
        {
            var (s, c) = Vector512.SinCos(Vector512.Load(v + i) * scale);
            var z0 = Vector512.Load(d + (2 * i));
            var z1 = Vector512.Load(d + (2 * i) + 8);
            var s0 = Vector512.Shuffle(s, low) * sign;
            var s1 = Vector512.Shuffle(s, high) * sign;
            Vector512.FusedMultiplyAdd(Vector512.Shuffle(z0, swap), s0, z0 * Vector512.Shuffle(c, low)).Store(d + (2 * i));
            Vector512.FusedMultiplyAdd(Vector512.Shuffle(z1, swap), s1, z1 * Vector512.Shuffle(c, high)).Store(d + (2 * i) + 8);
        }

        return i;
    }

    private static int MultiplyVector(Complex* psi, Complex* m, int start, int end)
    {
        // Four points per vector: z·m = z·(Re m, Re m) + swap(z)·(−Im m, Im m).
        var swap = Vector512.Create(1L, 0, 3, 2, 5, 4, 7, 6);
        var even = Vector512.Create(0L, 0, 2, 2, 4, 4, 6, 6);
        var odd = Vector512.Create(1L, 1, 3, 3, 5, 5, 7, 7);
        var sign = Vector512.Create(-1.0, 1, -1, 1, -1, 1, -1, 1);
        var d = (double*)psi;
        var w = (double*)m;
        var i = start;
        for (; i + 4 <= end; i += 4)
        {
            var z = Vector512.Load(d + (2 * i));
            var mm = Vector512.Load(w + (2 * i));
            var re = Vector512.Shuffle(mm, even);
            var im = Vector512.Shuffle(mm, odd) * sign;
            Vector512.FusedMultiplyAdd(Vector512.Shuffle(z, swap), im, z * re).Store(d + (2 * i));
        }

        return i;
    }

    private static int ScaleVector(Complex* x, double* m, int start, int end, double constant)
    {
        // Four points per vector: (c·m_j) duplicated into the (re, im) lanes.
        var c = Vector256.Create(constant);
        var spread = Vector512.Create(0L, 0, 1, 1, 2, 2, 3, 3);
        var d = (double*)x;
        var i = start;
        for (; i + 4 <= end; i += 4)
        {
            var r = Vector512.Shuffle(Vector512.Create(Vector256.Load(m + i) * c, Vector256<double>.Zero), spread);
            (Vector512.Load(d + (2 * i)) * r).Store(d + (2 * i));
        }

        return i;
    }

    private enum Operation
    {
        Rotate,
        Multiply,
        Scale,
        ModulusSquared,
    }

    private sealed class Job : IChunkJob
    {
        private Operation op;
        private Complex* psi;
        private double* real;
        private double* other;
        private int length;
        private double theta;
        private bool vector;

        public void Set(Operation operation, Complex* p, double* r, double* o, int n, double t, bool v)
        {
            op = operation;
            psi = p;
            real = r;
            other = o;
            length = n;
            theta = t;
            vector = v;
        }

        public void Clear()
        {
            psi = null;
            real = null;
            other = null;
        }

        public void Execute(int chunk)
        {
            var start = chunk * ChunkLength;
            Apply(op, psi, real, other, start, Math.Min(start + ChunkLength, length), theta, vector);
        }
    }
}
