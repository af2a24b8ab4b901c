using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Oracles.Catalog.Model;
using Oracles.Cli.Reporting;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.IO;
using Oracles.Solvers;
using Oracles.Solvers.Euler;
using Oracles.Solvers.ReferenceProblems;
using Oracles.Solvers.SplitStep;
using Oracles.Systems.SchrodingerPoissonBoltzmann;
using Spectre.Console;

namespace Oracles.Cli.Commands;

/// <summary>
/// <c>oracles solve [spb|sp|isothermal-euler] [--n N] [--dt DT] [--steps K] [--sample-every S] [--eps E] [--hbar H]
/// [--initial well-prepared|f11] -o FILE</c>: runs a reference solver on T¹ = [0, 1) and writes the trajectory, so users
/// can diff their solver against ours and try <c>oracles check</c> on known-good data.
/// </summary>
/// <remarks>
/// <para><b>Systems.</b> <c>spb</c>: Strang split-step Fourier for SPB [BCY, eq. (1.1)] and, from the same (ρ₀, u₀), the
/// isothermal Euler reference [BCY, eq. (1.5)] (pseudo-spectral RK4), written as one file (quantum root + fluid group)
/// — see <see cref="BcyReferenceProblems"/>. <c>sp</c>: split-step for SP [BCY, eq. (1.2)], quantum only.
/// <c>isothermal-euler</c>: the Euler solver alone, written as a fluid root.</para>
/// <para><b>Initial data.</b> <c>well-prepared</c> (default): ρ₀ = 1 + 0.1 cos 2πx, U₀ = 0.2 sin(2πx)/(2π),
/// u₀ = U₀' = 0.2 cos 2πx; ψ^in = √(e^{V₀} − εΔV₀) e^{iU₀/ħ}, V₀ = log ρ₀ [BCY, Lemma 4.1, eq. (4.1)] (for SP the
/// same ψ^in, as in <see cref="BcyReferenceProblems.SchrodingerPoisson1D"/>). <c>f11</c>: the counterexample to the printed [BCY, Thm 1.2] (errata-audit F11): ρ₀ = 1,
/// u₀ = sin 2πx, ψ^in = e^{iU₀/ħ}, U₀ = −cos(2πx)/(2π) (its Euler solution leaves the smooth regime near t ≈ 0.18 at n = 256: keep T below).</para>
/// <para><b>Defaults</b> (ε = ħ = 0.1, n = 256, Δt = 2e-4, 1000 steps to T = 0.2, a frame every 10 steps) give a smooth,
/// finely sampled run: the Euler solution stays far from shock formation, the split-step energy drift is O(Δt²) ≈ 1e-9
/// relative, and <c>oracles check</c> passes it with exit code 0 (tested).</para>
/// <para>Exit codes: 0 written; 1 the solver stopped early (status and time in the message; nothing is written);
/// 3 invalid options; 4 internal error.</para>
/// </remarks>
internal static class SolveCommand
{
    /// <summary>The declaration written with well-prepared SPB runs: the quantum data are those of [BCY, Lemma 4.1] built
    /// from the fluid's ρ(0), u(0) (see <see cref="OracleContext.Declarations"/>).</summary>
    public const string WellPreparedDeclaration = "BCY.L4.1.data";

    /// <summary>The systems <c>solve</c> knows.</summary>
    public static IReadOnlyList<string> Systems { get; } = [SystemIds.SchrodingerPoissonBoltzmann, SystemIds.SchrodingerPoisson, SystemIds.IsothermalEuler];

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var system = new Argument<string>("system")
        {
            Description = "spb (default; quantum + isothermal Euler reference in one file), sp, or isothermal-euler.",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => SystemIds.SchrodingerPoissonBoltzmann,
        };
        system.AcceptOnlyFromAmong([.. Systems]);
        var n = new Option<int>("--n") { Description = "Grid points on [0, 1).", DefaultValueFactory = _ => 256 };
        var dt = new Option<double>("--dt") { Description = "Solver time step.", DefaultValueFactory = _ => 2e-4 };
        var steps = new Option<int>("--steps") { Description = "Number of steps (T = steps·dt).", DefaultValueFactory = _ => 1000 };
        var sampleEvery = new Option<int>("--sample-every") { Description = "Steps between saved frames.", DefaultValueFactory = _ => 10 };
        var eps = new Option<double>("--eps") { Description = "ε (Debye length squared).", DefaultValueFactory = _ => 0.1 };
        var hbar = new Option<double>("--hbar") { Description = "ħ (scaled Planck constant).", DefaultValueFactory = _ => 0.1 };
        var initial = new Option<string>("--initial")
        {
            Description = "Initial data: well-prepared (BCY Lemma 4.1) or f11 (the counterexample to the printed BCY Thm 1.2).",
            DefaultValueFactory = _ => "well-prepared",
        };
        initial.AcceptOnlyFromAmong("well-prepared", "f11");
        var output = new Option<string>("--output", "-o") { Description = "The file to write (.h5/.hdf5 → HDF5, .npz → NumPy).", Required = true, HelpName = "FILE" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print nothing on success." };

        var command = new Command("solve", "Run a reference solver and write its trajectory (to diff your solver against, or to try 'oracles check').")
        {
            system, n, dt, steps, sampleEvery, eps, hbar, initial, output, quiet,
        };
        command.SetAction(parse =>
        {
            var request = new SolveRequest(
                parse.GetValue(system)!,
                parse.GetValue(n),
                parse.GetValue(dt),
                parse.GetValue(steps),
                parse.GetValue(sampleEvery),
                parse.GetValue(eps),
                parse.GetValue(hbar),
                parse.GetValue(initial)!,
                parse.GetValue(output)!);
            return Run(request, parse.GetValue(quiet), stdout, stderr);
        });
        return command;
    }

    private static int Run(SolveRequest r, bool quiet, TextWriter stdout, TextWriter stderr)
    {
        r.Validate();
        var console = Terminal.For(stdout);
        console.Profile.Width = Math.Max(console.Profile.Width, Terminal.RedirectedWidth);
        var clock = Stopwatch.StartNew();
        Outcome outcome;
        if (!quiet && console.Profile.Capabilities.Interactive)
        {
            Outcome? done = null;
            console.Status().Start($"solving {r.System} ({r.Steps} steps)…", _ => done = Solve(r));
            outcome = done!;
        }
        else
        {
            outcome = Solve(r);
        }

        var solveSeconds = clock.Elapsed.TotalSeconds;
        if (outcome.Failure is not null)
        {
            stderr.WriteLine($"oracles: solve: {outcome.Failure}");
            stderr.WriteLine($"Nothing was written to {r.Output}. Shorten the run (--steps), refine (--dt, --n) or choose milder data.");
            return ExitCodes.Failed;
        }

        TrajectoryFile.Write(r.Output, outcome.Root!, outcome.Companion, outcome.Declarations);
        if (!quiet)
        {
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Solved {outcome.Description} in {solveSeconds:0.00} s (FFT backend {Fft.Backend.Name})."));
            console.WriteLine($"Wrote {r.Output}: {MarkdownReport.Describe(outcome.Root!)}{(outcome.Companion is null ? string.Empty : " + fluid companion")}.");
        }

        return ExitCodes.Success;
    }

    private static Outcome Solve(SolveRequest r)
    {
        var p = new PhysicalParameters(r.Hbar, r.Epsilon);
        var f11 = r.Initial == "f11";
        return r.System switch
        {
            SystemIds.SchrodingerPoissonBoltzmann => SolveSpb(r, p, f11),
            SystemIds.SchrodingerPoisson => SolveSp(r, p, f11),
            _ => SolveEuler(r, f11),
        };
    }

    private static Outcome SolveSpb(SolveRequest r, PhysicalParameters p, bool f11)
    {
        var settings = new RunSettings(r.N, r.TimeStep, r.Steps, r.SampleEvery);
        ReferenceRun run;
        try
        {
            run = f11 ? BcyReferenceProblems.F11Counterexample1D(p, settings) : BcyReferenceProblems.WellPrepared1D(p, settings);
        }
        catch (SolverFailedException e)
        {
            return Outcome.Failed(e.Message);
        }

        return run is { FluidStatus: SolverStatus.Success, Fluid: { } fluid }
            ? new Outcome(run.Name, run.Quantum, fluid, null) { Declarations = f11 ? [] : [WellPreparedDeclaration] }
            : Outcome.Failed(string.Create(
                CultureInfo.InvariantCulture,
                $"the isothermal Euler reference (the fluid companion) ended with {run.FluidStatus}; its last smooth frame is at t = {(run.Fluid is { } f ? f.Times[^1] : 0):R} < T = {settings.FinalTime:R}. Shorten --steps so the fluid stays smooth."));
    }

    private static Outcome SolveSp(SolveRequest r, PhysicalParameters p, bool f11)
    {
        if (!f11)
        {
            try
            {
                var reference = BcyReferenceProblems.SchrodingerPoisson1D(p, new RunSettings(r.N, r.TimeStep, r.Steps, r.SampleEvery));
                return new Outcome(reference.Name, reference.Quantum, null, null);
            }
            catch (SolverFailedException e)
            {
                return Outcome.Failed(e.Message);
            }
        }

        var grid = PeriodicGrid.Line(r.N);
        var (rho0, phase, _) = InitialFluid(grid, f11);
        var psi0 = new Complex[grid.Count];
        for (var j = 0; j < psi0.Length; j++)
        {
            psi0[j] = Complex.FromPolarCoordinates(Math.Sqrt(rho0[j]), phase[j] / r.Hbar);
        }

        var run = new StrangSplitStep(grid, p, PotentialModel.LinearPoisson).Run(psi0, r.TimeStep, r.Steps, r.SampleEvery);
        return run.Succeeded
            ? new Outcome($"SP ({r.Initial}), {Describe(r)}", run.Trajectory, null, null)
            : Outcome.Failed($"the SP split-step run ended with {run.Status}: {run.Message}");
    }

    private static Outcome SolveEuler(SolveRequest r, bool f11)
    {
        var grid = PeriodicGrid.Line(r.N);
        var (rho0, _, u0) = InitialFluid(grid, f11);
        var run = new IsothermalEulerSolver(grid).Run(rho0, u0, r.TimeStep, r.Steps, r.SampleEvery);
        return run.Succeeded
            ? new Outcome($"isothermal Euler ({r.Initial}), {Describe(r)}", run.Trajectory, null, null)
            : Outcome.Failed($"the isothermal Euler run ended with {run.Status}: {run.Message}");
    }

    /// <summary>ρ₀, the phase U₀ and u₀ = U₀' of the two data sets (as in <see cref="BcyReferenceProblems"/>).</summary>
    private static (double[] Rho, double[] Phase, double[] Velocity) InitialFluid(PeriodicGrid grid, bool f11) => f11
        ? (grid.Sample(_ => 1.0), grid.Sample(x => -Math.Cos(2 * Math.PI * x[0]) / (2 * Math.PI)), grid.Sample(x => Math.Sin(2 * Math.PI * x[0])))
        : (grid.Sample(x => 1 + (0.1 * Math.Cos(2 * Math.PI * x[0]))),
            grid.Sample(x => 0.2 * Math.Sin(2 * Math.PI * x[0]) / (2 * Math.PI)),
            grid.Sample(x => 0.2 * Math.Cos(2 * Math.PI * x[0])));

    private static string Describe(SolveRequest r) => string.Create(
        CultureInfo.InvariantCulture,
        $"eps={r.Epsilon:R}, hbar={r.Hbar:R}, n={r.N}, dt={r.TimeStep:R}, T={r.Steps * r.TimeStep:R}");

    private sealed record Outcome(string Description, Trajectory? Root, Trajectory? Companion, string? Failure)
    {
        /// <summary>The catalogue ids the file declares: <c>BCY.L4.1.data</c> for SPB from Lemma 4.1 data with its fluid.</summary>
        public IReadOnlyList<string> Declarations { get; init; } = [];

        public static Outcome Failed(string why) => new(string.Empty, null, null, why);
    }

    private sealed record SolveRequest(
        string System, int N, double TimeStep, int Steps, int SampleEvery, double Epsilon, double Hbar, string Initial, string Output)
    {
        public void Validate()
        {
            if (N is < 8 or > 1 << 22)
            {
                throw new ArgumentException($"--n must be between 8 and 2^22 grid points; got {N.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (!(TimeStep > 0) || !double.IsFinite(TimeStep))
            {
                throw new ArgumentException($"--dt must be positive and finite; got {Guard.Format(TimeStep)}.");
            }

            if (Steps < 1 || SampleEvery < 1)
            {
                throw new ArgumentException($"--steps and --sample-every must be at least 1; got {Steps.ToString(CultureInfo.InvariantCulture)} and {SampleEvery.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (!(Epsilon > 0) || !double.IsFinite(Epsilon) || !(Hbar > 0) || !double.IsFinite(Hbar))
            {
                throw new ArgumentException($"--eps and --hbar must be positive and finite; got {Guard.Format(Epsilon)} and {Guard.Format(Hbar)}.");
            }

            var extension = Path.GetExtension(Output).ToLowerInvariant();
            if (extension is not (".h5" or ".hdf5" or ".he5" or ".npz"))
            {
                throw new ArgumentException($"-o {Output}: the extension selects the format; use .h5, .hdf5 or .npz.");
            }
        }
    }
}
