using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using Oracles.Core.Spectral;

namespace Oracles.Benchmarks;

/// <summary>
/// Runs every benchmark once per FFT backend: a job with <c>ORACLES_FFT=managed</c> and one with <c>ORACLES_FFT=fftw</c>
/// (BenchmarkDotNet starts a process per job, and <see cref="Fft"/> reads the variable once per process). The FFTW job
/// fails where FFTW is not installed; filter it out with <c>--job managed</c>.
/// </summary>
public sealed class BackendJobsConfig : ManualConfig
{
    /// <summary>Creates the two jobs.</summary>
    public BackendJobsConfig()
    {
        AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("ORACLES_FFT", "managed")).WithId("managed"));
        AddJob(Job.Default.WithEnvironmentVariables(new EnvironmentVariable("ORACLES_FFT", "fftw")).WithId("fftw"));
    }
}

/// <summary>
/// A forward + inverse complex FFT pair through <see cref="Fft"/> (forward unscaled, inverse scaled 1/N, in place), on
/// 64-byte-aligned data: the sizes of issue 3 (1-D 2^16, 2-D 256² and 1024², 3-D 64³ and 128³).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(BackendJobsConfig))]
public class FftComplexPairBenchmarks
{
    private AlignedBuffer<Complex> data = null!;
    private int[] shape = [];

    /// <summary>The shape, e.g. <c>64x64x64</c>.</summary>
    [Params("65536", "256x256", "1024x1024", "64x64x64", "128x128x128")]
    public string Dims { get; set; } = "65536";

    /// <summary>Allocates and fills the data, makes the plan.</summary>
    [GlobalSetup]
    public void Setup()
    {
        shape = Dims.Split('x').Select(int.Parse).ToArray();
        var plan = Fft.Plan(shape);
        data = new AlignedBuffer<Complex>(plan.Count);
        var x = data.Span;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = new Complex(Math.Sin(0.001 * i), Math.Cos(0.003 * i));
        }

        Pair();
    }

    /// <summary>Forward then inverse.</summary>
    [Benchmark]
    public void Pair()
    {
        Fft.Forward(shape, data.Span);
        Fft.Inverse(shape, data.Span);
    }
}

/// <summary>A real-to-complex forward + complex-to-real inverse pair at 128³ (half spectrum, the Poisson solves' transform).</summary>
[MemoryDiagnoser]
[Config(typeof(BackendJobsConfig))]
public class FftRealPairBenchmarks
{
    private static readonly int[] Shape = [128, 128, 128];
    private AlignedBuffer<double> field = null!;
    private AlignedBuffer<Complex> spectrum = null!;

    /// <summary>Allocates and fills the data, makes the plan.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var plan = Fft.Plan(Shape);
        field = new AlignedBuffer<double>(plan.Count);
        spectrum = new AlignedBuffer<Complex>(plan.SpectrumCount);
        var x = field.Span;
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Sin(0.001 * i);
        }

        Pair();
    }

    /// <summary>Forward real then inverse real.</summary>
    [Benchmark]
    public void Pair()
    {
        Fft.ForwardReal(Shape, field.Span, spectrum.Span);
        Fft.InverseReal(Shape, spectrum.Span, field.Span);
    }
}
