using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using Oracles.Core.Spectral;

namespace Oracles.Cli.Commands;

/// <summary>
/// <c>oracles bench fft --dims 128,128,128 --backend managed|fftw [--kind c2c|r2c] [--repeat K] [--unscaled] [--json]</c>:
/// the median time of a forward + inverse FFT pair on this machine, for comparing backends and machines.
/// </summary>
/// <remarks>
/// The pair is what the library runs: forward unscaled, inverse scaled by 1/N (<see cref="Fft"/>), in place for c2c, on
/// 64-byte-aligned data (<see cref="AlignedBuffer{T}"/>), one thread, plans made and warmed before timing.
/// <c>--unscaled</c> drops the 1/N (the managed backend folds it into its last pass, FFTW needs an extra sweep), to
/// compare with FFTW's own timing program (src/Oracles.Benchmarks/native/fftw_pair.cpp).
/// </remarks>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Micro-benchmarks of the numerical kernels.");
        var dims = new Option<string>("--dims")
        {
            Description = "Grid shape, comma-separated (1 to 3 axes), e.g. 128,128,128 or 65536.",
            DefaultValueFactory = _ => "128,128,128",
        };
        var backend = new Option<string>("--backend")
        {
            Description = "FFT backend: managed or fftw (default: the one ORACLES_FFT selects).",
        };
        backend.AcceptOnlyFromAmong("managed", "fftw");
        var kind = new Option<string>("--kind")
        {
            Description = "c2c (complex pair, default) or r2c (real field ↔ half spectrum).",
            DefaultValueFactory = _ => "c2c",
        };
        kind.AcceptOnlyFromAmong("c2c", "r2c");
        var repeat = new Option<int>("--repeat")
        {
            Description = "Timed pairs (the median is reported); default: enough for about one second, at least 5.",
        };
        var unscaled = new Option<bool>("--unscaled") { Description = "Leave out the 1/N of the inverse." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {\"backend\", \"dims\", \"median_ms\", …}." };

        var fft = new Command("fft", "Median time of a forward + inverse FFT pair.") { dims, backend, kind, repeat, unscaled, json };
        fft.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var shape = ParseDims(parse.GetValue(dims)!);
            var chosen = parse.GetValue(backend) is { } name ? Fft.CreateBackend(name) : Fft.Backend;
            var result = Run(chosen, shape, parse.GetValue(kind) == "r2c", parse.GetValue(repeat), !parse.GetValue(unscaled));
            output.WriteLine(parse.GetValue(json) ? result.ToJson() : result.ToText());
            return ExitCodes.Success;
        });
        bench.Subcommands.Add(fft);
        return bench;
    }

    /// <summary>Times pairs on one backend.</summary>
    internal static BenchResult Run(IFftBackend backend, int[] shape, bool real, int repeat, bool scaled)
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

        // Warm up: plans (FFTW measures here), per-thread scratch, JIT tiers.
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
        return new BenchResult(backend.Name, backend.Description, real ? "r2c" : "c2c", shape, times[count / 2], times[0], count, scaled, allocated / count);
    }

    internal static int[] ParseDims(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length is < 1 or > 3)
        {
            throw new ArgumentException($"--dims needs 1 to 3 comma-separated sizes, e.g. 128,128,128; got '{text}'.");
        }

        var shape = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] < 1)
            {
                throw new ArgumentException($"--dims entries must be positive integers; got '{parts[i]}' in '{text}'.");
            }
        }

        if (shape.Aggregate(1L, (a, b) => a * b) > 1L << 27)
        {
            throw new ArgumentException($"--dims {text} has more than 2^27 points; that does not fit the benchmark's buffers.");
        }

        return shape;
    }

    /// <summary>One benchmark outcome.</summary>
    internal sealed record BenchResult(
        string Backend, string Description, string Kind, int[] Dims, double MedianMs, double MinMs, int Repeat, bool Scaled, long BytesPerPair)
    {
        public string ToText() => string.Create(
            CultureInfo.InvariantCulture,
            $"fft {Kind} pair [{string.Join(',', Dims)}] on {Backend}: median {MedianMs:F4} ms (min {MinMs:F4} ms, {Repeat} pairs, {(Scaled ? "inverse scaled 1/N" : "unscaled")}, {BytesPerPair} B allocated per pair) — {Description}");

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
}
