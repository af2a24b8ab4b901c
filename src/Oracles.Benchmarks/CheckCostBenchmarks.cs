using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Spectral;
using Oracles.Solvers.ReferenceProblems;

namespace Oracles.Benchmarks;

/// <summary>
/// The cost of judging a trajectory against the cost of producing it (DESIGN.md §8: "Oracle evaluation must cost ≤ 5 %
/// of producing the trajectory it judges"), warm and in process, for the runs <c>oracles solve</c> writes.
/// </summary>
/// <remarks>
/// <para><b>Produce</b> runs the reference solver(s) of the scenario exactly as <c>oracles solve</c> (and the demo) do:
/// <see cref="BcyReferenceProblems"/>, i.e. Strang SPB/SP plus, for SPB, the isothermal Euler reference on the same grid
/// and sample times.</para>
/// <para><b>Check</b> evaluates every oracle as <c>oracles check FILE [--refine …]</c> does, minus file IO
/// (<see cref="CheckCost.Check"/> mirrors the CLI's <c>CheckReport.Evaluate</c>): ordered by id, literal erratum oracles
/// skipped (they run only when named), oracles of other systems NotApplicable without evaluation, every other oracle
/// evaluated on one <see cref="OracleContext"/> carrying the file's declarations.</para>
/// <para><b>Scenarios</b> (<see cref="CheckCost.Scenarios"/>): <c>A</c> = the demo's scenario A as <c>oracles solve spb</c>
/// writes it (Lemma 4.1 data, ε = ħ = 0.1, n = 256, Δt = 2e-4, T = 0.2, 101 frames, Euler fluid, declaration
/// <c>BCY.L4.1.data</c>), checked without refinements; <c>A-refined</c> = the same checked with
/// <c>--refine</c> runs at Δt/2 and Δt/4 — the check needs them, so producing counts all three runs; <c>SP</c> =
/// <c>oracles solve sp</c>; <c>F11</c> = <c>oracles solve spb --initial f11</c> (the F11 data, no declaration).</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(InvocationsPerIteration)]
public class CheckCostBenchmarks
{
    /// <summary>Invocations per iteration: each <see cref="Check"/> gets its own fresh copy of the run, made beforehand.</summary>
    public const int InvocationsPerIteration = 8;

    private readonly Queue<OracleContext> copies = new();
    private CheckCost.Scenario scenario = null!;
    private OracleContext context = null!;

    /// <summary>The scenario (<see cref="CheckCost.Scenarios"/>).</summary>
    [Params("A", "A-refined", "SP", "F11")]
    public string Name { get; set; } = "A";

    /// <summary>Produces the trajectory once (the input of <see cref="Check"/>).</summary>
    [GlobalSetup]
    public void Setup()
    {
        scenario = CheckCost.Scenarios.Single(s => s.Name == Name);
        context = scenario.Produce();
    }

    /// <summary>
    /// Fresh copies of the run's trajectories for the iteration's checks (not timed): what the catalogue derives from a
    /// trajectory is kept with it, so checking one instance twice would time the second check on cached values.
    /// </summary>
    [IterationSetup(Target = nameof(Check))]
    public void Copies()
    {
        copies.Clear();
        for (var k = 0; k < InvocationsPerIteration; k++)
        {
            copies.Enqueue(CheckCost.Fresh(context));
        }
    }

    /// <summary>Produces the trajectory (and the refinements the check needs).</summary>
    /// <returns>The context.</returns>
    [Benchmark(Baseline = true)]
    public OracleContext Produce() => scenario.Produce();

    /// <summary>Judges it with every applicable oracle.</summary>
    /// <returns>The number of verdicts.</returns>
    [Benchmark]
    public int Check() => CheckCost.Check(copies.Dequeue(), null).Count;
}

/// <summary>The scenarios, the check loop of <c>oracles check</c>, and the quick <c>check-cost</c> timing mode.</summary>
public static class CheckCost
{
    private static readonly PhysicalParameters Demo = new(Hbar: 0.1, Epsilon: 0.1);
    private static readonly RunSettings Coarse = new(N: 256, TimeStep: 2e-4, Steps: 1000, SampleEvery: 10);
    private static readonly HashSet<string> WellPrepared = new(["BCY.L4.1.data"], StringComparer.Ordinal);

    /// <summary>Checks (of fresh copies) before the quick mode times anything.</summary>
    public const int WarmUpChecks = 50;

    /// <summary>A named way of producing an <see cref="OracleContext"/>.</summary>
    /// <param name="Name">The name.</param>
    /// <param name="Description">What is produced and what the producing time counts.</param>
    /// <param name="Produce">Runs the solvers.</param>
    public sealed record Scenario(string Name, string Description, Func<OracleContext> Produce);

    /// <summary>One oracle's timing in a check.</summary>
    /// <param name="Oracle">The oracle.</param>
    /// <param name="Result">Its result (null when skipped).</param>
    /// <param name="Milliseconds">Wall time of its evaluation.</param>
    public sealed record Entry(IOracle Oracle, OracleResult? Result, double Milliseconds);

    /// <summary>The scenarios (see <see cref="CheckCostBenchmarks"/>).</summary>
    public static IReadOnlyList<Scenario> Scenarios { get; } =
    [
        new("A", "scenario A as `oracles solve spb` writes it (SPB + Euler, 1000 steps); checked like `oracles check t.h5`", () => WellPreparedRun(Coarse)),
        new(
            "A-refined",
            "scenario A plus the dt/2 and dt/4 runs (7000 SPB + 7000 Euler steps counted); checked like `oracles check t.h5 --refine t2.h5 t4.h5`",
            () => WellPreparedRun(Coarse) with
            {
                Refinements = [WellPreparedRun(Coarse.HalveTimeStep()), WellPreparedRun(Coarse.HalveTimeStep().HalveTimeStep())],
            }),
        new("SP", "`oracles solve sp` (SP from the Lemma 4.1 psi, 1000 steps); checked like `oracles check sp.h5`", () =>
            new OracleContext(BcyReferenceProblems.SchrodingerPoisson1D(Demo, Coarse).Quantum)),
        new("F11", "`oracles solve spb --initial f11` (SPB + Euler, 1000 steps); checked like `oracles check f11.h5`", () =>
        {
            var run = BcyReferenceProblems.F11Counterexample1D(Demo, Coarse);
            return new OracleContext(run.Quantum, run.Fluid);
        }),
    ];

    /// <summary>
    /// Evaluates the catalogue on a context as <c>oracles check</c> does without <c>--oracle</c>: ordered by id, literal
    /// erratum oracles skipped, oracles whose systems exclude the input's NotApplicable without evaluation.
    /// </summary>
    /// <param name="context">The input.</param>
    /// <param name="entries">When not null, receives one entry per oracle with its time.</param>
    /// <returns>The verdicts of the evaluated oracles.</returns>
    public static IReadOnlyList<OracleResult> Check(OracleContext context, List<Entry>? entries)
    {
        ArgumentNullException.ThrowIfNull(context);
        string[] systems = [.. new[] { context.Quantum?.System, context.Fluid?.System }.OfType<string>().Distinct(StringComparer.Ordinal)];
        var results = new List<OracleResult>();
        foreach (var oracle in OracleRegistry.All.OrderBy(o => o.Id, StringComparer.Ordinal))
        {
            if (oracle.Erratum is not null || !oracle.Systems.Intersect(systems, StringComparer.Ordinal).Any())
            {
                entries?.Add(new Entry(oracle, null, 0));
                continue;
            }

            var t0 = Stopwatch.GetTimestamp();
            var result = oracle.Evaluate(context);
            entries?.Add(new Entry(oracle, result, Stopwatch.GetElapsedTime(t0).TotalMilliseconds));
            results.Add(result);
        }

        return results;
    }

    /// <summary>
    /// The quick mode: per scenario, after a warm-up (<see cref="WarmUpChecks"/>), the median wall and CPU time of
    /// producing and of checking over <paramref name="repeats"/> repetitions, the ratio, and each oracle's median time
    /// (an oracle that first asks for a shared quantity is charged for computing it); with the load average before and
    /// after.
    /// </summary>
    /// <param name="names">Scenario names (all when empty).</param>
    /// <param name="repeats">Repetitions (odd is best for a median).</param>
    /// <returns>The report text.</returns>
    public static string Measure(IReadOnlyList<string> names, int repeats)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"check-cost on {Fft.Backend.Name}, {Oracles.Core.Threading.ParallelChunks.Threads} thread(s), {repeats} repetitions; load average {LoadAverage()}"));
        foreach (var s in Scenarios.Where(s => names.Count == 0 || names.Contains(s.Name)))
        {
            // Warm-up: enough calls for tiered compilation to reach its optimised code on both sides (a method called
            // once per check is promoted after 30 calls): a few runs, and many checks of fresh copies of one run.
            var context = s.Produce();
            for (var w = 0; w < 3; w++)
            {
                context = s.Produce();
            }

            for (var w = 0; w < WarmUpChecks; w++)
            {
                Check(Fresh(context), null);
            }

            var produce = new double[repeats];
            var check = new double[repeats];
            var produceCpu = new double[repeats];
            var checkCpu = new double[repeats];
            var perOracle = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var statuses = new Dictionary<string, OracleStatus>(StringComparer.Ordinal);
            for (var k = 0; k < repeats; k++)
            {
                Quiesce();
                var cpu0 = Environment.CpuUsage.TotalTime;
                var t0 = Stopwatch.GetTimestamp();
                context = s.Produce();
                produce[k] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                produceCpu[k] = (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
                var entries = new List<Entry>(OracleRegistry.All.Count);
                Quiesce();
                cpu0 = Environment.CpuUsage.TotalTime;
                t0 = Stopwatch.GetTimestamp();
                Check(context, entries);
                check[k] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                checkCpu[k] = (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
                foreach (var e in entries.Where(e => e.Result is not null))
                {
                    (perOracle.TryGetValue(e.Oracle.Id, out var list) ? list : perOracle[e.Oracle.Id] = []).Add(e.Milliseconds);
                    statuses[e.Oracle.Id] = e.Result!.Status;
                }
            }

            var (p, c) = (Median(produce), Median(check));
            text.AppendLine(Invariant($"{s.Name}: {s.Description}"));
            text.AppendLine(Invariant($"  wall: produce median {p:F1} ms (min {produce.Min():F1}), check median {c:F1} ms (min {check.Min():F1}), ratio check/produce {100 * c / p:F2} % (of minima {100 * check.Min() / produce.Min():F2} %)"));
            var (pc, cc) = (Median(produceCpu), Median(checkCpu));
            text.AppendLine(Invariant($"  cpu (all threads of the process): produce median {pc:F1} ms, check median {cc:F1} ms, ratio {100 * cc / pc:F2} %"));
            foreach (var (id, times) in perOracle.OrderByDescending(kv => Median([.. kv.Value])))
            {
                text.AppendLine(Invariant($"    {Median([.. times]),9:F2} ms  {id} ({statuses[id]})"));
            }
        }

        text.AppendLine(Invariant($"load average after: {LoadAverage()}"));
        return text.ToString();
    }

    /// <summary>
    /// Checks one produced scenario over and over (each time on fresh copies of its trajectories, so nothing derived is
    /// cached yet) for <paramref name="seconds"/>, or for −<paramref name="seconds"/> checks when negative: a steady
    /// state for a sampling profiler such as perf.
    /// </summary>
    /// <param name="name">The scenario name.</param>
    /// <param name="seconds">How long, or minus the number of checks.</param>
    /// <returns>The number of checks, the time per check (mean, median, minimum, process CPU) and the allocation.</returns>
    public static string Loop(string name, double seconds)
    {
        var context = Scenarios.Single(s => s.Name == name).Produce();
        var clock = Stopwatch.StartNew();
        var checking = 0.0;
        var cpu = 0.0;
        var count = 0;
        var times = new List<double>();
        long bytes = 0;
        var gcs = GC.CollectionCount(0);
        while (seconds >= 0 ? clock.Elapsed.TotalSeconds < seconds : count < -seconds)
        {
            // Fresh trajectory instances (copies of the same data), so nothing derived from them is cached yet.
            var fresh = Fresh(context);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var cpu0 = Environment.CpuUsage.TotalTime;
            var t0 = Stopwatch.GetTimestamp();
            Check(fresh, null);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            checking += ms;
            times.Add(ms);
            cpu += (Environment.CpuUsage.TotalTime - cpu0).TotalMilliseconds;
            bytes += GC.GetAllocatedBytesForCurrentThread() - before;
            count++;
        }

        return Invariant($"{name}: {count} checks, mean {checking / count:F2} ms per check (median {Median([.. times]):F2}, min {times.Min():F2}; cpu {cpu / count:F2} ms), {bytes / count / 1024} KiB allocated per check, {GC.CollectionCount(0) - gcs} gen-0 collections (copies included)");
    }

    /// <summary>
    /// Every registered oracle (literal erratum oracles included) on every scenario, plus scenario A without V (the
    /// potential solved by the catalogue), the T3 counterexample and a three-rung F11 ε ladder, printed at full precision
    /// (<c>R</c> format, every budget item): diff the output of two builds to see whether a change to the catalogue moved
    /// any number. Compare builds with the same solvers and FFT backend (the managed one is deterministic).
    /// </summary>
    /// <returns>One line per result and budget item.</returns>
    public static string Results()
    {
        var text = new StringBuilder();
        var contexts = Scenarios.Select(s => (s.Name, C: s.Produce())).ToList();
        var a = contexts[0].C;
        var q = a.Quantum!;
        var frames = Enumerable.Range(0, q.Count).ToArray();
        var noV = new Trajectory(q.System, q.Grid, q.Times.ToArray(), q.Parameters, frames.Select(k => q.Psi(k).ToArray()).ToArray(), provenance: q.Provenance);
        contexts.Add(("A-noV", a with { Quantum = noV }));
        var t3 = BcyReferenceProblems.T3Counterexample1D(Demo, 0.1, new RunSettings(N: 256, TimeStep: 1e-4, Steps: 200, SampleEvery: 10));
        contexts.Add(("C", new OracleContext(t3.Quantum, t3.Fluid)));
        double[] epsilons = [1e-2, 1e-4, 1e-6];
        var ladder = epsilons.Select(eps => BcyReferenceProblems.F11Counterexample1D(new PhysicalParameters(0.1, eps), new RunSettings(N: 256, TimeStep: 1e-4, Steps: 600, SampleEvery: 20)))
            .Select(r => new OracleContext(r.Quantum, r.Fluid)).ToArray();
        contexts.Add(("B", ladder[0] with { Family = ladder }));
        foreach (var (name, c) in contexts)
        {
            foreach (var o in OracleRegistry.All)
            {
                var r = o.Evaluate(c);
                text.AppendLine(Invariant($"{name} {r.OracleId} {r.Status} {r.Observed:R} {r.Bound:R} {r.Tolerance.Total:R} | {r.Where} | {string.Join(",", r.Details.Select(kv => Invariant($"{kv.Key}={kv.Value:R}")))} | {r.Message}"));
                foreach (var item in r.Tolerance.Items)
                {
                    text.AppendLine(Invariant($"    {item.Source} {item.Value:R} {item.Reason}"));
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The same context with every trajectory copied into a new instance.</summary>
    /// <param name="c">The context.</param>
    /// <returns>The copy.</returns>
    public static OracleContext Fresh(OracleContext c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.WithCopiedTrajectories();
    }

    private static OracleContext WellPreparedRun(RunSettings settings)
    {
        var run = BcyReferenceProblems.WellPrepared1D(Demo, settings);
        return new OracleContext(run.Quantum, run.Fluid) { Declarations = WellPrepared };
    }

    /// <summary>A full collection before each timed region, so neither side pays for the other's garbage.</summary>
    private static void Quiesce()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double Median(double[] x)
    {
        var s = x.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[(s.Length / 2) - 1] + s[s.Length / 2]);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
