using System.Numerics;

namespace Oracles.Core.Spectral;

/// <summary>
/// A provider of FFT plans. Backends implement the raw transforms with the scale the caller passes; the sign and
/// scaling convention is fixed once, in <see cref="Fft"/>, and library code never talks to a backend directly.
/// </summary>
public interface IFftBackend
{
    /// <summary>Short name printed in reports (<c>managed</c>, <c>fftw</c>).</summary>
    string Name { get; }

    /// <summary>One line for reports and logs: implementation, version, SIMD width or library path.</summary>
    string Description { get; }

    /// <summary>Creates a plan for data of the given row-major shape (1 to 3 axes).</summary>
    /// <param name="shape">Points per axis.</param>
    /// <returns>A plan that may be cached and shared between threads.</returns>
    IFftPlan CreatePlan(IReadOnlyList<int> shape);
}

/// <summary>
/// An FFT plan for one shape. Implementations must be safe to call from several threads at once and must not
/// allocate per call once warmed up.
/// </summary>
/// <remarks>
/// Real transforms use the half spectrum: for a real field of shape (n₀, …, n_last) the spectrum has shape
/// (n₀, …, ⌊n_last/2⌋ + 1) and holds X_k for 0 ≤ k_last ≤ n_last/2; the other half follows from X_{−k} = conj(X_k).
/// </remarks>
public interface IFftPlan
{
    /// <summary>Points per axis.</summary>
    IReadOnlyList<int> Shape { get; }

    /// <summary>Total number of points.</summary>
    int Count { get; }

    /// <summary>Shape of the half spectrum of a real field: the last axis becomes ⌊n_last/2⌋ + 1.</summary>
    IReadOnlyList<int> SpectrumShape { get; }

    /// <summary>Number of entries of the half spectrum.</summary>
    int SpectrumCount { get; }

    /// <summary>In place X_k = Σ_j x_j e^{−2πi j·k/n} along every axis (unscaled).</summary>
    /// <param name="data">Row-major data of length <see cref="Count"/>.</param>
    void ForwardUnscaled(Span<Complex> data);

    /// <summary>In place x_j = Σ_k X_k e^{+2πi j·k/n} along every axis (unscaled: no 1/N).</summary>
    /// <param name="data">Row-major data of length <see cref="Count"/>.</param>
    void BackwardUnscaled(Span<Complex> data);

    /// <summary>In place x_j = scale · Σ_k X_k e^{+2πi j·k/n} (the scale costs no extra pass where a backend can fold it).</summary>
    /// <param name="data">Row-major data of length <see cref="Count"/>.</param>
    /// <param name="scale">The factor applied to every output.</param>
    void Backward(Span<Complex> data, double scale);

    /// <summary>Half spectrum X_k = Σ_j x_j e^{−2πi j·k/n} of a real field (unscaled).</summary>
    /// <param name="field">Real row-major samples, length <see cref="Count"/>; not modified.</param>
    /// <param name="spectrum">Destination, length <see cref="SpectrumCount"/>.</param>
    void ForwardReal(ReadOnlySpan<double> field, Span<Complex> spectrum);

    /// <summary>Real field x_j = scale · Σ_k X_k e^{+2πi j·k/n} from its half spectrum.</summary>
    /// <param name="spectrum">Half spectrum, length <see cref="SpectrumCount"/>; used as scratch (overwritten).</param>
    /// <param name="field">Destination, length <see cref="Count"/>.</param>
    /// <param name="scale">The factor applied to every output.</param>
    void BackwardReal(Span<Complex> spectrum, Span<double> field, double scale);
}
