using System.Numerics;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Snapshots.Infrastructure;

namespace Oracles.Snapshots.Core;

/// <summary>
/// Pins a small spectral summary of one fixed signal, f(x) = e^{sin 2πx} + ½cos 6πx on [0, 1), sampled on a
/// power-of-two grid (16) and an odd grid (15, a non-power-of-two path of the FFT): the first Fourier coefficients
/// f̂(m) = X_m/N, the discrete energy (1/N)Σ|x_j|², and the spectral derivative at x = 0, ¼, ½ (exact
/// f′ = 2π cos(2πx)e^{sin 2πx} − 3π sin 6πx = 2π, 3π, −2π, up to the aliasing error of e^{sin}: ≈ 1e-6 on 16 points).
/// </summary>
/// <remarks>
/// Tolerances: the coefficients are O(1) and an FFT of ≤ 16 points is accurate to ≈ 32·eps·(log₂N + 2) ≈ 4e-14
/// relative to ‖X‖/N ≈ 1.4 (see Oracles.Properties RoundOff.Fft), so abs 1e-13 admits any correct backend; the
/// derivative multiplies that round-off by up to max|k| = 2π·8 ≈ 50, hence abs 1e-11 there.
/// </remarks>
public class SpectralSnapshots
{
    private static readonly ToleranceMap Tolerances = ToleranceMap.Default(abs: 1e-13, rel: 0)
        .With("$.Grids[*].Derivative", abs: 1e-11);

    [Fact]
    public void Spectrum_energy_and_derivative_of_a_fixed_signal_on_16_and_15_points_are_pinned()
    {
        var summary = new SpectralSummary(
            "f(x) = exp(sin(2πx)) + cos(6πx)/2 on [0, 1)",
            [Summarise(16), Summarise(15)]);

        ToleranceSnapshot.Match(summary, "Core", "SpectralSummary", Tolerances);
    }

    private static GridSummary Summarise(int n)
    {
        var grid = PeriodicGrid.Line(n);
        var f = grid.Sample(x => Math.Exp(Math.Sin(2 * Math.PI * x[0])) + (0.5 * Math.Cos(6 * Math.PI * x[0])));
        var spectrum = f.Select(v => new Complex(v, 0)).ToArray();
        Fft.Forward(grid, spectrum);
        var coefficients = Enumerable.Range(0, 6)
            .Select(m => new Coefficient(m, spectrum[m].Real / n, spectrum[m].Imaginary / n))
            .ToArray();
        var energy = f.Sum(v => v * v) / n;

        var derivative = new double[n];
        new SpectralOperators(grid).Derivative(f, 0, derivative);
        var samples = n % 4 == 0
            ? new[] { derivative[0], derivative[n / 4], derivative[n / 2] }
            : [derivative[0]];

        return new GridSummary(n, coefficients, energy, samples);
    }

    private sealed record SpectralSummary(string Signal, GridSummary[] Grids);

    private sealed record GridSummary(int N, Coefficient[] Coefficients, double Energy, double[] Derivative);

    private sealed record Coefficient(int M, double Re, double Im);
}
