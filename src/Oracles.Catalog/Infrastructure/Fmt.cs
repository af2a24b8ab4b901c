using System.Globalization;

namespace Oracles.Catalog.Infrastructure;

/// <summary>Culture-invariant number formatting for oracle messages.</summary>
internal static class Fmt
{
    /// <summary>Four significant digits, exponent form: <c>1.234e-05</c>.</summary>
    public static string E(double x) => x.ToString("0.###e+00", CultureInfo.InvariantCulture);

    /// <summary>Six significant digits, general form (times, parameters).</summary>
    public static string G(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    /// <summary>An integer.</summary>
    public static string I(int x) => x.ToString(CultureInfo.InvariantCulture);
}
