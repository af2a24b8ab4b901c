using System.Numerics;
using Oracles.Core.Pointwise;
using Oracles.Core.Spectral;
using Oracles.Core.Threading;

namespace Oracles.Tests.Core;

/// <summary>
/// The worker pool and what runs on it: every chunk once, errors surfaced, and outputs bit-identical to the
/// single-threaded run (the determinism contract of ParallelChunks, non-negotiable 5).
/// </summary>
public class ParallelTests
{
    /// <summary>Shapes of at least 2^16 points (the threaded path): powers of two, mixed radix, a Bluestein axis, 2-D, an odd last axis, 1-D.</summary>
    private static readonly int[][] Large = [[64, 64, 16], [256, 256], [40, 48, 36], [17, 64, 64], [64, 32, 33], [1 << 16]];

    public static TheoryData<int[]> LargeShapes() => new(Large);

    /// <summary>The multi-dimensional ones (a single line is never threaded, and its O(n²) reference would take minutes).</summary>
    public static TheoryData<int[]> LargeMultiDimensionalShapes() => new(Large.Where(s => s.Length > 1));

    private sealed class CountingJob(int chunks) : IChunkJob
    {
        public int[] Hits { get; } = new int[chunks];

        public int[] Threads { get; } = new int[chunks];

        public void Execute(int chunk)
        {
            Interlocked.Increment(ref Hits[chunk]);
            Threads[chunk] = Environment.CurrentManagedThreadId;
            Thread.SpinWait(2000); // Long enough that a worker takes some chunks when there is one.
        }
    }

    private sealed class ThrowingJob : IChunkJob
    {
        public void Execute(int chunk)
        {
            if (chunk == 37)
            {
                throw new InvalidOperationException("chunk 37 failed");
            }
        }
    }

    private sealed class NestedJob : IChunkJob
    {
        public int[] Inner { get; } = new int[16 * 8];

        public void Execute(int chunk) => ParallelChunks.Run(new Slice(Inner, chunk * 8), 8);

        private sealed class Slice(int[] target, int offset) : IChunkJob
        {
            public void Execute(int chunk) => Interlocked.Increment(ref target[offset + chunk]);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void Every_chunk_runs_exactly_once(int chunks)
    {
        var job = new CountingJob(chunks);
        ParallelChunks.Run(job, chunks);
        job.Hits.ShouldAllBe(h => h == 1);
    }

    [Fact]
    public void An_exception_in_a_chunk_reaches_the_caller_and_the_pool_stays_usable()
    {
        Should.Throw<InvalidOperationException>(() => ParallelChunks.Run(new ThrowingJob(), 200)).Message.ShouldBe("chunk 37 failed");
        var job = new CountingJob(100);
        ParallelChunks.Run(job, 100);
        job.Hits.ShouldAllBe(h => h == 1);
    }

    [Fact]
    public async Task Nested_and_concurrent_callers_run_inline_and_complete()
    {
        var nested = new NestedJob();
        ParallelChunks.Run(nested, 16);
        nested.Inner.ShouldAllBe(h => h == 1);

        var jobs = Enumerable.Range(0, 4).Select(_ => new CountingJob(300)).ToArray();
        await Task.WhenAll(jobs.Select(j => Task.Run(() => ParallelChunks.Run(j, 300))));
        jobs.ShouldAllBe(j => j.Hits.All(h => h == 1));
    }

    [Fact]
    public void Inline_keeps_every_chunk_on_the_calling_thread()
    {
        var job = new CountingJob(64);
        ParallelChunks.Inline(() => ParallelChunks.Run(job, 64));
        job.Threads.ShouldAllBe(t => t == Environment.CurrentManagedThreadId);
    }

    [Theory]
    [InlineData(null, -1)]
    [InlineData("", -1)]
    [InlineData("abc", -1)]
    [InlineData("0", -1)]
    [InlineData("-3", -1)]
    [InlineData("1", 1)]
    [InlineData("3", 3)]
    [InlineData("100000", 256)]
    public void ORACLES_THREADS_is_a_positive_count_else_the_processor_count(string? text, int expected) =>
        ParallelChunks.ReadThreads(text).ShouldBe(expected < 0 ? Math.Clamp(Environment.ProcessorCount, 1, 256) : expected);

    [Theory]
    [MemberData(nameof(LargeShapes))]
    public void Threaded_managed_transforms_are_bit_identical_to_single_threaded_ones(int[] shape)
    {
        var plan = ManagedFftBackend.Instance.CreatePlan(shape);
        var x = FftTests.Random(shape, seed: 3);
        var threaded = (Complex[])x.Clone();
        var inline = (Complex[])x.Clone();
        plan.ForwardUnscaled(threaded);
        ParallelChunks.Inline(() => plan.ForwardUnscaled(inline));
        Bits(threaded).ShouldBe(Bits(inline));
        plan.Backward(threaded, 1.0 / x.Length);
        ParallelChunks.Inline(() => plan.Backward(inline, 1.0 / x.Length));
        Bits(threaded).ShouldBe(Bits(inline));

        var real = FftTests.RandomReal(shape, seed: 4);
        var spectrumThreaded = new Complex[plan.SpectrumCount];
        var spectrumInline = new Complex[plan.SpectrumCount];
        plan.ForwardReal(real, spectrumThreaded);
        ParallelChunks.Inline(() => plan.ForwardReal(real, spectrumInline));
        Bits(spectrumThreaded).ShouldBe(Bits(spectrumInline));
        var back = new double[real.Length];
        var backInline = new double[real.Length];
        plan.BackwardReal(spectrumThreaded, back, 1.0 / real.Length);
        ParallelChunks.Inline(() => plan.BackwardReal(spectrumInline, backInline, 1.0 / real.Length));
        back.Select(BitConverter.DoubleToInt64Bits).ShouldBe(backInline.Select(BitConverter.DoubleToInt64Bits));
    }

    [Theory]
    [MemberData(nameof(LargeMultiDimensionalShapes))]
    public void Threaded_managed_transforms_match_the_naive_DFT(int[] shape)
    {
        // The separable reference costs N·Σnᵢ operations (≈ 10⁷ here): cheap enough to check the threaded path itself.
        var plan = ManagedFftBackend.Instance.CreatePlan(shape);
        var x = FftTests.Random(shape, seed: 8);
        var actual = (Complex[])x.Clone();
        plan.ForwardUnscaled(actual);
        FftTests.MaxError(ReferenceDft.Transform(shape, x, sign: -1), actual)
            .ShouldBeLessThan(FftBackends.DftTolerance(x.Length, FftBackends.Norm(x)));
        var real = FftTests.RandomReal(shape, seed: 9);
        var spectrum = new Complex[plan.SpectrumCount];
        plan.ForwardReal(real, spectrum);
        var full = ReferenceDft.Transform(shape, real.Select(r => new Complex(r, 0)).ToArray(), sign: -1);
        FftTests.MaxError(FftTests.HalfOf(shape, full), spectrum)
            .ShouldBeLessThan(FftBackends.DftTolerance(real.Length, Math.Sqrt(real.Sum(r => r * r))));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(200_003)]
    public void Vector_phase_rotation_is_within_two_ulp_of_the_scalar_one_and_unitary(int length)
    {
        // |θV| spans 10⁻³ … 10⁶: Vector512.SinCos was measured within 1 ulp of Math.SinCos there (2 allowed).
        var rng = new Random(21);
        var psi = Enumerable.Range(0, length).Select(_ => new Complex((rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1)).ToArray();
        var v = Enumerable.Range(0, length).Select(i => ((rng.NextDouble() * 2) - 1) * Math.Pow(10, (i % 10) - 3)).ToArray();
        var vector = (Complex[])psi.Clone();
        var scalar = (Complex[])psi.Clone();
        ComplexKernels.RotatePhase(vector, v, -0.37);
        ComplexKernels.RotatePhaseScalar(scalar, v, -0.37);
        for (var i = 0; i < length; i++)
        {
            // Each component is c·a ± s·b with |c|,|s| ≤ 1: 2 ulp of sin/cos plus the rounding of two products and a sum.
            var bound = 8 * FftBackends.Eps * psi[i].Magnitude;
            Math.Abs(vector[i].Real - scalar[i].Real).ShouldBeLessThanOrEqualTo(bound, $"index {i}");
            Math.Abs(vector[i].Imaginary - scalar[i].Imaginary).ShouldBeLessThanOrEqualTo(bound, $"index {i}");
            Math.Abs(vector[i].Magnitude - psi[i].Magnitude).ShouldBeLessThanOrEqualTo(bound, $"index {i}");
        }

        // The exact composition law e^{iθV}e^{−iθV} = 1, to round-off.
        ComplexKernels.RotatePhase(vector, v, 0.37);
        FftTests.MaxError(vector, psi).ShouldBeLessThan(16 * FftBackends.Eps);
    }

    [Fact]
    public void Multiply_and_modulus_squared_match_the_definitions()
    {
        var rng = new Random(5);
        const int length = 100_003; // above the parallel threshold, with a tail that is not a vector multiple
        var psi = Enumerable.Range(0, length).Select(_ => new Complex((rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1)).ToArray();
        var m = Enumerable.Range(0, length).Select(_ => new Complex((rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1)).ToArray();
        var product = (Complex[])psi.Clone();
        ComplexKernels.Multiply(product, m);
        for (var i = 0; i < length; i++)
        {
            // One fused and one plain rounding per component against Complex's two-product rounding: ≤ 4 eps·|ψ||m|.
            (product[i] - (psi[i] * m[i])).Magnitude.ShouldBeLessThanOrEqualTo(4 * FftBackends.Eps * psi[i].Magnitude * m[i].Magnitude);
        }

        var real = Enumerable.Range(0, length).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        var scaled = (Complex[])psi.Clone();
        ComplexKernels.Scale(scaled, real, 0.3);
        for (var i = 0; i < length; i++)
        {
            // (c·m)·z in both: the same two roundings per component.
            scaled[i].ShouldBe(new Complex(0.3 * real[i] * psi[i].Real, 0.3 * real[i] * psi[i].Imaginary));
        }

        var rho = new double[length];
        ComplexKernels.ModulusSquared(psi, rho);
        for (var i = 0; i < length; i++)
        {
            rho[i].ShouldBe((psi[i].Real * psi[i].Real) + (psi[i].Imaginary * psi[i].Imaginary)); // the same two products and sum: exact
        }
    }

    [Fact]
    public void Threaded_kernels_are_bit_identical_to_single_threaded_ones()
    {
        var rng = new Random(8);
        const int length = 300_001;
        var psi = Enumerable.Range(0, length).Select(_ => new Complex((rng.NextDouble() * 2) - 1, (rng.NextDouble() * 2) - 1)).ToArray();
        var v = Enumerable.Range(0, length).Select(_ => rng.NextDouble() * 50).ToArray();
        var threaded = (Complex[])psi.Clone();
        var inline = (Complex[])psi.Clone();
        ComplexKernels.RotatePhase(threaded, v, 0.01);
        ParallelChunks.Inline(() => ComplexKernels.RotatePhase(inline, v, 0.01));
        Bits(threaded).ShouldBe(Bits(inline));
    }

    [Fact]
    public void Kernels_reject_mismatched_lengths()
    {
        Should.Throw<ArgumentException>(() => ComplexKernels.RotatePhase(new Complex[4], new double[3], 1)).ParamName.ShouldBe("v");
        Should.Throw<ArgumentException>(() => ComplexKernels.Multiply(new Complex[4], new Complex[5])).ParamName.ShouldBe("multiplier");
        Should.Throw<ArgumentException>(() => ComplexKernels.ModulusSquared(new Complex[4], new double[2])).ParamName.ShouldBe("density");
        Should.Throw<ArgumentException>(() => ComplexKernels.Scale(new Complex[4], new double[2], 1)).ParamName.ShouldBe("multiplier");
    }

    private static long[] Bits(Complex[] z) =>
        z.SelectMany(c => new[] { BitConverter.DoubleToInt64Bits(c.Real), BitConverter.DoubleToInt64Bits(c.Imaginary) }).ToArray();
}
