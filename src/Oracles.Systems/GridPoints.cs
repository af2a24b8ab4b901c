using System.Globalization;
using Oracles.Core.Grids;

namespace Oracles.Systems;

/// <summary>Formats grid points for error messages: flat index ↦ <c>x = (0.25, 0.5)</c>.</summary>
internal static class GridPoints
{
    /// <summary>The coordinates of the point with flat index <paramref name="index"/>, as text.</summary>
    /// <param name="grid">The grid.</param>
    /// <param name="index">The flat (row-major) index.</param>
    /// <returns>Text such as <c>x = (0.25, 0.5)</c>.</returns>
    public static string Describe(PeriodicGrid grid, int index)
    {
        var parts = new string[grid.Dimension];
        var rem = index;
        for (var a = grid.Dimension - 1; a >= 0; a--)
        {
            parts[a] = grid.Coordinate(a, rem % grid.Shape[a]).ToString("R", CultureInfo.InvariantCulture);
            rem /= grid.Shape[a];
        }

        return grid.Dimension == 1 ? $"x = {parts[0]}" : $"x = ({string.Join(", ", parts)})";
    }
}
