using System.Globalization;
using BenchmarkDotNet.Running;
using Oracles.Core.Spectral;

namespace Oracles.Benchmarks;

/// <summary>
/// BenchmarkDotNet entry point: <c>dotnet run -c Release --project src/Oracles.Benchmarks -- --filter '*'</c>.
/// <c>-- pair DIMS BACKEND [c2c|r2c] [REPEAT] [unscaled]</c> prints one quick median (<see cref="FftPairTiming"/>), the
/// same figure as <c>oracles bench fft</c>; <c>-- strang N MODEL [STEPS]</c> times Strang steps
/// (<see cref="StrangStepBenchmarks"/>) on the backend <c>ORACLES_FFT</c> selects. Both skip BenchmarkDotNet's
/// process-per-benchmark overhead.
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

        if (args.Length >= 3 && args[0] == "strang")
        {
            // strang N MODEL [STEPS]: steps per second of StrangStepBenchmarks' problem on the backend ORACLES_FFT selects.
            var n = int.Parse(args[1], CultureInfo.InvariantCulture);
            var bench = new StrangStepBenchmarks { N = n, Model = Enum.Parse<Oracles.Solvers.SplitStep.PotentialModel>(args[2]) };
            bench.Setup();
            var steps = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
            // Warm-up past tiered JIT (a method reaches optimised code after 30 calls; the timed loops must not measure tier 0).
            for (var k = 0; k < 35; k++)
            {
                bench.Step();
            }

            for (var k = 0; k < 4; k++)
            {
                bench.StepInRun();
            }

            var single = Time(steps, bench.Step, out var singleBytes);
            var inRun = Time(Math.Max(1, steps / StrangStepBenchmarks.StepsPerRun), bench.StepInRun, out var runBytes);
            var perStep = inRun.Median / StrangStepBenchmarks.StepsPerRun;
            var pb = bench.LastPotentialReport is { } r
                ? string.Create(CultureInfo.InvariantCulture, $"; last Poisson–Boltzmann solve: {r.NewtonIterations} Newton, {r.CgIterations} CG, relative residual {r.RelativeResidual:E1}")
                : string.Empty;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"strang {bench.Model} {n}^3 on {Fft.Backend.Name}, {Oracles.Core.Threading.ParallelChunks.Threads} thread(s): single step median {single.Median:F2} ms = {1000 / single.Median:F1} steps/s (min {single.Min:F2} ms, {steps} steps, {singleBytes} B allocated per step); in a run ({StrangStepBenchmarks.StepsPerRun} steps, fused kicks) {perStep:F2} ms/step = {1000 / perStep:F1} steps/s (min {inRun.Min / StrangStepBenchmarks.StepsPerRun:F2} ms, {runBytes} B allocated per {StrangStepBenchmarks.StepsPerRun} steps){pb}"));
            return;
        }

        if (args.Length >= 1 && args[0] == "check-cost")
        {
            // check-cost [REPEATS] [SCENARIO …]: producing vs checking medians and per-oracle times (CheckCostBenchmarks);
            // check-cost loop SCENARIO SECONDS: checks one run repeatedly (for a sampling profiler);
            // check-cost results: every oracle's numbers at full precision (diff two builds: did a change move any number?).
            if (args.Length >= 2 && args[1] == "results")
            {
                Console.Write(CheckCost.Results());
                return;
            }

            if (args.Length >= 4 && args[1] == "loop")
            {
                Console.WriteLine(CheckCost.Loop(args[2], double.Parse(args[3], CultureInfo.InvariantCulture)));
                return;
            }

            var rest = args.Skip(1).ToList();
            var repeats = 5;
            if (rest.Count > 0 && int.TryParse(rest[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var r))
            {
                repeats = r;
                rest.RemoveAt(0);
            }

            Console.Write(CheckCost.Measure(rest, repeats));
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static (double Median, double Min) Time(int repeats, Action action, out long bytesPerRepeat)
    {
        // All threads' allocations (the pool's workers included), not just this thread's.
        var times = new double[repeats];
        var before = GC.GetTotalAllocatedBytes(precise: true);
        for (var k = 0; k < repeats; k++)
        {
            var t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            action();
            times[k] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        bytesPerRepeat = (GC.GetTotalAllocatedBytes(precise: true) - before) / repeats;
        Array.Sort(times);
        return (times[repeats / 2], times[0]);
    }
}
