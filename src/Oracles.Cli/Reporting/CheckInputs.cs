using System.Globalization;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.IO;
using F = Oracles.IO.TrajectoryFormat;

namespace Oracles.Cli.Reporting;

/// <summary>One trajectory file that <c>check</c> read, with what it holds (for the report's "inputs" block).</summary>
/// <param name="Role"><c>main</c>, <c>fluid</c> or <c>refinement</c>.</param>
/// <param name="Path">The path as the user gave it.</param>
/// <param name="Quantum">The quantum trajectory in it, if any.</param>
/// <param name="Fluid">The fluid trajectory in it, if any.</param>
/// <param name="Declarations">The catalogue ids the file declares (root attribute <c>declarations</c>).</param>
internal sealed record InputFile(string Role, string Path, Trajectory? Quantum, Trajectory? Fluid, IReadOnlyList<string> Declarations);

/// <summary>
/// The inputs of <c>oracles check</c>: the trajectory file, its optional <c>--fluid</c> companion and the
/// <c>--refine</c> files, read with <see cref="TrajectoryFile"/> and validated as a set, then turned into the
/// <see cref="OracleContext"/> the oracles judge.
/// </summary>
/// <remarks>
/// <para><b>Pairing.</b> A fluid trajectory judged together with a quantum one (the semiclassical limit of
/// [BCY, Thm 1.2]) must live on the same grid and at the same sample times (<see cref="OracleContext"/>).</para>
/// <para><b>Refinements</b> are the same problem at finer resolution, coarse → fine: same system, ħ, ε, box and
/// dimension, same first and last sample time, and each level no coarser than the one before in Δx and Δt and strictly
/// finer in at least one (Δt is the solver's own step when the file records <c>solver_time_step</c>, otherwise the
/// smallest sampling interval).</para>
/// <para><b>Declarations.</b> The catalogue ids a file declares (its <c>declarations</c> attribute, e.g.
/// <c>BCY.L4.1.data</c> for well-prepared data) become <see cref="OracleContext.Declarations"/>; with <c>--fluid</c>,
/// those of both files.</para>
/// <para>Every violation is a <see cref="TrajectoryFormatException"/> naming the file and the field, so the CLI exits 3
/// with a message.</para>
/// </remarks>
internal sealed class CheckInputs
{
    /// <summary>
    /// Relative tolerance on sample times that must agree between files: |t_a − t_b| ≤ 1e-9·max(1, |t|).
    /// Two producers computing t = n·Δt and t += Δt differ by ≤ steps·eps·t, i.e. ≤ 1.1e-10·t for 10⁶ steps; 1e-9 covers
    /// float64 accumulation up to ≈10⁷ steps, while a genuinely different sampling differs by a whole interval.
    /// </summary>
    public const double TimeTolerance = 1e-9;

    private CheckInputs(IReadOnlyList<InputFile> files, OracleContext context)
    {
        Files = files;
        Context = context;
    }

    /// <summary>Every file read, in order: main, fluid (if separate), refinements coarse → fine.</summary>
    public IReadOnlyList<InputFile> Files { get; }

    /// <summary>What the oracles judge.</summary>
    public OracleContext Context { get; }

    /// <summary>The systems present in the main input (quantum and/or fluid), for the applicability filter.</summary>
    public IReadOnlyList<string> Systems =>
        new[] { Context.Quantum?.System, Context.Fluid?.System }.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Reads and validates the inputs.</summary>
    /// <param name="path">The trajectory file.</param>
    /// <param name="fluidPath">The <c>--fluid</c> file, or null.</param>
    /// <param name="refinements">The <c>--refine</c> files, coarse → fine.</param>
    /// <param name="progress">Called with each file name before it is read.</param>
    /// <returns>The validated inputs.</returns>
    /// <exception cref="TrajectoryFormatException">A file is unreadable or invalid, or the files do not fit together.</exception>
    public static CheckInputs Load(string path, string? fluidPath, IReadOnlyList<string> refinements, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(refinements);
        TrajectoryBundle main;
        var files = new List<InputFile>();
        var fluidFile = path;
        var fluidPrefix = $"{F.FluidGroup}/";
        if (fluidPath is null)
        {
            progress?.Invoke(path);
            main = TrajectoryFile.Read(path);
            files.Add(new InputFile("main", path, main.Quantum, main.Fluid, main.Declarations));
        }
        else
        {
            progress?.Invoke($"{path} + {fluidPath}");
            main = TrajectoryFile.Read(path, fluidPath);
            files.Add(new InputFile("main", path, main.Quantum, null, main.Declarations));
            files.Add(new InputFile("fluid", fluidPath, null, main.Fluid, []));
            fluidFile = fluidPath;
            fluidPrefix = string.Empty;
        }

        if (main.Quantum is not null && main.Fluid is not null)
        {
            CheckPair(path, main.Quantum, fluidFile, fluidPrefix, main.Fluid);
        }

        var levels = new List<OracleContext>();
        var previous = (File: path, Primary: (main.Quantum ?? main.Fluid)!);
        foreach (var refinementPath in refinements)
        {
            progress?.Invoke(refinementPath);
            var r = TrajectoryFile.Read(refinementPath);
            files.Add(new InputFile("refinement", refinementPath, r.Quantum, r.Fluid, r.Declarations));
            Trajectory primary;
            if (main.Quantum is not null)
            {
                primary = r.Quantum ?? throw new TrajectoryFormatException(
                    refinementPath, F.PsiDataset, $"holds no quantum trajectory (`{F.PsiDataset}`), but {path} does; a refinement must hold the same problem.");
                CheckSameProblem(path, main.Quantum, refinementPath, string.Empty, primary);
            }
            else
            {
                primary = r.Fluid ?? throw new TrajectoryFormatException(
                    refinementPath, F.DensityDataset, $"holds no fluid trajectory (`{F.DensityDataset}`), but {path} does; a refinement must hold the same problem.");
                CheckSameProblem(path, main.Fluid!, refinementPath, string.Empty, primary);
            }

            if (r.Quantum is not null && r.Fluid is not null)
            {
                var inFile = $"{F.FluidGroup}/";
                CheckPair(refinementPath, r.Quantum, refinementPath, inFile, r.Fluid);
                if (main.Fluid is not null)
                {
                    CheckSameProblem(fluidFile, main.Fluid, refinementPath, inFile, r.Fluid);
                }
            }

            CheckFiner(previous.File, previous.Primary, refinementPath, primary);
            levels.Add(new OracleContext(r.Quantum, r.Fluid) { Declarations = Set(r.Declarations) });
            previous = (refinementPath, primary);
        }

        var context = new OracleContext(main.Quantum, main.Fluid) { Refinements = levels, Declarations = Set(main.Declarations) };
        return new CheckInputs(files, context);
    }

    /// <summary>The sampling step Δt of a trajectory: the solver's own step when recorded, else the smallest sampling interval (0 for one sample).</summary>
    /// <param name="t">The trajectory.</param>
    /// <returns>Δt.</returns>
    public static double TimeStep(Trajectory t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.Provenance.SolverTimeStep is { } dt)
        {
            return dt;
        }

        var times = t.Times;
        var step = double.PositiveInfinity;
        for (var n = 1; n < times.Length; n++)
        {
            step = Math.Min(step, times[n] - times[n - 1]);
        }

        return double.IsPositiveInfinity(step) ? 0 : step;
    }

    private static void CheckPair(string quantumFile, Trajectory quantum, string fluidFile, string prefix, Trajectory fluid)
    {
        if (!quantum.Grid.Equals(fluid.Grid))
        {
            throw new TrajectoryFormatException(
                fluidFile,
                prefix + F.DensityDataset,
                $"`{prefix}{F.DensityDataset}` lives on {fluid.Grid} but the quantum trajectory `{F.PsiDataset}` in {quantumFile} lives on {quantum.Grid}; a fluid companion must share the grid.");
        }

        var t = prefix + F.TimeDataset;
        if (quantum.Count != fluid.Count)
        {
            throw new TrajectoryFormatException(
                fluidFile,
                t,
                $"`{t}` has {Text(fluid.Count)} samples but the quantum trajectory in {quantumFile} has {Text(quantum.Count)}; a fluid companion must be sampled at the same times.");
        }

        for (var n = 0; n < quantum.Count; n++)
        {
            if (!SameTime(quantum.Times[n], fluid.Times[n]))
            {
                throw new TrajectoryFormatException(
                    fluidFile,
                    t,
                    $"`{t}[{Text(n)}]` = {Guard.Format(fluid.Times[n])} but the quantum trajectory in {quantumFile} has t = {Guard.Format(quantum.Times[n])} there (tolerance {Guard.Format(TimeTolerance)} relative); a fluid companion must be sampled at the same times.");
            }
        }
    }

    private static void CheckSameProblem(string mainFile, Trajectory main, string file, string prefix, Trajectory refined)
    {
        string Why(string what) => $"a refinement must be the same problem as {mainFile} ({what}).";
        if (!string.Equals(main.System, refined.System, StringComparison.Ordinal))
        {
            throw new TrajectoryFormatException(file, prefix + F.SystemAttribute, $"`{prefix}{F.SystemAttribute}` is \"{refined.System}\" but {mainFile} has \"{main.System}\"; {Why("same system")}");
        }

        if (main.Grid.Dimension != refined.Grid.Dimension)
        {
            throw new TrajectoryFormatException(file, prefix + F.DimensionAttribute, $"`{prefix}{F.DimensionAttribute}` is {Text(refined.Grid.Dimension)} but {mainFile} has {Text(main.Grid.Dimension)}; {Why("same dimension")}");
        }

        if (!main.Grid.Length.Equals(refined.Grid.Length))
        {
            throw new TrajectoryFormatException(file, prefix + F.BoxLengthAttribute, $"`{prefix}{F.BoxLengthAttribute}` is {Guard.Format(refined.Grid.Length)} but {mainFile} has {Guard.Format(main.Grid.Length)}; {Why("same box")}");
        }

        if (!main.Parameters.Hbar.Equals(refined.Parameters.Hbar))
        {
            throw new TrajectoryFormatException(file, prefix + F.HbarAttribute, $"`{prefix}{F.HbarAttribute}` is {Guard.Format(refined.Parameters.Hbar)} but {mainFile} has {Guard.Format(main.Parameters.Hbar)}; {Why("same ħ")}");
        }

        if (!main.Parameters.Epsilon.Equals(refined.Parameters.Epsilon))
        {
            throw new TrajectoryFormatException(file, prefix + F.EpsilonAttribute, $"`{prefix}{F.EpsilonAttribute}` is {Guard.Format(refined.Parameters.Epsilon)} but {mainFile} has {Guard.Format(main.Parameters.Epsilon)}; {Why("same ε")}");
        }

        var t = prefix + F.TimeDataset;
        if (!SameTime(main.Times[0], refined.Times[0]) || !SameTime(main.Times[^1], refined.Times[^1]))
        {
            throw new TrajectoryFormatException(
                file,
                t,
                $"`{t}` spans [{Guard.Format(refined.Times[0])}, {Guard.Format(refined.Times[^1])}] but {mainFile} spans [{Guard.Format(main.Times[0])}, {Guard.Format(main.Times[^1])}]; {Why("same time interval")}");
        }
    }

    private static void CheckFiner(string coarseFile, Trajectory coarse, string fineFile, Trajectory fine)
    {
        var (dxC, dxF) = (coarse.Grid.MaxSpacing, fine.Grid.MaxSpacing);
        var (dtC, dtF) = (TimeStep(coarse), TimeStep(fine));
        var field = fine.HasPsi ? F.PsiDataset : F.DensityDataset;
        if (dxF > dxC || dtF > dtC || (dxF == dxC && dtF == dtC))
        {
            throw new TrajectoryFormatException(
                fineFile,
                dtF > dtC || (dxF == dxC && dtF == dtC) ? F.SolverTimeStepAttribute : field,
                $"has Δx = {Guard.Format(dxF)}, Δt = {Guard.Format(dtF)} but the level before it ({coarseFile}) has Δx = {Guard.Format(dxC)}, Δt = {Guard.Format(dtC)}; "
                + $"--refine files must go coarse → fine: no coarser in Δx or Δt and strictly finer in one (Δt is `{F.SolverTimeStepAttribute}` when recorded, else the sampling interval).");
        }
    }

    private static HashSet<string> Set(IReadOnlyList<string> ids) => new(ids, StringComparer.Ordinal);

    private static bool SameTime(double a, double b) => Math.Abs(a - b) <= TimeTolerance * Math.Max(1.0, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
