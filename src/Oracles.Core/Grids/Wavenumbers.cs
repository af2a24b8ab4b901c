namespace Oracles.Core.Grids;

/// <summary>
/// Wavenumber tables in FFT order (see README "Conventions"): index j ↦ integer mode m(j) = j for j ≤ ⌊(n−1)/2⌋,
/// m(j) = j − n for the rest, and for even n the Nyquist index j = n/2 has m = n/2 (kept positive). The angular
/// wavenumber is k = 2π m / L.
/// </summary>
/// <remarks>
/// Odd-order derivatives zero the Nyquist mode of an even n (its derivative is not representable as a real
/// field); even-order operators (Laplacian) keep it with k² = (π n / L)². De-aliasing by the 2/3 rule keeps the
/// modes with 3|m| ≤ n on every axis.
/// </remarks>
public static class Wavenumbers
{
    /// <summary>The integer mode m(j) of FFT index j on an axis of n points.</summary>
    /// <param name="index">The FFT index j, 0 ≤ j &lt; n.</param>
    /// <param name="n">The number of points.</param>
    /// <returns>m(j).</returns>
    public static int Mode(int index, int n) => index <= n / 2 ? index : index - n;

    /// <summary>True when index j is the Nyquist mode of an even n.</summary>
    /// <param name="index">The FFT index.</param>
    /// <param name="n">The number of points.</param>
    /// <returns>Whether j = n/2 with n even.</returns>
    public static bool IsNyquist(int index, int n) => n % 2 == 0 && index == n / 2;

    /// <summary>Angular wavenumbers k_j = 2π m(j)/L for one axis, with the Nyquist entry zeroed (for first derivatives).</summary>
    /// <param name="n">Points on the axis.</param>
    /// <param name="length">Box length L.</param>
    /// <returns>The table in FFT order.</returns>
    public static double[] ForDerivative(int n, double length)
    {
        var k = new double[n];
        for (var j = 0; j < n; j++)
        {
            k[j] = IsNyquist(j, n) ? 0.0 : 2 * Math.PI * Mode(j, n) / length;
        }

        return k;
    }

    /// <summary>Squared angular wavenumbers k_j² = (2π m(j)/L)² for one axis, Nyquist kept.</summary>
    /// <param name="n">Points on the axis.</param>
    /// <param name="length">Box length L.</param>
    /// <returns>The table in FFT order.</returns>
    public static double[] Squared(int n, double length)
    {
        var k2 = new double[n];
        for (var j = 0; j < n; j++)
        {
            var k = 2 * Math.PI * Mode(j, n) / length;
            k2[j] = k * k;
        }

        return k2;
    }
}
