using System.Globalization;

namespace Oracles.Core.Grids;

/// <summary>
/// A uniform periodic grid on the torus T^d = [0, L)^d, d = 1, 2, 3: x_j = j·L/n_a along axis a, j = 0 … n_a − 1.
/// </summary>
/// <remarks>
/// <para>Fields on the grid are flattened in row-major order (the last axis varies fastest):
/// flat index = ((i₀·n₁) + i₁)·n₂ + i₂. Vector fields (velocity, gradients) store their d components one after
/// the other: component a occupies [a·Count, (a+1)·Count).</para>
/// <para>BCY (seed 003) works on the unit torus (L = 1, volume 1, §0.2 of the catalogue); any L &gt; 0 is supported
/// here, and functionals that depend on unit volume say so. Any n ≥ 2 is allowed, odd included.</para>
/// </remarks>
/// <threadsafety>Immutable.</threadsafety>
public sealed class PeriodicGrid : IEquatable<PeriodicGrid>
{
    private readonly int[] shape;

    /// <summary>Creates a grid with the given points per axis on [0, <paramref name="length"/>)^d.</summary>
    /// <param name="shape">Points per axis, 1 to 3 axes, each ≥ 2.</param>
    /// <param name="length">The box length L (the same on every axis), positive and finite.</param>
    public PeriodicGrid(IReadOnlyList<int> shape, double length)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 1 or > 3)
        {
            throw new ArgumentException($"A periodic grid has 1 to 3 axes; got {shape.Count}.", nameof(shape));
        }

        long count = 1;
        for (var a = 0; a < shape.Count; a++)
        {
            if (shape[a] < 2)
            {
                throw new ArgumentOutOfRangeException(nameof(shape), shape[a], $"shape[{a}] must be at least 2; got {shape[a]}.");
            }

            count *= shape[a];
        }

        if (count > int.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(shape), count, $"Grid has {count} points; at most {int.MaxValue / 4} are supported.");
        }

        Guard.PositiveFinite(length);
        this.shape = shape.ToArray();
        Length = length;
        Count = (int)count;
    }

    /// <summary>A 1-D grid of n points on [0, L).</summary>
    /// <param name="n">Number of points.</param>
    /// <param name="length">Box length.</param>
    /// <returns>The grid.</returns>
    public static PeriodicGrid Line(int n, double length = 1.0) => new([n], length);

    /// <summary>A 2-D grid of n² points on [0, L)².</summary>
    /// <param name="n">Points per axis.</param>
    /// <param name="length">Box length.</param>
    /// <returns>The grid.</returns>
    public static PeriodicGrid Square(int n, double length = 1.0) => new([n, n], length);

    /// <summary>A 3-D grid of n³ points on [0, L)³.</summary>
    /// <param name="n">Points per axis.</param>
    /// <param name="length">Box length.</param>
    /// <returns>The grid.</returns>
    public static PeriodicGrid Cube(int n, double length = 1.0) => new([n, n, n], length);

    /// <summary>Number of axes d.</summary>
    public int Dimension => shape.Length;

    /// <summary>Points per axis.</summary>
    public IReadOnlyList<int> Shape => shape;

    /// <summary>The box length L.</summary>
    public double Length { get; }

    /// <summary>Total number of points Π n_a.</summary>
    public int Count { get; }

    /// <summary>The torus volume L^d.</summary>
    public double Volume => Math.Pow(Length, Dimension);

    /// <summary>The quadrature weight of one point, Π (L/n_a).</summary>
    public double CellVolume => Volume / Count;

    /// <summary>Spacing L/n_a along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis.</param>
    /// <returns>The spacing.</returns>
    public double Spacing(int axis) => Length / shape[axis];

    /// <summary>The largest spacing over all axes.</summary>
    public double MaxSpacing => Length / shape.Min();

    /// <summary>Coordinate x_j = j·L/n_a along <paramref name="axis"/>.</summary>
    /// <param name="axis">The axis.</param>
    /// <param name="index">The index j.</param>
    /// <returns>The coordinate.</returns>
    public double Coordinate(int axis, int index) => index * Length / shape[axis];

    /// <summary>Stride of <paramref name="axis"/> in the flat row-major layout.</summary>
    /// <param name="axis">The axis.</param>
    /// <returns>The stride.</returns>
    public int Stride(int axis)
    {
        var s = 1;
        for (var a = shape.Length - 1; a > axis; a--)
        {
            s *= shape[a];
        }

        return s;
    }

    /// <summary>Fills <paramref name="coordinates"/> (length <see cref="Count"/>) with the <paramref name="axis"/> coordinate of every point.</summary>
    /// <param name="axis">The axis.</param>
    /// <param name="coordinates">Destination, flat layout.</param>
    public void FillCoordinates(int axis, Span<double> coordinates)
    {
        Guard.Length(coordinates.Length, Count, nameof(coordinates));
        var stride = Stride(axis);
        var n = shape[axis];
        for (var i = 0; i < Count; i++)
        {
            coordinates[i] = Coordinate(axis, i / stride % n);
        }
    }

    /// <summary>Evaluates f(x) at every grid point into a new array (x has <see cref="Dimension"/> components).</summary>
    /// <param name="f">The function.</param>
    /// <returns>The samples, flat layout.</returns>
    public double[] Sample(Func<double[], double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var result = new double[Count];
        var x = new double[Dimension];
        for (var i = 0; i < Count; i++)
        {
            var rem = i;
            for (var a = Dimension - 1; a >= 0; a--)
            {
                x[a] = Coordinate(a, rem % shape[a]);
                rem /= shape[a];
            }

            result[i] = f(x);
        }

        return result;
    }

    /// <inheritdoc/>
    public bool Equals(PeriodicGrid? other) =>
        other is not null && Length.Equals(other.Length) && shape.AsSpan().SequenceEqual(other.shape);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as PeriodicGrid);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Length);
        foreach (var n in shape)
        {
            h.Add(n);
        }

        return h.ToHashCode();
    }

    /// <summary>Text such as <c>128x128 on [0, 1)^2</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Join('x', shape.Select(n => n.ToString(CultureInfo.InvariantCulture))) +
        $" on [0, {Length.ToString("R", CultureInfo.InvariantCulture)})^{Dimension}";

    /// <summary>Throws unless <paramref name="other"/> is the same grid (same shape and length).</summary>
    /// <param name="other">The grid to compare.</param>
    /// <param name="name">Argument name for the message.</param>
    public void RequireSame(PeriodicGrid other, string name)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Equals(other))
        {
            throw new ArgumentException($"{name} lives on {other} but {this} was expected (mismatched grids).", name);
        }
    }
}
