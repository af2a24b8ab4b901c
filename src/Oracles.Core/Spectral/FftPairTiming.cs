using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Oracles.Core.Spectral;

/// <summary>
/// The median time of a forward + inverse FFT pair, the figure <c>oracles bench fft</c> prints and the performance
/// notes compare against FFTW's own timing program (src/Oracles.Benchmarks/native/fftw_pair.cpp).
/// </summary>
/// <remarks>
/// The pair is what the library runs: forward unscaled, inverse scaled by 1/N (as <see cref="Fft"/> does), in place
/// for complex data, on 64-byte-aligned buffers (<see cref="AlignedBuffer{T}"/>), on the calling thread, after the plan is
/// made and warmed. Unscaled pairs drop the 1/N (the managed backend folds it into its last pass, FFTW needs a sweep).
/// </remarks>
/// <param name="Backend">Backend name.</param>
/// <param name="Description">Backend description.</param>
/// <param name="Kind"><c>c2c</c> or <c>r2c</c>.</param>
/// <param name="Dims">The shape.</param>
/// <param name="MedianMs">Median pair time, milliseconds.</param>
/// <param name="MinMs">Fastest pair, milliseconds.</param>
/// <param name="Repeat">Timed pairs.</param>
/// <param name="Scaled">Whether the inverse was scaled by 1/N.</param>
/// <param name="BytesPerPair">Managed bytes allocated per timed pair on the calling thread.</param>
public sealed record FftPairTiming(
    string Backend, string Description, string Kind, IReadOnlyList<int> Dims, double MedianMs, double MinMs, int Repeat, bool Scaled, long BytesPerPair)
{
    /// <summary>Times pairs on one backend.</summary>
    /// <param name="backend">The backend.</param>
    /// <param name="shape">The shape (1 to 3 axes).</param>
    /// <param name="real">Real field ↔ half spectrum instead of complex in place.</param>
    /// <param name="repeat">Timed pairs; 0 picks enough for about a second (at least 5).</param>
    /// <param name="scaled">Scale the inverse by 1/N.</param>
    /// <returns>The timing.</returns>
    public static FftPairTiming Measure(IFftBackend backend, IReadOnlyList<int> shape, bool real, int repeat, bool scaled)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentOutOfRangeException.ThrowIfNegative(repeat);
        var plan = backend.CreatePlan(shape);
        var n = plan.Count;
        var scale = scaled ? 1.0 / n : 1.0;
        var complex = new AlignedBuffer<Complex>(real ? plan.SpectrumCount : n);
        var field = new AlignedBuffer<double>(real ? n : 0);
        var data = complex.Span;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = new Complex(Math.Sin(0.001 * i), Math.Cos(0.003 * i));
        }

        var values = field.Span;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Sin(0.001 * i);
        }

        void Pair()
        {
            if (real)
            {
                plan.ForwardReal(field.Span, complex.Span);
                plan.BackwardReal(complex.Span, field.Span, scale);
            }
            else
            {
                plan.ForwardUnscaled(complex.Span);
                plan.Backward(complex.Span, scale);
            }
        }

        // Warm up: the first pair makes the plans (FFTW measures here) and the per-thread scratch; the next ones let the
        // JIT reach its final tier and give the time per pair that sizes the run.
        Pair();
        var warm = Stopwatch.StartNew();
        var warmPairs = 0;
        do
        {
            Pair();
            warmPairs++;
        }
        while (warmPairs < 3 || (warm.Elapsed.TotalSeconds < 0.3 && warmPairs < 200));

        var estimate = warm.Elapsed.TotalMilliseconds / warmPairs;
        var count = repeat > 0 ? repeat : (int)Math.Clamp(1000 / Math.Max(estimate, 1e-3), 5, 2001);
        var times = new double[count];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var k = 0; k < count; k++)
        {
            var t0 = Stopwatch.GetTimestamp();
            Pair();
            times[k] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Array.Sort(times);
        return new FftPairTiming(backend.Name, backend.Description, real ? "r2c" : "c2c", shape.ToArray(), times[count / 2], times[0], count, scaled, allocated / count);
    }

    /// <summary>One line for a terminal.</summary>
    /// <returns>The text.</returns>
    public string ToText() => string.Create(
        CultureInfo.InvariantCulture,
        $"fft {Kind} pair [{string.Join(',', Dims)}] on {Backend}: median {MedianMs:F4} ms (min {MinMs:F4} ms, {Repeat} pairs, {(Scaled ? "inverse scaled 1/N" : "unscaled")}, {BytesPerPair} B allocated per pair) — {Description}");

    /// <summary>One JSON object: backend, kind, dims, median_ms, min_ms, repeat, scaled, bytes_per_pair, description.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{{\"backend\":\"{Backend}\",\"kind\":\"{Kind}\",\"dims\":[{string.Join(',', Dims)}],");
        sb.Append(CultureInfo.InvariantCulture, $"\"median_ms\":{MedianMs.ToString("R", CultureInfo.InvariantCulture)},\"min_ms\":{MinMs.ToString("R", CultureInfo.InvariantCulture)},");
        sb.Append(CultureInfo.InvariantCulture, $"\"repeat\":{Repeat},\"scaled\":{(Scaled ? "true" : "false")},\"bytes_per_pair\":{BytesPerPair},");
        sb.Append(CultureInfo.InvariantCulture, $"\"description\":\"{Description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}");
        return sb.ToString();
    }
}
