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
/// <para>Real fields have Hermitian spectra, X_{−k} = conj(X_k); <see cref="ForwardReal(IReadOnlyList{int}, ReadOnlySpan{double}, Span{Complex})"/>
/// stores only the half spectrum of shape (n₀, …, ⌊n_last/2⌋ + 1), same sign and scaling.</para>
/// <para>Plans are cached per shape and shared between threads. The backend is chosen once per process from the
/// environment variable <c>ORACLES_FFT</c>: <c>managed</c> (the in-house <see cref="ManagedFftBackend"/>),
/// <c>fftw</c> (native FFTW 3, <see cref="FftwBackend"/>; an error if the library cannot be loaded), or <c>auto</c>
/// (the default: FFTW when it loads, otherwise managed).</para>
/// </remarks>
public static class Fft
{
    private static readonly ConcurrentDictionary<ShapeKey, IFftPlan> Plans = new();
    private static readonly Lazy<IFftBackend> SelectedBackend = new(SelectBackend);

    /// <summary>The backend in use (its <see cref="IFftBackend.Name"/> is printed in reports).</summary>
    public static IFftBackend Backend => SelectedBackend.Value;

    /// <summary>The cached plan for a shape.</summary>
    /// <param name="shape">Points per axis.</param>
    /// <returns>The plan.</returns>
    public static IFftPlan Plan(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var key = ShapeKey.Of(shape);
        return Plans.TryGetValue(key, out var plan) ? plan : Plans.GetOrAdd(key, static (_, s) => Backend.CreatePlan(s), shape);
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

    /// <summary>
    /// Inverse transform in place, sign +, <b>unscaled</b> (N times <see cref="Inverse(PeriodicGrid, Span{Complex})"/>):
    /// for callers that fold the 1/N into a multiplier they apply anyway (e.g. a split-step propagator), saving a pass.
    /// </summary>
    /// <param name="grid">The grid (gives the shape).</param>
    /// <param name="data">Row-major coefficients, length <see cref="PeriodicGrid.Count"/>.</param>
    public static void InverseUnscaled(PeriodicGrid grid, Span<Complex> data)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Plan(grid.Shape).BackwardUnscaled(data);
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
        plan.Backward(data, 1.0 / plan.Count);
    }

    /// <summary>Shape of the half spectrum of a real field of shape <paramref name="shape"/>.</summary>
    /// <param name="shape">Points per axis.</param>
    /// <returns>(n₀, …, ⌊n_last/2⌋ + 1).</returns>
    public static IReadOnlyList<int> SpectrumShape(IReadOnlyList<int> shape) => Plan(shape).SpectrumShape;

    /// <summary>Number of entries of the half spectrum of a real field of shape <paramref name="shape"/>.</summary>
    /// <param name="shape">Points per axis.</param>
    /// <returns>(N / n_last)·(⌊n_last/2⌋ + 1).</returns>
    public static int SpectrumLength(IReadOnlyList<int> shape) => Plan(shape).SpectrumCount;

    /// <summary>Half spectrum of a real field: X_k = Σ_j x_j e^{−2πi j·k/n} for 0 ≤ k_last ≤ n_last/2 (unscaled).</summary>
    /// <param name="grid">The grid (gives the shape).</param>
    /// <param name="field">Real samples, length <see cref="PeriodicGrid.Count"/>.</param>
    /// <param name="spectrum">Destination of length <see cref="IFftPlan.SpectrumCount"/>.</param>
    public static void ForwardReal(PeriodicGrid grid, ReadOnlySpan<double> field, Span<Complex> spectrum)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ForwardReal(grid.Shape, field, spectrum);
    }

    /// <summary>Half spectrum of a real field: X_k = Σ_j x_j e^{−2πi j·k/n} for 0 ≤ k_last ≤ n_last/2 (unscaled).</summary>
    /// <param name="shape">Points per axis.</param>
    /// <param name="field">Real row-major samples.</param>
    /// <param name="spectrum">Destination of length <see cref="IFftPlan.SpectrumCount"/>.</param>
    public static void ForwardReal(IReadOnlyList<int> shape, ReadOnlySpan<double> field, Span<Complex> spectrum) =>
        Plan(shape).ForwardReal(field, spectrum);

    /// <summary>
    /// Real field from its half spectrum, scaled by 1/N: x_j = (1/N) Σ_k X_k e^{+2πi j·k/n}, the sum over the full
    /// Hermitian spectrum. The spectrum is used as scratch and overwritten.
    /// </summary>
    /// <param name="grid">The grid (gives the shape).</param>
    /// <param name="spectrum">Half spectrum (overwritten).</param>
    /// <param name="field">Destination, length <see cref="PeriodicGrid.Count"/>.</param>
    public static void InverseReal(PeriodicGrid grid, Span<Complex> spectrum, Span<double> field)
    {
        ArgumentNullException.ThrowIfNull(grid);
        InverseReal(grid.Shape, spectrum, field);
    }

    /// <summary>
    /// Real field from its half spectrum, scaled by 1/N: x_j = (1/N) Σ_k X_k e^{+2πi j·k/n}, the sum over the full
    /// Hermitian spectrum. The spectrum is used as scratch and overwritten.
    /// </summary>
    /// <param name="shape">Points per axis.</param>
    /// <param name="spectrum">Half spectrum (overwritten).</param>
    /// <param name="field">Destination.</param>
    public static void InverseReal(IReadOnlyList<int> shape, Span<Complex> spectrum, Span<double> field)
    {
        var plan = Plan(shape);
        plan.BackwardReal(spectrum, field, 1.0 / plan.Count);
    }

    /// <summary>
    /// Real field from its half spectrum, <b>unscaled</b> (N times <see cref="InverseReal(PeriodicGrid, Span{Complex}, Span{double})"/>):
    /// for callers that fold the 1/N into a multiplier they apply anyway. The spectrum is overwritten.
    /// </summary>
    /// <param name="grid">The grid (gives the shape).</param>
    /// <param name="spectrum">Half spectrum (overwritten).</param>
    /// <param name="field">Destination, length <see cref="PeriodicGrid.Count"/>.</param>
    public static void InverseRealUnscaled(PeriodicGrid grid, Span<Complex> spectrum, Span<double> field)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Plan(grid.Shape).BackwardReal(spectrum, field, 1.0);
    }

    /// <summary>
    /// Creates a backend by name (<c>managed</c> or <c>fftw</c>) for benchmarks and backend comparisons; library
    /// code uses <see cref="Backend"/> through the static transforms instead.
    /// </summary>
    /// <param name="name">The backend name.</param>
    /// <returns>The backend.</returns>
    /// <exception cref="ArgumentException">The name is unknown.</exception>
    /// <exception cref="InvalidOperationException">FFTW was asked for and cannot be loaded.</exception>
    public static IFftBackend CreateBackend(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "managed" => ManagedFftBackend.Instance,
            "fftw" => FftwBackend.TryLoad(out var fftw, out var reason)
                ? fftw
                : throw new InvalidOperationException($"The FFTW backend is not available: {reason}"),
            _ => throw new ArgumentException($"Unknown FFT backend '{name}'; use 'managed' or 'fftw'.", nameof(name)),
        };
    }

    private static IFftBackend SelectBackend()
    {
        var choice = Environment.GetEnvironmentVariable("ORACLES_FFT");
        return (choice ?? "auto").Trim().ToLowerInvariant() switch
        {
            "" or "auto" => FftwBackend.TryLoad(out var fftw, out _) ? fftw : ManagedFftBackend.Instance,
            "managed" => ManagedFftBackend.Instance,
            "fftw" => FftwBackend.TryLoad(out var fftw, out var reason)
                ? fftw
                : throw new InvalidOperationException($"ORACLES_FFT=fftw but FFTW cannot be loaded: {reason} Install it (apt-get install libfftw3-double3) or use ORACLES_FFT=managed."),
            _ => throw new InvalidOperationException(
                $"ORACLES_FFT='{choice}' is not a known FFT backend; use 'auto', 'managed' or 'fftw'."),
        };
    }

    /// <summary>An allocation-free cache key: up to three extents (rank 0 marks an invalid shape, rejected by the backend).</summary>
    private readonly record struct ShapeKey(int Rank, int N0, int N1, int N2)
    {
        public static ShapeKey Of(IReadOnlyList<int> shape) => shape.Count switch
        {
            1 => new(1, shape[0], 0, 0),
            2 => new(2, shape[0], shape[1], 0),
            3 => new(3, shape[0], shape[1], shape[2]),
            _ => new(-shape.Count, 0, 0, 0),
        };
    }
}
