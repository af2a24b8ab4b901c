using System.Globalization;
using System.Numerics;
using Oracles.Core.Grids;

namespace Oracles.Core;

/// <summary>The system identifiers used in trajectories and files (README "Trajectory files").</summary>
public static class SystemIds
{
    /// <summary>Schrödinger–Poisson–Boltzmann, [BCY, eq. (1.1)].</summary>
    public const string SchrodingerPoissonBoltzmann = "spb";

    /// <summary>Schrödinger–Poisson, [BCY, eq. (1.2)].</summary>
    public const string SchrodingerPoisson = "sp";

    /// <summary>Isothermal Euler, [BCY, eq. (1.5)].</summary>
    public const string IsothermalEuler = "isothermal-euler";

    /// <summary>Every known identifier.</summary>
    public static IReadOnlyList<string> All { get; } = [SchrodingerPoissonBoltzmann, SchrodingerPoisson, IsothermalEuler];
}

/// <summary>Physical parameters of a trajectory: ħ and ε of [BCY, eq. (1.1)]. Fluid trajectories use 0 for both.</summary>
/// <param name="Hbar">ħ ≥ 0.</param>
/// <param name="Epsilon">ε ≥ 0 (the Debye length squared of the Poisson–Boltzmann equation −εΔV = ρ − e^V).</param>
public sealed record PhysicalParameters(double Hbar, double Epsilon)
{
    /// <summary>ħ ≥ 0.</summary>
    public double Hbar { get; } = Guard.NonNegativeFinite(Hbar);

    /// <summary>ε ≥ 0.</summary>
    public double Epsilon { get; } = Guard.NonNegativeFinite(Epsilon);
}

/// <summary>Where a trajectory came from: producer, scheme and the solver's own time step (which may be finer than the sampling).</summary>
/// <param name="Producer">A short name (<c>Oracles.Solvers.StrangSplitStep</c>, a file name).</param>
/// <param name="Scheme">The scheme and its order, free text.</param>
/// <param name="SolverTimeStep">The solver's internal time step, when known (used in tolerance budgets).</param>
/// <param name="SchemeOrder">The formal order in time of the scheme, when known.</param>
public sealed record Provenance(string Producer, string Scheme, double? SolverTimeStep = null, int? SchemeOrder = null);

/// <summary>
/// What solvers produce and oracles consume: sample times, the fields at each time, the grid and the physical
/// parameters. A quantum trajectory has ψ (and optionally the potential V); a fluid trajectory has ρ and u.
/// </summary>
/// <remarks>
/// <para>Layout: every field frame is row-major on <see cref="Grid"/>; the velocity frame holds its d components
/// one after the other (length d·N). Construction validates everything and names the field and the time of the
/// first problem, so nothing silently wrong reaches an oracle.</para>
/// </remarks>
/// <threadsafety>Immutable after construction (the frames are copied in).</threadsafety>
public sealed class Trajectory
{
    private readonly double[] times;
    private readonly Complex[][]? psi;
    private readonly double[][]? density;
    private readonly double[][]? velocity;
    private readonly double[][]? potential;

    /// <summary>Creates and validates a trajectory. Frames are copied.</summary>
    /// <param name="system">One of <see cref="SystemIds"/>.</param>
    /// <param name="grid">The grid.</param>
    /// <param name="times">Strictly increasing, finite sample times.</param>
    /// <param name="parameters">ħ and ε.</param>
    /// <param name="psi">Wave function frames (length N each), or null.</param>
    /// <param name="density">Density frames ρ ≥ 0 (length N each), or null.</param>
    /// <param name="velocity">Velocity frames (length d·N each), or null.</param>
    /// <param name="potential">Potential frames V (length N each), or null.</param>
    /// <param name="provenance">Where the data came from.</param>
    public Trajectory(
        string system,
        PeriodicGrid grid,
        IReadOnlyList<double> times,
        PhysicalParameters parameters,
        IReadOnlyList<Complex[]>? psi = null,
        IReadOnlyList<double[]>? density = null,
        IReadOnlyList<double[]>? velocity = null,
        IReadOnlyList<double[]>? potential = null,
        Provenance? provenance = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(times);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!SystemIds.All.Contains(system, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"system '{system}' is unknown; expected one of {string.Join(", ", SystemIds.All)}.", nameof(system));
        }

        if (times.Count < 1)
        {
            throw new ArgumentException("t must have at least one entry.", nameof(times));
        }

        for (var n = 0; n < times.Count; n++)
        {
            if (!double.IsFinite(times[n]))
            {
                throw new ArgumentException($"t[{n}] must be finite; got {Guard.Format(times[n])}.", nameof(times));
            }

            if (n > 0 && times[n] <= times[n - 1])
            {
                throw new ArgumentException(
                    $"t must be strictly increasing; t[{n}] = {Guard.Format(times[n])} follows t[{n - 1}] = {Guard.Format(times[n - 1])}.",
                    nameof(times));
            }
        }

        System = system;
        Grid = grid;
        Parameters = parameters;
        Provenance = provenance ?? new Provenance("unknown", "unknown");
        this.times = times.ToArray();
        this.psi = Copy(psi, grid.Count, "psi", checkNonNegative: false);
        this.density = Copy(density, grid.Count, "rho", checkNonNegative: true);
        this.velocity = Copy(velocity, grid.Dimension * grid.Count, "u", checkNonNegative: false);
        this.potential = Copy(potential, grid.Count, "V", checkNonNegative: false);
        if (this.psi is null && this.density is null)
        {
            throw new ArgumentException("A trajectory needs psi (quantum) or rho (fluid); neither was given.", nameof(psi));
        }
    }

    /// <summary>The system identifier (<see cref="SystemIds"/>).</summary>
    public string System { get; }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; }

    /// <summary>ħ and ε.</summary>
    public PhysicalParameters Parameters { get; }

    /// <summary>Where the data came from.</summary>
    public Provenance Provenance { get; }

    /// <summary>The sample times.</summary>
    public ReadOnlySpan<double> Times => times;

    /// <summary>Number of samples.</summary>
    public int Count => times.Length;

    /// <summary>
    /// A new instance with copies of every frame: equal in value, but nothing derived from this instance (per-trajectory
    /// caches such as the catalog's shared frames) applies to it. For timing and comparing evaluations from scratch.
    /// </summary>
    /// <returns>The copy.</returns>
    public Trajectory DeepCopy()
    {
        static T[][]? Frames<T>(T[][]? frames) => frames?.Select(f => (T[])f.Clone()).ToArray();
        return new Trajectory(System, Grid, times.ToArray(), Parameters, Frames(psi), Frames(density), Frames(velocity), Frames(potential), Provenance);
    }

    /// <summary>True when ψ frames are present.</summary>
    public bool HasPsi => psi is not null;

    /// <summary>True when ρ frames are present.</summary>
    public bool HasDensity => density is not null;

    /// <summary>True when u frames are present.</summary>
    public bool HasVelocity => velocity is not null;

    /// <summary>True when V frames are present.</summary>
    public bool HasPotential => potential is not null;

    /// <summary>ψ at sample <paramref name="frame"/>.</summary>
    /// <param name="frame">The sample index.</param>
    /// <returns>The frame.</returns>
    public ReadOnlySpan<Complex> Psi(int frame) => Frame(psi, frame, "psi");

    /// <summary>ρ at sample <paramref name="frame"/>.</summary>
    /// <param name="frame">The sample index.</param>
    /// <returns>The frame.</returns>
    public ReadOnlySpan<double> Density(int frame) => Frame(density, frame, "rho");

    /// <summary>u at sample <paramref name="frame"/> (d components, component-major).</summary>
    /// <param name="frame">The sample index.</param>
    /// <returns>The frame.</returns>
    public ReadOnlySpan<double> Velocity(int frame) => Frame(velocity, frame, "u");

    /// <summary>V at sample <paramref name="frame"/>.</summary>
    /// <param name="frame">The sample index.</param>
    /// <returns>The frame.</returns>
    public ReadOnlySpan<double> Potential(int frame) => Frame(potential, frame, "V");

    private static ReadOnlySpan<T> Frame<T>(T[][]? frames, int frame, string name)
    {
        if (frames is null)
        {
            throw new InvalidOperationException($"This trajectory has no '{name}' field.");
        }

        return frames[frame];
    }

    private T[][]? Copy<T>(IReadOnlyList<T[]>? frames, int length, string name, bool checkNonNegative)
    {
        if (frames is null)
        {
            return null;
        }

        if (frames.Count != times.Length)
        {
            throw new ArgumentException(
                $"'{name}' has {frames.Count} frames but t has {times.Length} entries.", name);
        }

        var copy = new T[frames.Count][];
        for (var n = 0; n < frames.Count; n++)
        {
            var f = frames[n] ?? throw new ArgumentException($"'{name}' frame {n} is missing.", name);
            if (f.Length != length)
            {
                throw new ArgumentException(
                    $"'{name}' at t={Guard.Format(times[n])} has {f.Length} values but the grid {Grid} needs {length}.", name);
            }

            for (var i = 0; i < f.Length; i++)
            {
                var bad = f[i] switch
                {
                    double x => !double.IsFinite(x) ? "is not finite" : checkNonNegative && x < 0 ? "is negative" : null,
                    Complex z => !double.IsFinite(z.Real) || !double.IsFinite(z.Imaginary) ? "is not finite" : null,
                    _ => null,
                };
                if (bad is not null)
                {
                    throw new ArgumentException(
                        $"'{name}' {bad} at t={Guard.Format(times[n])}, {DescribePoint(i % Grid.Count)}: {Convert.ToString(f[i], CultureInfo.InvariantCulture)}.",
                        name);
                }
            }

            copy[n] = (T[])f.Clone();
        }

        return copy;
    }

    private string DescribePoint(int flat)
    {
        var parts = new string[Grid.Dimension];
        var rem = flat;
        for (var a = Grid.Dimension - 1; a >= 0; a--)
        {
            parts[a] = Guard.Format(Grid.Coordinate(a, rem % Grid.Shape[a]));
            rem /= Grid.Shape[a];
        }

        return Grid.Dimension == 1 ? $"x={parts[0]}" : $"x=({string.Join(", ", parts)})";
    }
}
