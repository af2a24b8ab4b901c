using System.Globalization;
using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using F = Oracles.IO.TrajectoryFormat;

namespace Oracles.IO.Schema;

/// <summary>
/// Walks a <see cref="TrajectorySource"/> according to the schema of <see cref="TrajectoryFormat"/>, validates every
/// attribute and array, and builds the <see cref="Trajectory"/> objects. Every problem becomes a
/// <see cref="TrajectoryFormatException"/> that names the file, the field and the expectation.
/// </summary>
internal static class TrajectorySchemaReader
{
    /// <summary>Reads the root trajectory and, next to a quantum root, the optional fluid group.</summary>
    /// <param name="source">The opened file.</param>
    /// <returns>The trajectories.</returns>
    public static TrajectoryBundle Read(TrajectorySource source)
    {
        CheckFileAttributes(source);
        var declarations = ReadDeclarations(source);
        var root = ReadTrajectory(source, string.Empty, mustBeFluid: false);
        var hasFluidGroup = source.HasGroup(F.FluidGroup);
        if (!root.HasPsi)
        {
            if (hasFluidGroup)
            {
                throw source.Error(
                    F.FluidGroup,
                    $"the root holds a fluid trajectory (`{F.DensityDataset}`) and there is also a group `{F.FluidGroup}`; the group is only allowed next to a quantum root (`{F.PsiDataset}`).");
            }

            return new TrajectoryBundle(null, root) { Declarations = declarations };
        }

        var fluid = hasFluidGroup ? ReadTrajectory(source, F.FluidGroup, mustBeFluid: true) : null;
        return new TrajectoryBundle(root, fluid) { Declarations = declarations };
    }

    /// <summary>Splits the optional <c>declarations</c> attribute into ids (spaces or commas between them).</summary>
    /// <param name="text">The attribute value.</param>
    /// <returns>The ids, in order, without duplicates.</returns>
    public static IReadOnlyList<string> SplitDeclarations(string text) =>
        text.Split([' ', ',', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();

    private static IReadOnlyList<string> ReadDeclarations(TrajectorySource source) =>
        OptionalText(source, string.Empty, F.DeclarationsAttribute) is { } text ? SplitDeclarations(text) : [];

    private static void CheckFileAttributes(TrajectorySource source)
    {
        var format = source.ReadAttribute(string.Empty, F.FormatAttribute)
            ?? throw source.Error(
                F.FormatAttribute,
                $"`{F.FormatAttribute}` is missing; expected the string \"{F.FormatName}\" (schema version {F.Version}). See README \"Trajectory files\".");
        if (format.Text is null)
        {
            throw source.Error(F.FormatAttribute, $"`{F.FormatAttribute}` must be the string \"{F.FormatName}\"; got {format.TypeDescription} {format.Display}.");
        }

        if (!string.Equals(format.Text, F.FormatName, StringComparison.Ordinal))
        {
            throw source.Error(F.FormatAttribute, $"`{F.FormatAttribute}` is {format.Display}; expected \"{F.FormatName}\".");
        }

        var version = RequireInteger(source, string.Empty, F.VersionAttribute, $"expected {F.Version}");
        if (version != F.Version)
        {
            throw source.Error(
                F.VersionAttribute,
                $"`{F.VersionAttribute}` is {version.ToString(CultureInfo.InvariantCulture)}; this reader supports version {F.Version} only.");
        }
    }

    private static Trajectory ReadTrajectory(TrajectorySource source, string group, bool mustBeFluid)
    {
        string Name(string name) => TrajectorySource.FieldName(group, name);

        var system = RequireText(source, group, F.SystemAttribute, $"expected one of {string.Join(", ", SystemIds.All)}");
        if (!SystemIds.All.Contains(system, StringComparer.Ordinal))
        {
            throw source.Error(
                Name(F.SystemAttribute),
                $"`{Name(F.SystemAttribute)}` is '{system}'; expected one of {string.Join(", ", SystemIds.All)}.");
        }

        var dim = RequireInteger(source, group, F.DimensionAttribute, "expected 1, 2 or 3");
        if (dim is < 1 or > 3)
        {
            throw source.Error(Name(F.DimensionAttribute), $"`{Name(F.DimensionAttribute)}` is {dim.ToString(CultureInfo.InvariantCulture)}; expected 1, 2 or 3.");
        }

        var length = RequireNumber(source, group, F.BoxLengthAttribute, "expected the box length L > 0 of the torus [0, L)^d");
        if (!double.IsFinite(length) || length <= 0)
        {
            throw source.Error(Name(F.BoxLengthAttribute), $"`{Name(F.BoxLengthAttribute)}` is {Guard.Format(length)}; expected a positive, finite box length.");
        }

        var psi = source.OpenArray(group, F.PsiDataset);
        var psiRe = source.OpenArray(group, F.PsiRealDataset);
        var psiIm = source.OpenArray(group, F.PsiImaginaryDataset);
        var rho = source.OpenArray(group, F.DensityDataset);
        var u = source.OpenArray(group, F.VelocityDataset);
        var potential = source.OpenArray(group, F.PotentialDataset);
        var quantum = psi is not null || psiRe is not null || psiIm is not null;
        if (quantum && mustBeFluid)
        {
            var found = (psi ?? psiRe ?? psiIm)!.Field;
            throw source.Error(
                found,
                $"the group `{group}` must hold a fluid trajectory (`{F.DensityDataset}`, `{F.VelocityDataset}`), but it has `{found}`.");
        }

        if (quantum && (rho ?? u) is { } stray)
        {
            throw source.Error(
                stray.Field,
                $"`{stray.Field}` sits next to ψ: the root holds one trajectory; put the fluid trajectory in the group `{F.FluidGroup}` (or in its own file, read with --fluid).");
        }

        if (!quantum && rho is null)
        {
            throw source.Error(
                Name(F.PsiDataset),
                $"`{Name(F.PsiDataset)}` is missing: a quantum trajectory needs `{F.PsiDataset}` (or `{F.PsiRealDataset}` and `{F.PsiImaginaryDataset}`), a fluid one needs `{F.DensityDataset}`; neither is present.");
        }

        if (psi is not null && (psiRe ?? psiIm) is { } pair)
        {
            throw source.Error(pair.Field, $"both `{psi.Field}` and `{pair.Field}` are present; give `{F.PsiDataset}` or the pair `{F.PsiRealDataset}`/`{F.PsiImaginaryDataset}`, not both.");
        }

        if (psi is null && quantum && (psiRe is null || psiIm is null))
        {
            var (have, missing) = psiRe is null ? (psiIm!.Field, Name(F.PsiRealDataset)) : (psiRe.Field, Name(F.PsiImaginaryDataset));
            throw source.Error(missing, $"`{have}` is present but `{missing}` is missing; ψ as a pair needs both.");
        }

        var hbar = OptionalNonNegative(source, group, F.HbarAttribute, required: quantum);
        var epsilon = OptionalNonNegative(source, group, F.EpsilonAttribute, required: quantum);
        var times = ReadTimes(source, group);

        // The grid comes from the primary field's trailing extents; every other field must match it.
        var primary = psi ?? psiRe ?? rho!;
        var pairsAxis = psi is not null && psi.Type.Kind == ElementKind.Real;
        if (psi is not null && psi.Type.Kind is not (ElementKind.Complex or ElementKind.Real))
        {
            throw source.Error(psi.Field, $"`{psi.Field}` has type {psi.Type.Description}; expected complex (complex128, complex64, an h5py compound {{r, i}}) or a real array with a trailing axis of length 2.");
        }

        var gridShape = GridShape(source, primary, dim, times.Length, pairsAxis);
        PeriodicGrid grid;
        try
        {
            grid = new PeriodicGrid(gridShape, length);
        }
        catch (ArgumentException ex)
        {
            throw source.Error(primary.Field, $"`{primary.Field}` with shape {primary.ShapeText} does not define a grid: {ex.Message}", ex);
        }

        var extents = gridShape.Select(n => (long)n).ToArray();
        long[] FieldShape(params long[] lead) => [times.Length, .. lead, .. extents];
        var parameters = new PhysicalParameters(hbar, epsilon);
        var context = new FrameContext(source, grid, times, system);

        List<Complex[]>? psiFrames = null;
        if (psi is not null)
        {
            var expected = pairsAxis ? [times.Length, .. extents, 2] : FieldShape();
            RequireShape(source, psi, expected, primary: psi, pairsAxis ? ElementKind.Real : ElementKind.Complex);
            psiFrames = ReadComplexFrames(context, psi);
        }
        else if (psiRe is not null)
        {
            RequireShape(source, psiRe, FieldShape(), primary: psiRe, ElementKind.Real);
            RequireShape(source, psiIm!, FieldShape(), primary: psiRe, ElementKind.Real);
            psiFrames = ReadPairFrames(context, psiRe, psiIm!);
        }

        List<double[]>? rhoFrames = null;
        if (rho is not null)
        {
            RequireShape(source, rho, FieldShape(), primary, ElementKind.Real);
            rhoFrames = ReadRealFrames(context, rho, components: 1, density: true, vector: false);
        }

        List<double[]>? uFrames = null;
        if (u is not null)
        {
            RequireShape(source, u, FieldShape(dim), primary, ElementKind.Real);
            uFrames = ReadRealFrames(context, u, components: (int)dim, density: false, vector: true);
        }

        List<double[]>? vFrames = null;
        if (potential is not null)
        {
            RequireShape(source, potential, FieldShape(), primary, ElementKind.Real);
            vFrames = ReadRealFrames(context, potential, components: 1, density: false, vector: false);
        }

        if (psiFrames is not null)
        {
            var (field, label) = psi is not null
                ? (psi.Field, $"`{psi.Field}`")
                : (psiRe!.Field, $"ψ = `{psiRe.Field}` + i·`{psiIm!.Field}`");
            CheckNormalisation(source, field, label, grid, times[0], psiFrames[0]);
        }

        var provenance = ReadProvenance(source, group);
        try
        {
            return new Trajectory(system, grid, times, parameters, psiFrames, rhoFrames, uFrames, vFrames, provenance);
        }
        catch (ArgumentException ex)
        {
            // Everything the constructor checks has been checked above with file-specific messages; this is a backstop.
            throw source.Error(Name(ex.ParamName ?? string.Empty), ex.Message, ex);
        }
    }

    private static double[] ReadTimes(TrajectorySource source, string group)
    {
        var field = TrajectorySource.FieldName(group, F.TimeDataset);
        var t = source.OpenArray(group, F.TimeDataset)
            ?? throw source.Error(field, $"`{field}` is missing; expected the sample times, a float array [nt] (nt ≥ 1), strictly increasing.");
        if (t.Type.Kind != ElementKind.Real)
        {
            throw source.Error(field, $"`{field}` has type {t.Type.Description}; expected float64 (float32 is widened).");
        }

        if (t.Shape.Count != 1)
        {
            throw source.Error(field, $"`{field}` has shape {t.ShapeText}; expected a 1-D array [nt].");
        }

        if (t.Shape[0] < 1 || t.Shape[0] > int.MaxValue / 2)
        {
            throw source.Error(field, $"`{field}` has {t.Shape[0].ToString(CultureInfo.InvariantCulture)} entries; expected at least 1 sample time.");
        }

        var times = new double[(int)t.Shape[0]];
        t.ReadFrames(0, times.Length, times);
        for (var n = 0; n < times.Length; n++)
        {
            if (!double.IsFinite(times[n]))
            {
                throw source.Error(field, $"`{field}[{n.ToString(CultureInfo.InvariantCulture)}]` is {Guard.Format(times[n])}; sample times must be finite.");
            }

            if (n > 0 && times[n] <= times[n - 1])
            {
                throw source.Error(
                    field,
                    $"`{field}` is not strictly increasing: `{field}[{n.ToString(CultureInfo.InvariantCulture)}]` = {Guard.Format(times[n])} follows `{field}[{(n - 1).ToString(CultureInfo.InvariantCulture)}]` = {Guard.Format(times[n - 1])}.");
            }
        }

        return times;
    }

    private static int[] GridShape(TrajectorySource source, SourceArray primary, long dim, int nt, bool pairsAxis)
    {
        var rank = (int)dim + 1 + (pairsAxis ? 1 : 0);
        var layout = dim switch { 1 => "[nt, n₁]", 2 => "[nt, n₁, n₂]", _ => "[nt, n₁, n₂, n₃]" };
        if (pairsAxis)
        {
            layout = layout[..^1] + ", 2]";
        }

        if (primary.Shape.Count != rank)
        {
            throw source.Error(
                primary.Field,
                $"`{primary.Field}` has shape {primary.ShapeText} (rank {primary.Shape.Count.ToString(CultureInfo.InvariantCulture)}) but `dim` is {dim.ToString(CultureInfo.InvariantCulture)}; expected {layout}.");
        }

        if (primary.Shape[0] != nt)
        {
            throw source.Error(
                primary.Field,
                $"`{primary.Field}` has shape {primary.ShapeText} but `t` has {nt.ToString(CultureInfo.InvariantCulture)} entries; expected {primary.Shape[0].ToString(CultureInfo.InvariantCulture)} = {nt.ToString(CultureInfo.InvariantCulture)} frames.");
        }

        if (pairsAxis && primary.Shape[rank - 1] != 2)
        {
            throw source.Error(primary.Field, $"`{primary.Field}` is real with shape {primary.ShapeText}; a real ψ needs a trailing axis of length 2 (re, im), {layout}.");
        }

        var shape = new int[dim];
        for (var a = 0; a < dim; a++)
        {
            var n = primary.Shape[a + 1];
            if (n < 2 || n > int.MaxValue)
            {
                throw source.Error(primary.Field, $"`{primary.Field}` has shape {primary.ShapeText}; every grid extent must be at least 2.");
            }

            shape[a] = (int)n;
        }

        return shape;
    }

    private static void RequireShape(TrajectorySource source, SourceArray array, long[] expected, SourceArray primary, ElementKind kind)
    {
        if (array.Type.Kind != kind)
        {
            var want = kind == ElementKind.Complex ? "complex128 (complex64 is widened)" : "float64 (float32 is widened)";
            throw source.Error(array.Field, $"`{array.Field}` has type {array.Type.Description}; expected {want}.");
        }

        if (!array.Shape.SequenceEqual(expected))
        {
            var why = ReferenceEquals(array, primary)
                ? string.Empty
                : $" (the grid comes from `{primary.Field}` {primary.ShapeText})";
            throw source.Error(array.Field, $"`{array.Field}` has shape {array.ShapeText}; expected {SourceArray.FormatShape(expected)}{why}.");
        }
    }

    private static List<Complex[]> ReadComplexFrames(FrameContext c, SourceArray psi)
    {
        var n = c.Grid.Count;
        var buffer = new double[2 * n];
        var frames = new List<Complex[]>();
        for (var f = 0; f < c.Times.Length; f++)
        {
            psi.ReadFrames(f, 1, buffer);
            var frame = new Complex[n];
            for (var j = 0; j < n; j++)
            {
                frame[j] = new Complex(buffer[2 * j], buffer[(2 * j) + 1]);
                c.RequireFinite(psi.Field, f, j, frame[j]);
            }

            frames.Add(frame);
        }

        return frames;
    }

    private static List<Complex[]> ReadPairFrames(FrameContext c, SourceArray re, SourceArray im)
    {
        var n = c.Grid.Count;
        var a = new double[n];
        var b = new double[n];
        var frames = new List<Complex[]>();
        for (var f = 0; f < c.Times.Length; f++)
        {
            re.ReadFrames(f, 1, a);
            im.ReadFrames(f, 1, b);
            var frame = new Complex[n];
            for (var j = 0; j < n; j++)
            {
                c.RequireFinite(re.Field, f, j, a[j]);
                c.RequireFinite(im.Field, f, j, b[j]);
                frame[j] = new Complex(a[j], b[j]);
            }

            frames.Add(frame);
        }

        return frames;
    }

    private static List<double[]> ReadRealFrames(FrameContext c, SourceArray array, int components, bool density, bool vector)
    {
        var n = c.Grid.Count;
        var frames = new List<double[]>();
        for (var f = 0; f < c.Times.Length; f++)
        {
            var frame = new double[components * n];
            array.ReadFrames(f, 1, frame);
            for (var i = 0; i < frame.Length; i++)
            {
                c.RequireFinite(array.Field, f, i, frame[i], vector);
                if (density)
                {
                    c.RequireDensity(array.Field, f, i, frame[i]);
                }
            }

            frames.Add(frame);
        }

        return frames;
    }

    private static void CheckNormalisation(TrajectorySource source, string field, string label, PeriodicGrid grid, double t0, Complex[] psi0)
    {
        var sum = 0.0;
        foreach (var z in psi0)
        {
            sum += (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
        }

        var mass = sum * grid.CellVolume;
        if (!(Math.Abs(mass - 1) <= F.NormalizationTolerance))
        {
            throw source.Error(
                field,
                $"{label} is not normalised at t={Guard.Format(t0)}: ∫|ψ|² dx = {Guard.Format(mass)} on {grid} (quadrature Σ|ψ_j|²·{Guard.Format(grid.CellVolume)}); expected 1 within {Guard.Format(F.NormalizationTolerance)}. Check the normalisation and `box_length`.");
        }
    }

    private static Provenance ReadProvenance(TrajectorySource source, string group)
    {
        var producer = OptionalText(source, group, F.ProducerAttribute) ?? Path.GetFileName(source.File);
        var scheme = OptionalText(source, group, F.SchemeAttribute) ?? "unknown";
        double? step = null;
        if (source.ReadAttribute(group, F.SolverTimeStepAttribute) is { } s)
        {
            // 0 declares an exact (analytic) trajectory: the oracles then budget no solver error (Catalog's Inputs.IsExact).
            if (s.Number is not { } dt || !double.IsFinite(dt) || dt < 0)
            {
                throw source.Error(s.Field, $"`{s.Field}` is {s.TypeDescription} {s.Display}; expected a finite time step ≥ 0 (0 declares an exact solution).");
            }

            step = dt;
        }

        int? order = null;
        if (source.ReadAttribute(group, F.SchemeOrderAttribute) is not null)
        {
            var o = RequireInteger(source, group, F.SchemeOrderAttribute, "expected a positive integer");
            if (o is < 1 or > 64)
            {
                throw source.Error(TrajectorySource.FieldName(group, F.SchemeOrderAttribute), $"`{TrajectorySource.FieldName(group, F.SchemeOrderAttribute)}` is {o.ToString(CultureInfo.InvariantCulture)}; expected a positive integer order.");
            }

            order = (int)o;
        }

        return new Provenance(producer, scheme, step, order);
    }

    private static string RequireText(TrajectorySource source, string group, string name, string expectation)
    {
        var field = TrajectorySource.FieldName(group, name);
        var value = source.ReadAttribute(group, name) ?? throw source.Error(field, $"`{field}` is missing; {expectation}.");
        return value.Text ?? throw source.Error(field, $"`{field}` must be a string; got {value.TypeDescription} {value.Display}.");
    }

    private static string? OptionalText(TrajectorySource source, string group, string name)
    {
        var value = source.ReadAttribute(group, name);
        if (value is null)
        {
            return null;
        }

        return value.Text ?? throw source.Error(value.Field, $"`{value.Field}` must be a string; got {value.TypeDescription} {value.Display}.");
    }

    private static long RequireInteger(TrajectorySource source, string group, string name, string expectation)
    {
        var field = TrajectorySource.FieldName(group, name);
        var value = source.ReadAttribute(group, name) ?? throw source.Error(field, $"`{field}` is missing; {expectation}.");

        // A float holding an integer exactly (dim = 2.0) is accepted; anything else is not an integer.
        if (value.Number is not { } x || !double.IsFinite(x) || Math.Abs(x) > 9.007199254740992E15 || x != Math.Round(x))
        {
            throw source.Error(field, $"`{field}` must be an integer; got {value.TypeDescription} {value.Display}.");
        }

        return (long)x;
    }

    private static double RequireNumber(TrajectorySource source, string group, string name, string expectation)
    {
        var field = TrajectorySource.FieldName(group, name);
        var value = source.ReadAttribute(group, name) ?? throw source.Error(field, $"`{field}` is missing; {expectation}.");
        return value.Number ?? throw source.Error(field, $"`{field}` must be a number; got {value.TypeDescription} {value.Display}.");
    }

    private static double OptionalNonNegative(TrajectorySource source, string group, string name, bool required)
    {
        var field = TrajectorySource.FieldName(group, name);
        if (!required && source.ReadAttribute(group, name) is null)
        {
            return 0;
        }

        var x = RequireNumber(source, group, name, "expected a non-negative number (a quantum trajectory needs ħ and ε)");
        if (!double.IsFinite(x) || x < 0)
        {
            throw source.Error(field, $"`{field}` is {Guard.Format(x)}; expected a non-negative, finite number.");
        }

        return x;
    }

    /// <summary>Per-trajectory state for value checks: names the time and the grid point of the first bad value.</summary>
    private sealed class FrameContext(TrajectorySource source, PeriodicGrid grid, double[] times, string system)
    {
        // Isothermal Euler is solved and judged in the (log ρ, u) form [BCY, eq. (2.2)], and its relative entropy takes
        // log ρ: a zero density is outside the model, not a numerical outcome.
        private readonly bool positiveDensity = string.Equals(system, SystemIds.IsothermalEuler, StringComparison.Ordinal);

        public PeriodicGrid Grid { get; } = grid;

        public double[] Times { get; } = times;

        public void RequireFinite(string field, int frame, int index, double value, bool vector = false)
        {
            if (!double.IsFinite(value))
            {
                throw source.Error(field, $"`{field}` is not finite at {Where(frame, index, vector)}: {Guard.Format(value)}.");
            }
        }

        public void RequireFinite(string field, int frame, int index, Complex value)
        {
            if (!double.IsFinite(value.Real) || !double.IsFinite(value.Imaginary))
            {
                throw source.Error(field, $"`{field}` is not finite at {Where(frame, index, false)}: ({Guard.Format(value.Real)}, {Guard.Format(value.Imaginary)}).");
            }
        }

        public void RequireDensity(string field, int frame, int index, double value)
        {
            if (value < 0)
            {
                throw source.Error(field, $"`{field}` is negative at {Where(frame, index, false)}: {Guard.Format(value)}; a density must be ≥ 0.");
            }

            if (value == 0 && positiveDensity)
            {
                throw source.Error(
                    field,
                    $"`{field}` is zero at {Where(frame, index, false)}; system '{SystemIds.IsothermalEuler}' takes log ρ, so ρ must be positive.");
            }
        }

        private string Where(int frame, int index, bool vector)
        {
            var point = index % Grid.Count;
            var parts = new string[Grid.Dimension];
            var rem = point;
            for (var a = Grid.Dimension - 1; a >= 0; a--)
            {
                parts[a] = Guard.Format(Grid.Coordinate(a, rem % Grid.Shape[a]));
                rem /= Grid.Shape[a];
            }

            var x = Grid.Dimension == 1 ? $"x={parts[0]}" : $"x=({string.Join(", ", parts)})";
            var component = vector ? $"component {(index / Grid.Count).ToString(CultureInfo.InvariantCulture)}, " : string.Empty;
            return $"t={Guard.Format(Times[frame])}, {component}{x}";
        }
    }
}
