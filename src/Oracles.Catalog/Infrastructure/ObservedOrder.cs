namespace Oracles.Catalog.Infrastructure;

/// <summary>Least-squares slope of log y against log x (observed order of accuracy, DESIGN.md §3).</summary>
internal static class ObservedOrder
{
    /// <summary>Half-width of the accepted window around the expected order (DiffEqDevTools convention, STYLE §6).</summary>
    public const double Window = 0.3;

    /// <summary>
    /// A value is used in an order fit only when it exceeds its round-off floor by this factor: a 10 % contamination
    /// shifts a two-point slope by at most log₂(1.1) ≈ 0.14, half the ±0.3 window.
    /// </summary>
    public const double FloorFactor = 10;

    /// <summary>The least-squares slope of (log x_i, log y_i); x, y &gt; 0, at least two distinct x.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        double mx = 0, my = 0;
        for (var i = 0; i < n; i++)
        {
            mx += Math.Log(x[i]);
            my += Math.Log(y[i]);
        }

        mx /= n;
        my /= n;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = Math.Log(x[i]) - mx;
            sxy += dx * (Math.Log(y[i]) - my);
            sxx += dx * dx;
        }

        return sxy / sxx;
    }
}
