namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// Time derivatives of sampled series by central differences with a Richardson error estimate (catalogue IV.4(a)).
/// </summary>
/// <remarks>
/// <para>At a centre t_n with uniform spacing h over t_{n−2} … t_{n+2}:
/// D_h = (f_{n+1} − f_{n−1})/(2h) = f' + h²f'''/6 + O(h⁴) and D_{2h} = (f_{n+2} − f_{n−2})/(4h) = f' + 4h²f'''/6 + O(h⁴).
/// The value used is the Richardson extrapolation D = (4D_h − D_{2h})/3 (error O(h⁴)); the error estimate is
/// |D_h − D_{2h}|/3 = h²|f'''|/6 + O(h⁴), the error of D_h, which exceeds the error of D by a factor ~ 1/h² when the
/// series is resolved. Higher derivatives (for solver-error proxies) use the same five points.</para>
/// </remarks>
internal static class TimeStencil
{
    /// <summary>Relative tolerance on the equality of the four spacings of a stencil (sample times are sums or products of the step; their round-off is ≪ 1e-9).</summary>
    public const double UniformityTolerance = 1e-9;

    /// <summary>Noise amplification of the extrapolated derivative: (8 + 8 + 1 + 1)/12 = 1.5, divided by h.</summary>
    public const double NoiseGain = 1.5;

    /// <summary>Indices n with two samples on each side at equal spacing.</summary>
    public static int[] Centres(ReadOnlySpan<double> t)
    {
        var result = new List<int>();
        for (var n = 2; n + 2 < t.Length; n++)
        {
            var h = (t[n + 2] - t[n - 2]) / 4;
            var ok = true;
            for (var k = n - 2; k < n + 2; k++)
            {
                ok &= Math.Abs(t[k + 1] - t[k] - h) <= UniformityTolerance * h;
            }

            if (ok)
            {
                result.Add(n);
            }
        }

        return [.. result];
    }

    /// <summary>The spacing h of the stencil centred at n.</summary>
    public static double Spacing(ReadOnlySpan<double> t, int n) => (t[n + 2] - t[n - 2]) / 4;

    /// <summary>The extrapolated first derivative (4D_h − D_{2h})/3.</summary>
    public static double First(double fm2, double fm1, double fp1, double fp2, double h) =>
        ((8 * (fp1 - fm1)) - (fp2 - fm2)) / (12 * h);

    /// <summary>The Richardson estimate (D_{2h} − D_h)/3 = h²f‴/6 + O(h⁴) of the signed error D_h − f′ of the central difference.</summary>
    public static double Error(double fm2, double fm1, double fp1, double fp2, double h) =>
        (((fp2 - fm2) / (4 * h)) - ((fp1 - fm1) / (2 * h))) / 3;

    /// <summary>The k-th derivative (k = 2, 3, 4) from the five points.</summary>
    public static double Higher(int k, double fm2, double fm1, double f0, double fp1, double fp2, double h) => k switch
    {
        2 => ((-fp2) + (16 * fp1) - (30 * f0) + (16 * fm1) - fm2) / (12 * h * h),
        3 => (fp2 - (2 * fp1) + (2 * fm1) - fm2) / (2 * h * h * h),
        4 => (fp2 - (4 * fp1) + (6 * f0) - (4 * fm1) + fm2) / (h * h * h * h),
        _ => throw new ArgumentOutOfRangeException(nameof(k), k, "Only derivatives of order 2, 3 and 4 can be formed from five samples."),
    };

    /// <summary>Applies <see cref="First"/> and <see cref="Error"/> pointwise to five field frames.</summary>
    public static void Field(
        ReadOnlySpan<double> fm2, ReadOnlySpan<double> fm1, ReadOnlySpan<double> fp1, ReadOnlySpan<double> fp2, double h,
        Span<double> value, Span<double> error)
    {
        for (var i = 0; i < value.Length; i++)
        {
            value[i] = First(fm2[i], fm1[i], fp1[i], fp2[i], h);
            error[i] = Error(fm2[i], fm1[i], fp1[i], fp2[i], h);
        }
    }

    /// <summary>max over points of |k-th derivative| of five field frames.</summary>
    public static double HigherMaxAbs(
        int k, ReadOnlySpan<double> fm2, ReadOnlySpan<double> fm1, ReadOnlySpan<double> f0, ReadOnlySpan<double> fp1, ReadOnlySpan<double> fp2, double h)
    {
        var m = 0.0;
        for (var i = 0; i < f0.Length; i++)
        {
            m = Math.Max(m, Math.Abs(Higher(k, fm2[i], fm1[i], f0[i], fp1[i], fp2[i], h)));
        }

        return m;
    }
}
