namespace Oracles.Tests.Systems;

/// <summary>Least-squares slope of log y against log x (observed order of convergence).</summary>
internal static class Slopes
{
    public static double LogLog(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var n = x.Count;
        var lx = x.Select(t => Math.Log(t)).ToArray();
        var ly = y.Select(t => Math.Log(t)).ToArray();
        var mx = lx.Average();
        var my = ly.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (lx[i] - mx) * (ly[i] - my);
            sxx += (lx[i] - mx) * (lx[i] - mx);
        }

        return sxy / sxx;
    }

    public static double MaxAbsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var m = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs(a[i] - b[i]));
        }

        return m;
    }

    /// <summary>Discrete root-mean-square √(Σx²/N).</summary>
    public static double Rms(ReadOnlySpan<double> a)
    {
        var s = 0.0;
        foreach (var x in a)
        {
            s += x * x;
        }

        return Math.Sqrt(s / a.Length);
    }

    public static double RmsDifference(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(s / a.Length);
    }
}
