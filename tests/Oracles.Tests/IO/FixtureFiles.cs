using System.Numerics;
using System.Runtime.CompilerServices;

namespace Oracles.Tests.IO;

/// <summary>
/// Locates the committed fixtures (written by Fixtures/make_fixtures.py with h5py and numpy) and repeats the closed
/// forms they were generated from, so tests compare what the reader returns with an independent formula.
/// </summary>
internal static class FixtureFiles
{
    private static readonly Lazy<string> Folder = new(() => Locate());

    public static string Path(string name) => System.IO.Path.Combine(Folder.Value, name);

    private static string Locate([CallerFilePath] string source = "")
    {
        // Walk up from the test binaries to the repository root (the folder holding Oracles.sln).
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Oracles.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "tests", "Oracles.Tests", "IO", "Fixtures");
            }
        }

        // Binaries built outside the checkout (ORACLES_ARTIFACTS=/tmp/...): use this source file's folder. CI builds
        // inside the checkout and takes the branch above; there the compiler maps source paths to /_/.
        var here = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(source) ?? string.Empty, "Fixtures");
        return Directory.Exists(here)
            ? here
            : throw new InvalidOperationException($"Cannot find the IO fixtures: no Oracles.sln above {AppContext.BaseDirectory} and no {here}.");
    }

    /// <summary>t_m = 0.1·m.</summary>
    public static double Time(int m) => 0.1 * m;

    /// <summary>ψ(x, t) = L^(−d/2) exp(i(2π k·x/L − ωt)), k = (1, 2, 1)[..d], ω = |k|²/2.</summary>
    public static Complex Psi(double[] x, double t, double length)
    {
        int[] k = [1, 2, 1];
        var d = x.Length;
        var omega = 0.0;
        var phase = 0.0;
        for (var a = 0; a < d; a++)
        {
            omega += 0.5 * k[a] * k[a];
            phase += 2 * Math.PI * k[a] * x[a] / length;
        }

        return Math.Pow(length, -d / 2.0) * Complex.Exp(Complex.ImaginaryOne * (phase - (omega * t)));
    }

    /// <summary>V(x, t) = cos(2π x₁/L) sin t.</summary>
    public static double Potential(double[] x, double t, double length) => Math.Cos(2 * Math.PI * x[0] / length) * Math.Sin(t);

    /// <summary>ρ(x, t) = L^(−d)(1 + ½ sin(2π x₁/L) cos t).</summary>
    public static double Density(double[] x, double t, double length) =>
        Math.Pow(length, -x.Length) * (1 + (0.5 * Math.Sin(2 * Math.PI * x[0] / length) * Math.Cos(t)));

    /// <summary>u_a(x, t) = ¼(a + 1) cos(2π x_last/L) cos t.</summary>
    public static double Velocity(int a, double[] x, double t, double length) =>
        0.25 * (a + 1) * Math.Cos(2 * Math.PI * x[^1] / length) * Math.Cos(t);

    /// <summary>The coordinates x_j = j·L/n of flat row-major point <paramref name="flat"/>, computed independently of PeriodicGrid.</summary>
    public static double[] Point(int[] shape, double length, int flat)
    {
        var x = new double[shape.Length];
        for (var a = shape.Length - 1; a >= 0; a--)
        {
            x[a] = flat % shape[a] * length / shape[a];
            flat /= shape[a];
        }

        return x;
    }
}
