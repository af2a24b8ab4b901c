using System.CommandLine;
using System.Globalization;
using Oracles.Core.Spectral;

namespace Oracles.Cli.Commands;

/// <summary>
/// <c>oracles bench fft --dims 128,128,128 --backend managed|fftw [--kind c2c|r2c] [--repeat K] [--unscaled] [--json]</c>:
/// the median time of a forward + inverse FFT pair on this machine, for comparing backends and machines.
/// </summary>
/// <remarks>What is timed is documented on <see cref="FftPairTiming"/>; <c>--unscaled</c> drops the 1/N to compare with
/// FFTW's own timing program (src/Oracles.Benchmarks/native/fftw_pair.cpp).</remarks>
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
            var name = parse.GetValue(backend);
            if (name == "fftw" && !FftwBackend.TryLoad(out _, out var reason))
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"oracles: --backend fftw: FFTW is not available ({reason}) Install it with 'apt-get install libfftw3-double3', or use --backend managed.");
                return ExitCodes.InvalidInput;
            }

            var chosen = name is null ? Fft.Backend : Fft.CreateBackend(name);
            var result = FftPairTiming.Measure(chosen, shape, parse.GetValue(kind) == "r2c", parse.GetValue(repeat), !parse.GetValue(unscaled));
            output.WriteLine(parse.GetValue(json) ? result.ToJson() : result.ToText());
            return ExitCodes.Success;
        });
        bench.Subcommands.Add(fft);
        return bench;
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
}
