using System.Collections.Concurrent;
using System.Numerics;
using Oracles.Core.Grids;

namespace Oracles.Core.Spectral;

/// <summary>
/// THE FFT of the library: the one place that fixes sign and scaling (README "Conventions").
/// </summary>
/// <remarks>
/// <para>Forward (unscaled): X_k = Σ_j x_j e^{−2πi j·k/n}. Inverse (scaled): x_j = (1/N) Σ_k X_k e^{+2πi j·k/n},
/// with N the total number of points. Multi-dimensional transforms act on every axis of row-major data. The
/// Fourier coefficient f̂(m) = (1/L^d)∫ f e^{−2πi m·x/L} of the catalogue (BCY §0.2) is X_m / N.</para>
/// <para>Plans are cached per shape and shared between threads. The backend is chosen once per process from the
/// environment variable <c>ORACLES_FFT</c> (<c>auto</c> or <c>managed</c>; unset means <c>auto</c>).</para>
/// </remarks>
public static class Fft
{
    private static readonly ConcurrentDictionary<(int, int, int), IFftPlan> Plans = new();
    private static readonly Lazy<IFftBackend> SelectedBackend = new(SelectBackend);

    /// <summary>The backend in use (its <see cref="IFftBackend.Name"/> is printed in reports).</summary>
    public static IFftBackend Backend => SelectedBackend.Value;

    /// <summary>The cached plan for a shape.</summary>
    /// <param name="shape">Points per axis.</param>
    /// <returns>The plan.</returns>
    public static IFftPlan Plan(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 1 or > 3)
        {
            throw new ArgumentException($"FFT shapes have 1 to 3 axes; got {shape.Count}.", nameof(shape));
        }

        // A value-tuple key (missing axes = 0): the lookup allocates nothing, so time-step loops stay allocation-free.
        var key = (shape[0], shape.Count > 1 ? shape[1] : 0, shape.Count > 2 ? shape[2] : 0);
        return Plans.GetOrAdd(key, static (_, s) => Backend.CreatePlan(s), shape);
    }

    /// <summary>Forward transform in place, unscaled, sign −.</summary>
    /// <param name="grid">The grid (gives the shape).</param>
    /// <param name="data">Row-major samples, length <see cref="PeriodicGrid.Count"/>.</param>
    public static void Forward(PeriodicGrid grid, Span<Complex> data)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Forward(grid.Shape, data);
    }

    /// <summary>Inverse transform in place, scaled by 1/N, sign +.</summary>
    /// <param name="grid">The grid (gives the shape).</param>
    /// <param name="data">Row-major coefficients, length <see cref="PeriodicGrid.Count"/>.</param>
    public static void Inverse(PeriodicGrid grid, Span<Complex> data)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Inverse(grid.Shape, data);
    }

    /// <summary>Forward transform in place, unscaled, sign −.</summary>
    /// <param name="shape">Points per axis.</param>
    /// <param name="data">Row-major samples.</param>
    public static void Forward(IReadOnlyList<int> shape, Span<Complex> data) => Plan(shape).ForwardUnscaled(data);

    /// <summary>Inverse transform in place, scaled by 1/N, sign +.</summary>
    /// <param name="shape">Points per axis.</param>
    /// <param name="data">Row-major coefficients.</param>
    public static void Inverse(IReadOnlyList<int> shape, Span<Complex> data)
    {
        var plan = Plan(shape);
        plan.BackwardUnscaled(data);
        var scale = 1.0 / plan.Count;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] *= scale;
        }
    }

    private static IFftBackend SelectBackend()
    {
        var choice = Environment.GetEnvironmentVariable("ORACLES_FFT");
        return (choice ?? "auto").Trim().ToLowerInvariant() switch
        {
            "" or "auto" or "managed" => ManagedFftBackend.Instance,
            _ => throw new InvalidOperationException(
                $"ORACLES_FFT='{choice}' is not a known FFT backend; use 'auto' or 'managed'."),
        };
    }
}
