using System.Numerics;

namespace Oracles.Core.Spectral;

/// <summary>
/// A provider of FFT plans. Backends implement the raw, unscaled transforms; the sign and scaling convention is
/// fixed once, in <see cref="Fft"/>, and callers never talk to a backend directly.
/// </summary>
public interface IFftBackend
{
    /// <summary>Short name printed in reports (<c>managed</c>, <c>fftw</c>).</summary>
    string Name { get; }

    /// <summary>Creates a plan for complex data of the given row-major shape (1 to 3 axes).</summary>
    /// <param name="shape">Points per axis.</param>
    /// <returns>A plan that may be cached and shared between threads.</returns>
    IFftPlan CreatePlan(IReadOnlyList<int> shape);
}

/// <summary>
/// An FFT plan for one shape. Implementations must be safe to call from several threads at once and must not
/// allocate per call once warmed up.
/// </summary>
public interface IFftPlan
{
    /// <summary>Points per axis.</summary>
    IReadOnlyList<int> Shape { get; }

    /// <summary>Total number of points.</summary>
    int Count { get; }

    /// <summary>In place X_k = Σ_j x_j e^{−2πi j·k/n} along every axis (unscaled).</summary>
    /// <param name="data">Row-major data of length <see cref="Count"/>.</param>
    void ForwardUnscaled(Span<Complex> data);

    /// <summary>In place x_j = Σ_k X_k e^{+2πi j·k/n} along every axis (unscaled: no 1/N).</summary>
    /// <param name="data">Row-major data of length <see cref="Count"/>.</param>
    void BackwardUnscaled(Span<Complex> data);
}
