using System.Numerics;
using Oracles.Core.Spectral;

namespace Oracles.Tests.Core;

public class FftTests
{
    /// <summary>Odd, prime, power-of-two and 2^a·3^b·5^c (mixed-radix) shapes, mixed per axis; strided axes whose batch width is not a SIMD multiple.</summary>
    public static readonly int[][] ShapeList =
    [
        [1], [2], [3], [4], [8], [15], [16], [17], [32], [64], [97], [100], [128], [256], [512], [1024],
        [6, 5], [8, 8], [7, 16], [16, 7], [8, 6], [32, 3], [2, 2], [1, 8], [8, 1], [4, 3, 5], [8, 8, 8], [5, 6, 7],
        [16, 4, 2], [2, 16, 3], [4, 1, 8], [16, 16, 16], [3, 32, 5],
        [6], [10], [12], [24], [45], [48], [60], [75], [96], [120], [250], [360], [12, 20], [6, 10, 15], [96, 5], [20, 9, 24],
    ];

    public static TheoryData<int[]> Shapes()
    {
        var data = new TheoryData<int[]>();
        foreach (var s in ShapeList)
        {
            data.Add(s);
        }

        return data;
    }

    public static TheoryData<string, int[]> BackendShapes()
    {
        var data = new TheoryData<string, int[]>();
        foreach (var name in FftBackends.All.Keys)
        {
            foreach (var s in ShapeList)
            {
                data.Add(name, s);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BackendShapes))]
    public void Forward_matches_the_naive_DFT(string backend, int[] shape)
    {
        var plan = FftBackends.All[backend].CreatePlan(shape);
        var x = Random(shape, seed: 11);
        var expected = ReferenceDft.Transform(shape, x, sign: -1);
        var actual = (Complex[])x.Clone();
        plan.ForwardUnscaled(actual);
        MaxError(expected, actual).ShouldBeLessThan(FftBackends.DftTolerance(x.Length, FftBackends.Norm(x)));
    }

    [Theory]
    [MemberData(nameof(BackendShapes))]
    public void Backward_matches_the_naive_DFT_with_the_requested_scale(string backend, int[] shape)
    {
        var plan = FftBackends.All[backend].CreatePlan(shape);
        var x = Random(shape, seed: 5);
        const double scale = 0.375; // exact in binary, so the expected values carry no extra rounding
        var expected = ReferenceDft.Transform(shape, x, sign: +1).Select(z => z * scale).ToArray();
        var actual = (Complex[])x.Clone();
        plan.Backward(actual, scale);
        MaxError(expected, actual).ShouldBeLessThan(scale * FftBackends.DftTolerance(x.Length, FftBackends.Norm(x)));
    }

    [Theory]
    [InlineData(new[] { 12 })]
    [InlineData(new[] { 8, 6 })]
    [InlineData(new[] { 5, 4, 6 })]
    public void The_unscaled_inverses_are_N_times_the_scaled_ones(int[] shape)
    {
        // Both go through the same plan with scale 1 instead of 1/N: N·(scaled) and unscaled differ by the rounding of
        // the 1/N multiplications only, ≤ 2 eps relative per entry (N here is small and the values O(1)).
        var grid = new Oracles.Core.Grids.PeriodicGrid(shape, 1.0);
        var x = Random(shape, seed: 31);
        var scaled = (Complex[])x.Clone();
        var unscaled = (Complex[])x.Clone();
        Fft.Inverse(grid, scaled);
        Fft.InverseUnscaled(grid, unscaled);
        MaxError(scaled.Select(z => z * grid.Count).ToArray(), unscaled).ShouldBeLessThan(4 * FftBackends.Eps * grid.Count * FftBackends.Norm(x));

        var real = RandomReal(shape, seed: 32);
        var spectrum = new Complex[Fft.SpectrumLength(shape)];
        Fft.ForwardReal(grid, real, spectrum);
        var copy = (Complex[])spectrum.Clone();
        var fieldScaled = new double[grid.Count];
        var fieldUnscaled = new double[grid.Count];
        Fft.InverseReal(grid, spectrum, fieldScaled);
        Fft.InverseRealUnscaled(grid, copy, fieldUnscaled);
        for (var i = 0; i < grid.Count; i++)
        {
            // The same sums rounded once more or less: ≤ 4 eps of the largest unscaled value N·max|x|.
            fieldUnscaled[i].ShouldBe(fieldScaled[i] * grid.Count, 4 * FftBackends.Eps * grid.Count * real.Max(Math.Abs), $"index {i}");
        }
    }

    [Theory]
    [MemberData(nameof(BackendShapes))]
    public void Real_forward_gives_the_half_spectrum_of_the_naive_DFT(string backend, int[] shape)
    {
        var plan = FftBackends.All[backend].CreatePlan(shape);
        var real = RandomReal(shape, seed: 17);
        var full = ReferenceDft.Transform(shape, real.Select(v => new Complex(v, 0)).ToArray(), sign: -1);
        var spectrum = new Complex[plan.SpectrumCount];
        plan.ForwardReal(real, spectrum);
        var expected = HalfOf(shape, full);
        var norm = Math.Sqrt(real.Sum(v => v * v));
        MaxError(expected, spectrum).ShouldBeLessThan(FftBackends.DftTolerance(real.Length, norm));
    }

    [Theory]
    [MemberData(nameof(BackendShapes))]
    public void Real_backward_inverts_the_real_forward_and_leaves_the_field_alone(string backend, int[] shape)
    {
        var plan = FftBackends.All[backend].CreatePlan(shape);
        var real = RandomReal(shape, seed: 23);
        var copy = (double[])real.Clone();
        var spectrum = new Complex[plan.SpectrumCount];
        plan.ForwardReal(real, spectrum);
        real.ShouldBe(copy); // the forward real transform must not touch its input
        var back = new double[real.Length];
        plan.BackwardReal(spectrum, back, 1.0 / real.Length);

        // Two transforms, each with relative L² error ≤ 16·eps·(log₂N + 2) (Higham Thm 24.2 with η ≈ 7 eps, ×2 slack);
        // max-norm error ≤ L² error.
        var norm = Math.Sqrt(real.Sum(v => v * v));
        var tol = 2 * 16 * FftBackends.Eps * (Math.Log2(real.Length) + 2) * Math.Max(norm, 1e-300);
        real.Zip(back, (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThan(tol);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Wrapper_inverse_is_scaled_by_one_over_N_and_round_trips(int[] shape)
    {
        var x = Random(shape, seed: 3);
        var y = (Complex[])x.Clone();
        Fft.Forward(shape, y);
        var energyX = x.Sum(z => z.Magnitude * z.Magnitude);
        var energyY = y.Sum(z => z.Magnitude * z.Magnitude) / x.Length;

        // Parseval with forward unscaled: Σ|x|² = (1/N) Σ|X|²; relative error ≤ 2·(FFT relative L² error) + N·eps for
        // the sums, with the FFT error 16·eps·(log₂N + 2) as above.
        var relative = (2 * 16 * FftBackends.Eps * (Math.Log2(x.Length) + 2)) + (x.Length * FftBackends.Eps);
        Math.Abs(energyX - energyY).ShouldBeLessThan(relative * energyX);
        Fft.Inverse(shape, y);
        MaxError(x, y).ShouldBeLessThan(2 * 16 * FftBackends.Eps * (Math.Log2(x.Length) + 2) * FftBackends.Norm(x));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Wrapper_real_transforms_agree_with_the_complex_ones(int[] shape)
    {
        var real = RandomReal(shape, seed: 29);
        var complex = real.Select(v => new Complex(v, 0)).ToArray();
        Fft.Forward(shape, complex);
        var spectrum = new Complex[Fft.SpectrumLength(shape)];
        Fft.ForwardReal(shape, real, spectrum);
        Fft.SpectrumShape(shape).ShouldBe(shape.Take(shape.Length - 1).Append((shape[^1] / 2) + 1).ToArray());
        var norm = Math.Sqrt(real.Sum(v => v * v));
        var tol = 2 * 16 * FftBackends.Eps * (Math.Log2(real.Length) + 2) * Math.Max(norm, 1e-300);
        MaxError(HalfOf(shape, complex), spectrum).ShouldBeLessThan(tol);
        var back = new double[real.Length];
        Fft.InverseReal(shape, spectrum, back);
        real.Zip(back, (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThan(tol);
    }

    [Theory]
    [MemberData(nameof(FftBackends.Names), MemberType = typeof(FftBackends))]
    public void Plane_waves_on_large_grids_transform_to_a_single_mode(string backend)
    {
        // Too large for the O(N²) reference: the exact answer of e^{2πi m·j/n} is N at k = m and 0 elsewhere.
        foreach (var shape in new[] { new[] { 1 << 16 }, new[] { 4096 }, new[] { 64, 64, 64 }, new[] { 256, 256 }, new[] { 2048 + 3 } })
        {
            var plan = FftBackends.All[backend].CreatePlan(shape);
            var rng = new Random(41);
            var m = shape.Select(n => rng.Next(n)).ToArray();
            var x = PlaneWave(shape, m);
            plan.ForwardUnscaled(x);
            var peak = Flat(shape, m);

            // Off the peak: the FFT's own error, O(eps·log₂N·‖x‖₂) per output with ‖x‖₂ = √N (Higham Thm 24.2), bounded by
            // 16·eps·(log₂N + 2)·√N; plus the transform of the samples' representation error (each is a product of ≤ 3
            // correctly rounded unit phases, |Δx_j| ≤ 4·eps), which is structured (separable), so it can add coherently
            // along grid lines: ≤ Σ_j|Δx_j| = 4·eps·N. At the peak the FFT error scales with |X| = N: 16·eps·(log₂N + 2)·N.
            var offPeak = (16 * FftBackends.Eps * (Math.Log2(x.Length) + 2) * Math.Sqrt(x.Length)) + (4 * FftBackends.Eps * x.Length);
            var atPeak = 16 * FftBackends.Eps * (Math.Log2(x.Length) + 2) * x.Length;
            for (var i = 0; i < x.Length; i++)
            {
                var expected = i == peak ? x.Length : 0.0;
                var tol = i == peak ? atPeak : offPeak;
                (x[i] - expected).Magnitude.ShouldBeLessThan(tol, $"shape [{string.Join(',', shape)}], index {i}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(FftBackends.Names), MemberType = typeof(FftBackends))]
    public void Calls_on_a_warm_plan_allocate_nothing(string backend)
    {
        int[][] shapes = [[4096], [32, 32, 32], [97], [6, 10], [64, 64]];
        foreach (var shape in shapes)
        {
            var plan = FftBackends.All[backend].CreatePlan(shape);
            var data = Random(shape, seed: 1);
            var real = RandomReal(shape, seed: 2);
            var spectrum = new Complex[plan.SpectrumCount];
            Run(plan, data, real, spectrum); // warm: plans, per-thread scratch
            var before = GC.GetAllocatedBytesForCurrentThread();
            Run(plan, data, real, spectrum);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            allocated.ShouldBe(0L, $"shape [{string.Join(',', shape)}]");
        }

        static void Run(IFftPlan plan, Complex[] data, double[] real, Complex[] spectrum)
        {
            plan.ForwardUnscaled(data);
            plan.Backward(data, 1.0 / data.Length);
            plan.ForwardReal(real, spectrum);
            plan.BackwardReal(spectrum, real, 1.0 / real.Length);
        }
    }

    [Theory]
    [MemberData(nameof(FftBackends.Names), MemberType = typeof(FftBackends))]
    public void A_shared_plan_gives_bit_identical_results_on_concurrent_threads(string backend)
    {
        int[] shape = [16, 32, 8];
        var plan = FftBackends.All[backend].CreatePlan(shape);
        var input = Random(shape, seed: 9);
        var serial = (Complex[])input.Clone();
        plan.ForwardUnscaled(serial);
        var results = new Complex[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (var repeat = 0; repeat < 20; repeat++)
            {
                var y = (Complex[])input.Clone();
                plan.ForwardUnscaled(y);
                results[t] = y;
            }
        });
        foreach (var r in results)
        {
            r.ShouldBe(serial);
        }
    }

    [Theory]
    [MemberData(nameof(FftBackends.Names), MemberType = typeof(FftBackends))]
    public void Wrong_lengths_are_rejected_with_the_argument_named(string backend)
    {
        var plan = FftBackends.All[backend].CreatePlan([8, 4]);
        Should.Throw<ArgumentException>(() => plan.ForwardUnscaled(new Complex[31])).ParamName.ShouldBe("data");
        Should.Throw<ArgumentException>(() => plan.ForwardReal(new double[32], new Complex[16])).ParamName.ShouldBe("spectrum");
        Should.Throw<ArgumentException>(() => plan.BackwardReal(new Complex[24], new double[30], 1)).ParamName.ShouldBe("field");
        Should.Throw<ArgumentException>(() => FftBackends.All[backend].CreatePlan([2, 2, 2, 2]));
        Should.Throw<ArgumentOutOfRangeException>(() => FftBackends.All[backend].CreatePlan([4, 0]));
    }

    [Theory]
    [MemberData(nameof(FftBackends.Names), MemberType = typeof(FftBackends))]
    public void Aligned_misaligned_and_plain_arrays_give_the_same_transform(string backend)
    {
        // 64 × 256 complex = 256 KiB and 128 × 256 real = 256 KiB: large enough for FFTW's direct paths (aligned plan on
        // an AlignedBuffer, FFTW_UNALIGNED plan on a slice 16 or 8 bytes off the boundary and on a plain array).
        int[] shape = [64, 256];
        int[] realShape = [128, 256];
        var plan = FftBackends.All[backend].CreatePlan(shape);
        var realPlan = FftBackends.All[backend].CreatePlan(realShape);
        var x = Random(shape, seed: 31);
        var real = RandomReal(realShape, seed: 37);

        var plain = (Complex[])x.Clone();
        plan.ForwardUnscaled(plain);
        var aligned = new AlignedBuffer<Complex>(x.Length);
        x.CopyTo(aligned.Span);
        plan.ForwardUnscaled(aligned.Span);
        var shifted = new AlignedBuffer<Complex>(x.Length + 1);
        var misaligned = shifted.Span[1..];
        x.CopyTo(misaligned);
        plan.ForwardUnscaled(misaligned);

        var spectrumPlain = new Complex[realPlan.SpectrumCount];
        realPlan.ForwardReal(real, spectrumPlain);
        var fieldShifted = new AlignedBuffer<double>(real.Length + 1);
        real.CopyTo(fieldShifted.Span[1..]);
        var spectrumAligned = new AlignedBuffer<Complex>(realPlan.SpectrumCount);
        realPlan.ForwardReal(fieldShifted.Span[1..], spectrumAligned.Span);
        var spectrumCopy = spectrumAligned.Span.ToArray(); // the inverse real transform overwrites its input
        var backAligned = new AlignedBuffer<double>(real.Length);
        realPlan.BackwardReal(spectrumAligned.Span, backAligned.Span, 1.0 / real.Length);

        // Different plans (aligned or not) may pick different algorithms: each within 16·eps·(log₂N + 2)·‖X‖₂ of the exact
        // transform in L² (‖X‖₂ = √N‖x‖₂), so two of them within twice that; the max norm is below the L² norm.
        var tol = 2 * 16 * FftBackends.Eps * (Math.Log2(x.Length) + 2) * Math.Sqrt(x.Length) * FftBackends.Norm(x);
        MaxError(plain, aligned.Span.ToArray()).ShouldBeLessThan(tol);
        MaxError(plain, misaligned.ToArray()).ShouldBeLessThan(tol);
        var realNorm = Math.Sqrt(real.Sum(v => v * v));
        var realTol = 2 * 16 * FftBackends.Eps * (Math.Log2(real.Length) + 2) * Math.Sqrt(real.Length) * realNorm;
        MaxError(spectrumPlain, spectrumCopy).ShouldBeLessThan(realTol);
        real.Zip(backAligned.Span.ToArray(), (a, b) => Math.Abs(a - b)).Max().ShouldBeLessThan(2 * 16 * FftBackends.Eps * (Math.Log2(real.Length) + 2) * realNorm);
    }

    [Fact]
    public void Aligned_buffers_start_on_a_64_byte_boundary()
    {
        foreach (var length in new[] { 0, 1, 3, 1000, 20000 })
        {
            var buffer = new AlignedBuffer<Complex>(length);
            buffer.Length.ShouldBe(length);
            buffer.Span.Length.ShouldBe(length);
            (buffer.Address % 64).ShouldBe(0);
            buffer.Span.ToArray().ShouldAllBe(z => z == Complex.Zero);
        }

        Should.Throw<ArgumentOutOfRangeException>(() => new AlignedBuffer<double>(-1));
    }

    [Fact]
    public void Unknown_backend_names_are_rejected()
    {
        Should.Throw<ArgumentException>(() => Fft.CreateBackend("mathnet")).Message.ShouldContain("managed");
        Fft.CreateBackend("managed").Name.ShouldBe("managed");
        Fft.Backend.Description.ShouldNotBeNullOrWhiteSpace();
    }

    internal static Complex[] Random(int[] shape, int seed)
    {
        var rng = new Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Enumerable.Range(0, n).Select(_ => new Complex((rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1)).ToArray();
    }

    internal static double[] RandomReal(int[] shape, int seed)
    {
        var rng = new Random(seed);
        var n = shape.Aggregate(1, (a, b) => a * b);
        return Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
    }

    /// <summary>The entries with k_last ≤ n_last/2 of a full row-major spectrum.</summary>
    internal static Complex[] HalfOf(int[] shape, Complex[] full)
    {
        var last = shape[^1];
        var h = (last / 2) + 1;
        var rows = full.Length / last;
        var half = new Complex[rows * h];
        for (var r = 0; r < rows; r++)
        {
            Array.Copy(full, r * last, half, r * h, h);
        }

        return half;
    }

    internal static Complex[] PlaneWave(int[] shape, int[] m)
    {
        // x_j = Π_a e^{2πi m_a j_a/n_a}, each factor from m_a·j_a reduced mod n_a in integers (exact angle to an ulp).
        var n = shape.Aggregate(1, (a, b) => a * b);
        var x = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            var rest = i;
            var value = Complex.One;
            for (var a = shape.Length - 1; a >= 0; a--)
            {
                var j = rest % shape[a];
                rest /= shape[a];
                value *= Complex.FromPolarCoordinates(1, 2 * Math.PI * ((long)m[a] * j % shape[a]) / shape[a]);
            }

            x[i] = value;
        }

        return x;
    }

    internal static int Flat(int[] shape, int[] index)
    {
        var flat = 0;
        for (var a = 0; a < shape.Length; a++)
        {
            flat = (flat * shape[a]) + index[a];
        }

        return flat;
    }

    internal static double MaxError(Complex[] a, Complex[] b) => a.Zip(b, (p, q) => (p - q).Magnitude).Max();
}
