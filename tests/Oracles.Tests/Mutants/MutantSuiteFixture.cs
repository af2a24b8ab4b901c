using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Oracles.Catalog.Model;
using Oracles.Cli;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.IO;
using Oracles.Solvers.ReferenceProblems;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Tests.Mutants;

/// <summary>What <c>oracles check</c> said about one scenario.</summary>
/// <param name="Name">The scenario (mutant name, or <c>n = …</c> for the correct solvers).</param>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Statuses">Oracle id → status word of the JSON report (<c>pass</c>, <c>fail</c>, …).</param>
/// <param name="Messages">Oracle id → the oracle's message (for failures and reports).</param>
/// <param name="Output">Standard output and error, for assertion messages.</param>
internal sealed record CheckOutcome(string Name, int ExitCode, IReadOnlyDictionary<string, string> Statuses, IReadOnlyDictionary<string, string> Messages, string Output)
{
    /// <summary>The oracles that failed (killed the mutant).</summary>
    public IReadOnlyList<string> Failed => [.. Statuses.Where(s => s.Value == "fail").Select(s => s.Key).Order(StringComparer.Ordinal)];
}

/// <summary>
/// Runs the whole mutant suite once per test run: the correct solvers at n = 64, 128, 256 and every mutant of
/// <see cref="MutantCatalogue"/> at n = 64, each written to trajectory files and judged by <c>oracles check</c>
/// in-process (the same code path as the command line).
/// </summary>
/// <remarks>
/// <para><b>Scenario.</b> [BCY, Lemma 4.1] data, ε = ħ = 0.1 (catalogue §V.9): ρ₀ = 1 + 0.1cos2πx,
/// U₀ = 0.2sin(2πx)/(2π), ψ^in = √(e^{V₀} − εΔV₀)e^{iU₀/ħ}; Δt = 4e-4, 250 steps (T = 0.1), a frame every 5 steps
/// (51 frames, h = 2e-3, five-point stencils for the time derivatives), and the same problem at Δt/2 and Δt/4 (same
/// sample times) as <c>--refine</c> files for observed orders. The isothermal Euler solution from (ρ₀, u₀) at each Δt
/// goes along: in a separate <c>--fluid</c> file for the main run, in the <c>fluid</c> group of each refinement.</para>
/// <para><b>Pairing.</b> A quantum mutant is judged with the correct Euler fluid, an Euler mutant with the correct SPB
/// trajectory, so each file set contains exactly one bug.</para>
/// </remarks>
public sealed class MutantSuiteFixture : IDisposable
{
    /// <summary>ε = ħ = 0.1.</summary>
    public static readonly PhysicalParameters Parameters = new(Hbar: 0.1, Epsilon: 0.1);

    /// <summary>Grid of the mutant scenarios.</summary>
    public const int MutantN = 64;

    /// <summary>Grids of the correct-solver scenarios.</summary>
    public static readonly int[] ReferenceNs = [64, 128, 256];

    /// <summary>Coarsest level: Δt = 4e-4, 250 steps, a frame every 5 steps.</summary>
    public static readonly RunSettings Coarse = new(MutantN, 4e-4, 250, 5);

    private readonly Dictionary<(int N, int Level), (Trajectory Quantum, Trajectory Fluid)> production = [];
    private readonly Dictionary<string, OracleContext> contexts = new(StringComparer.Ordinal);

    public MutantSuiteFixture()
    {
        Folder = Directory.CreateTempSubdirectory("oracles-mutants-").FullName;
        var clock = Stopwatch.StartNew();
        References = [.. ReferenceNs.Select(n => Judge($"n = {n}", level => Production(n, level).Quantum, level => Production(n, level).Fluid))];
        Mutants = [.. MutantCatalogue.All.Select(m => Judge(
            m.Name,
            level => m.Spb == SpbMutation.None ? Production(MutantN, level).Quantum : MutantQuantum(m.Spb, Settings(MutantN, level)),
            level => m.Euler == EulerMutation.None ? Production(MutantN, level).Fluid : MutantFluid(m.Euler, Settings(MutantN, level))))];
        Seconds = clock.Elapsed.TotalSeconds;
    }

    /// <summary>The temporary folder holding the files.</summary>
    public string Folder { get; }

    /// <summary>The correct solvers at n = 64, 128, 256.</summary>
    internal IReadOnlyList<CheckOutcome> References { get; }

    /// <summary>One outcome per <see cref="MutantCatalogue.All"/> entry, same order.</summary>
    internal IReadOnlyList<CheckOutcome> Mutants { get; }

    /// <summary>Wall time of the whole suite (solves, files, checks).</summary>
    public double Seconds { get; }

    /// <summary>Wall time spent inside <c>oracles check</c> (reading the files and judging).</summary>
    public double CheckSeconds { get; private set; }

    /// <summary>The in-memory trajectories of each scenario (name → context with its two refinements), for in-process cross-checks.</summary>
    internal IReadOnlyDictionary<string, OracleContext> Contexts => contexts;

    /// <summary>Settings at refinement level 0 (Δt), 1 (Δt/2), 2 (Δt/4).</summary>
    internal static RunSettings Settings(int n, int level)
    {
        var s = Coarse with { N = n };
        for (var k = 0; k < level; k++)
        {
            s = s.HalveTimeStep();
        }

        return s;
    }

    /// <summary>The initial data of the scenario: ψ^in of Lemma 4.1 and (ρ₀, u₀), as BcyReferenceProblems builds them.</summary>
    internal static (Complex[] Psi, double[] Rho, double[] U) InitialData(PeriodicGrid grid)
    {
        var ops = new SpectralOperators(grid);
        var rho0 = grid.Sample(x => 1 + (0.1 * Math.Cos(2 * Math.PI * x[0])));
        var phase = grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI));
        var data = WellPreparedData.Lemma41(Parameters, ops, rho0, phase);
        return (data.Psi.ToArray(), rho0, data.Velocity.ToArray());
    }

    internal static Trajectory MutantQuantum(SpbMutation mutation, RunSettings s)
    {
        var grid = PeriodicGrid.Line(s.N);
        var (psi, _, _) = InitialData(grid);
        return new MutantStrangSplitStep(grid, Parameters, mutation).Run(psi, s.TimeStep, s.Steps, s.SampleEvery);
    }

    internal static Trajectory MutantFluid(EulerMutation mutation, RunSettings s)
    {
        var grid = PeriodicGrid.Line(s.N);
        var (_, rho, u) = InitialData(grid);
        return new MutantIsothermalEuler(grid, mutation).Run(rho, u, s.TimeStep, s.Steps, s.SampleEvery);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private (Trajectory Quantum, Trajectory Fluid) Production(int n, int level)
    {
        if (!production.TryGetValue((n, level), out var run))
        {
            var r = BcyReferenceProblems.WellPrepared1D(Parameters, Settings(n, level));
            run = (r.Quantum, r.Fluid ?? throw new InvalidOperationException($"{r.Name}: the reference run has no fluid."));
            production[(n, level)] = run;
        }

        return run;
    }

    private CheckOutcome Judge(string name, Func<int, Trajectory> quantum, Func<int, Trajectory> fluid)
    {
        var stem = Path.Combine(Folder, name.Replace(" = ", "-", StringComparison.Ordinal));
        var main = $"{stem}.h5";
        var fluidFile = $"{stem}-fluid.h5";
        var refinements = new[] { $"{stem}-dt2.h5", $"{stem}-dt4.h5" };
        var json = $"{stem}.json";
        var levels = Enumerable.Range(0, 1 + refinements.Length).Select(level => new OracleContext(quantum(level), fluid(level))).ToArray();
        TrajectoryFile.Write(main, levels[0].Quantum!);
        TrajectoryFile.Write(fluidFile, levels[0].Fluid!);
        for (var level = 1; level < levels.Length; level++)
        {
            TrajectoryFile.Write(refinements[level - 1], levels[level].Quantum!, levels[level].Fluid);
        }

        contexts[name] = levels[0] with { Refinements = levels[1..] };

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = ["check", main, "--fluid", fluidFile, "--refine", .. refinements, "--json", json, "--quiet"];
        var clock = Stopwatch.StartNew();
        var code = OraclesCommandLine.Run(args, stdout, stderr);
        CheckSeconds += clock.Elapsed.TotalSeconds;
        var statuses = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var messages = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(json))
        {
            using var report = JsonDocument.Parse(File.ReadAllBytes(json));
            foreach (var oracle in report.RootElement.GetProperty("oracles").EnumerateArray())
            {
                var id = oracle.GetProperty("id").GetString()!;
                statuses[id] = oracle.GetProperty("status").GetString()!;
                if (oracle.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    messages[id] = message.GetString()!;
                }
            }
        }

        return new CheckOutcome(name, code, statuses, messages, $"{stdout}\n{stderr}");
    }
}
