namespace Oracles.Catalog.Infrastructure;

/// <summary>Round-off allowances: n·eps·scale rules used by every budget (COMMON rule 5).</summary>
internal static class RoundOff
{
    /// <summary>Unit round-off of binary64, 2^−52.</summary>
    public const double Eps = 2.220446049250313e-16;

    /// <summary>1 + log₂N: the depth of an FFT of N points, which sets how many rounding steps a spectral value carries.</summary>
    public static double FftDepth(int count) => 1 + Math.Log2(Math.Max(count, 1));

    /// <summary>
    /// Round-off of a value obtained through spectral transforms: 8·eps·(1 + log₂N)·scale. The factor 8 covers the
    /// forward and inverse transform (2), the pointwise product (1) and the compensated quadrature (≤ 1), with a
    /// factor 2 for the accumulation of independent errors; scale is the magnitude the value is computed from.
    /// </summary>
    public static double Spectral(double scale, int count) => 8 * Eps * FftDepth(count) * Math.Abs(scale);
}
