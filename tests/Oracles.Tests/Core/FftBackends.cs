using System.Numerics;
using System.Runtime.Intrinsics;
using Oracles.Core.Spectral;
using Oracles.Core.Spectral.Managed;

namespace Oracles.Tests.Core;

/// <summary>Every FFT backend variant this machine can run: the managed one at each SIMD level, and FFTW when it loads.</summary>
internal static class FftBackends
{
    public static readonly double Eps = 2.220446049250313e-16;

    public static IReadOnlyDictionary<string, IFftBackend> All { get; } = Build();

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }

    public static bool TryFftw(out IFftBackend fftw)
    {
        var ok = FftwBackend.TryLoad(out var backend, out _);
        fftw = backend!;
        return ok;
    }

    /// <summary>
    /// Error bound for comparing one transform with the O(N²) DFT, per output: the FFT's error is
    /// O(eps·log₂N·‖x‖₂) per output (Higham, Thm 24.2, η ≈ 7·eps per level) and the naive DFT's sequential sums add a
    /// random-walk error O(eps·√N·‖x‖₂); 16·eps·(log₂N + √N + 2)·‖x‖₂ covers both with a factor ≈ 2 for the tail of the
    /// maximum over N outputs. Bluestein's three inner transforms stay inside the log term's slack.
    /// </summary>
    public static double DftTolerance(int n, double norm) => 16 * Eps * (Math.Log2(n) + Math.Sqrt(n) + 2) * norm;

    public static double Norm(ReadOnlySpan<Complex> x)
    {
        var s = 0.0;
        foreach (var z in x)
        {
            s += (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
        }

        return Math.Sqrt(s);
    }

    private static Dictionary<string, IFftBackend> Build()
    {
        var all = new Dictionary<string, IFftBackend>(StringComparer.Ordinal)
        {
            ["managed-scalar"] = ManagedFftBackend.WithLevel(SimdLevel.Scalar),
        };
        if (Vector256.IsHardwareAccelerated)
        {
            all["managed-v256"] = ManagedFftBackend.WithLevel(SimdLevel.Vector256);
        }

        if (Vector512.IsHardwareAccelerated)
        {
            all["managed-v512"] = ManagedFftBackend.WithLevel(SimdLevel.Vector512);
        }

        if (FftwBackend.TryLoad(out var fftw, out _))
        {
            all["fftw"] = fftw;
        }

        return all;
    }
}
