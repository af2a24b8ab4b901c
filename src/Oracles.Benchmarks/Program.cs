using System.Globalization;
using BenchmarkDotNet.Running;
using Oracles.Core.Spectral;

namespace Oracles.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project src/Oracles.Benchmarks -- --filter '*'</c>.
/// <c>-- pair DIMS BACKEND [c2c|r2c] [REPEAT]</c> prints one quick median (<see cref="FftPairTiming"/>), the same
/// figure as <c>oracles bench fft</c>, without BenchmarkDotNet's process-per-benchmark overhead.
/// </summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line.</summary>
    /// <param name="args">BenchmarkDotNet arguments, or the quick <c>pair</c> mode.</param>
    public static void Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length >= 3 && args[0] == "pair")
        {
            var shape = args[1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var real = args.Length > 3 && args[3] == "r2c";
            var repeat = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 0;
            var scaled = !args.Contains("unscaled");
            Console.WriteLine(FftPairTiming.Measure(Fft.CreateBackend(args[2]), shape, real, repeat, scaled).ToText());
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
