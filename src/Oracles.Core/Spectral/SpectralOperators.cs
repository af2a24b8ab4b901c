using System.Numerics;
using Oracles.Core.Grids;

namespace Oracles.Core.Spectral;

/// <summary>
/// Fourier-spectral differential operators on a <see cref="PeriodicGrid"/>: derivative, gradient, divergence,
/// Laplacian, inverse Laplacian on mean-zero data, Fourier multipliers and the 2/3 de-aliasing rule.
/// </summary>
/// <remarks>
/// <para>Wavenumbers follow <see cref="Wavenumbers"/> (FFT order, k = 2πm/L, Nyquist zeroed in odd-order
/// derivatives, kept in the Laplacian). All transforms go through <see cref="Fft"/>. Spectrally accurate for
/// smooth periodic data: the error of ∂f is the aliased tail of f̂.</para>
/// <para>Vector fields hold their d components one after the other (see <see cref="PeriodicGrid"/>).</para>
/// <para>Real fields go through the real-to-complex transforms (<see cref="Fft.ForwardReal(PeriodicGrid, ReadOnlySpan{double}, Span{Complex})"/>):
/// half the work and memory traffic of a complex transform, and a result that is real by construction. Every real
/// operator here has a multiplier even in k (or odd with the Nyquist mode zeroed), so the half spectrum holds all the
/// information.</para>
/// </remarks>
/// <threadsafety>An instance owns scratch buffers and is not thread-safe; create one per thread. No method
/// allocates after construction.</threadsafety>
public sealed class SpectralOperators
{
    private readonly double[][] kDerivative;
    private readonly double[] k2;
    private readonly bool[] keep;
    private readonly AlignedBuffer<Complex> workBuffer;
    private readonly AlignedBuffer<Complex> spectrumBuffer;
    private readonly int[] strides;
    private readonly int lastAxis;
    private readonly int halfLast;
    private AlignedBuffer<Complex>? accumulatorBuffer;

    /// <summary>Creates the operators (and their scratch) for a grid.</summary>
    /// <param name="grid">The grid.</param>
    public SpectralOperators(PeriodicGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Grid = grid;
        var d = grid.Dimension;
        kDerivative = new double[d][];
        var k2Axis = new double[d][];
        strides = new int[d];
        for (var a = 0; a < d; a++)
        {
            kDerivative[a] = Wavenumbers.ForDerivative(grid.Shape[a], grid.Length);
            k2Axis[a] = Wavenumbers.Squared(grid.Shape[a], grid.Length);
            strides[a] = grid.Stride(a);
        }

        k2 = new double[grid.Count];
        keep = new bool[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            var s = 0.0;
            var kept = true;
            for (var a = 0; a < d; a++)
            {
                var j = i / strides[a] % grid.Shape[a];
                s += k2Axis[a][j];
                kept &= 3 * Math.Abs(Wavenumbers.Mode(j, grid.Shape[a])) <= grid.Shape[a];
            }

            k2[i] = s;
            keep[i] = kept;
        }

        workBuffer = new AlignedBuffer<Complex>(grid.Count);
        lastAxis = grid.Shape[d - 1];
        halfLast = (lastAxis / 2) + 1;
        spectrumBuffer = new AlignedBuffer<Complex>(grid.Count / lastAxis * halfLast);
    }

    /// <summary>The grid.</summary>
    public PeriodicGrid Grid { get; }

    /// <summary>|k|² at every flat FFT index (Nyquist kept).</summary>
    public ReadOnlySpan<double> WavenumberSquared => k2;

    /// <summary>True at the flat FFT indices kept by the 2/3 rule (3|m_a| ≤ n_a on every axis).</summary>
    public ReadOnlySpan<bool> DealiasMask => keep;

    /// <summary>The derivative wavenumber k_a (Nyquist zeroed) of the flat FFT index <paramref name="flatIndex"/>.</summary>
    /// <param name="axis">The axis.</param>
    /// <param name="flatIndex">The flat FFT index.</param>
    /// <returns>k_a.</returns>
    public double WaveNumber(int axis, int flatIndex) => kDerivative[axis][flatIndex / strides[axis] % Grid.Shape[axis]];

    /// <summary>∂f/∂x_axis of a real field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="df">Destination (may alias <paramref name="f"/>).</param>
    public void Derivative(ReadOnlySpan<double> f, int axis, Span<double> df)
    {
        CheckAxis(axis);
        Guard.Length(df.Length, Grid.Count, nameof(df));
        var spectrum = LoadReal(f);
        MultiplyHalfByIk(spectrum, spectrum, axis, accumulate: false);
        Fft.InverseReal(Grid, spectrum, df);
    }

    /// <summary>∂f/∂x_axis of a complex field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="df">Destination (may alias <paramref name="f"/>).</param>
    public void Derivative(ReadOnlySpan<Complex> f, int axis, Span<Complex> df)
    {
        CheckAxis(axis);
        Guard.Length(df.Length, Grid.Count, nameof(df));
        var work = Load(f);
        MultiplyByIk(work, axis);
        Fft.Inverse(Grid, work);
        work.CopyTo(df);
    }

    /// <summary>∇f of a real field: d components, component-major.</summary>
    /// <param name="f">The field.</param>
    /// <param name="gradient">Destination of length d·N.</param>
    public void Gradient(ReadOnlySpan<double> f, Span<double> gradient)
    {
        var n = Grid.Count;
        Guard.Length(gradient.Length, Grid.Dimension * n, nameof(gradient));
        var spectrum = LoadReal(f); // one forward transform serves every component
        var component = Accumulator();
        for (var a = 0; a < Grid.Dimension; a++)
        {
            MultiplyHalfByIk(spectrum, component, a, accumulate: false);
            Fft.InverseReal(Grid, component, gradient.Slice(a * n, n));
        }
    }

    /// <summary>div v = Σ_a ∂_a v_a of a real vector field (component-major, length d·N).</summary>
    /// <param name="v">The vector field.</param>
    /// <param name="divergence">Destination of length N.</param>
    public void Divergence(ReadOnlySpan<double> v, Span<double> divergence)
    {
        var n = Grid.Count;
        Guard.Length(v.Length, Grid.Dimension * n, nameof(v));
        Guard.Length(divergence.Length, n, nameof(divergence));
        var sum = Accumulator();
        sum.Clear();
        for (var a = 0; a < Grid.Dimension; a++)
        {
            // Accumulate i k_a v̂_a in the spectral domain: one inverse transform for the whole divergence.
            var spectrum = LoadReal(v.Slice(a * n, n));
            MultiplyHalfByIk(spectrum, sum, a, accumulate: true);
        }

        Fft.InverseReal(Grid, sum, divergence);
    }

    /// <summary>Δf of a real field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="laplacian">Destination (may alias <paramref name="f"/>).</param>
    public void Laplacian(ReadOnlySpan<double> f, Span<double> laplacian)
    {
        Guard.Length(laplacian.Length, Grid.Count, nameof(laplacian));
        var spectrum = LoadReal(f);
        var rows = spectrum.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            var half = spectrum.Slice(r * halfLast, halfLast);
            var full = k2.AsSpan(r * lastAxis, halfLast);
            for (var c = 0; c < half.Length; c++)
            {
                half[c] *= -full[c];
            }
        }

        Fft.InverseReal(Grid, spectrum, laplacian);
    }

    /// <summary>Δψ of a complex field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="laplacian">Destination (may alias <paramref name="f"/>).</param>
    public void Laplacian(ReadOnlySpan<Complex> f, Span<Complex> laplacian)
    {
        Guard.Length(laplacian.Length, Grid.Count, nameof(laplacian));
        var work = Load(f);
        for (var i = 0; i < work.Length; i++)
        {
            work[i] *= -k2[i];
        }

        Fft.Inverse(Grid, work);
        work.CopyTo(laplacian);
    }

    /// <summary>
    /// The mean-zero solution g of Δg = f. f must have zero mean (within 1e-10 relative to max|f|, the
    /// round-off of a spectral sum); otherwise Δg = f has no periodic solution and an exception is thrown.
    /// </summary>
    /// <param name="f">The right-hand side, mean zero.</param>
    /// <param name="g">Destination, mean zero (may alias <paramref name="f"/>).</param>
    public void InverseLaplacian(ReadOnlySpan<double> f, Span<double> g)
    {
        Guard.Length(g.Length, Grid.Count, nameof(g));
        var spectrum = LoadReal(f);
        var scale = 0.0;
        foreach (var x in f)
        {
            scale = Math.Max(scale, Math.Abs(x));
        }

        var mean = spectrum[0].Real / Grid.Count;
        if (Math.Abs(mean) > (1e-10 * scale) + double.Epsilon)
        {
            throw new ArgumentException(
                $"Δg = f needs a mean-zero f on the torus; mean(f) = {Guard.Format(mean)} (max|f| = {Guard.Format(scale)}).",
                nameof(f));
        }

        var rows = spectrum.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            var half = spectrum.Slice(r * halfLast, halfLast);
            var full = k2.AsSpan(r * lastAxis, halfLast);
            for (var c = 0; c < half.Length; c++)
            {
                half[c] = full[c] == 0 ? Complex.Zero : half[c] / -full[c];
            }
        }

        Fft.InverseReal(Grid, spectrum, g);
    }

    /// <summary>The number of entries of the half spectrum (k_last ≤ n_last/2) of a real field on this grid.</summary>
    public int HalfSpectrumLength => spectrumBuffer.Length;

    /// <summary>
    /// The entries of a full-grid multiplier M (every flat FFT index) at the half-spectrum indices, times
    /// <paramref name="scale"/>, in the order of <see cref="Fft.ForwardReal(PeriodicGrid, ReadOnlySpan{double}, Span{Complex})"/>:
    /// the compact form <see cref="ApplyHalfSpectrumMultiplier"/> takes.
    /// </summary>
    /// <param name="multiplier">M at every flat FFT index (even in k).</param>
    /// <param name="scale">A constant folded in (e.g. 1/ε).</param>
    /// <returns>A new array of <see cref="HalfSpectrumLength"/> entries.</returns>
    public double[] HalfSpectrumMultiplier(ReadOnlySpan<double> multiplier, double scale)
    {
        Guard.Length(multiplier.Length, Grid.Count, nameof(multiplier));
        var half = new double[spectrumBuffer.Length];
        var rows = half.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < halfLast; c++)
            {
                half[(r * halfLast) + c] = multiplier[(r * lastAxis) + c] * scale;
            }
        }

        return half;
    }

    /// <summary>
    /// <see cref="ApplyMultiplier"/> with the multiplier in compact half-spectrum form (from
    /// <see cref="HalfSpectrumMultiplier"/>): one contiguous, vectorised and threaded pass between the transforms,
    /// and the 1/N of the inverse transform folded into the same pass.
    /// </summary>
    /// <param name="f">The field.</param>
    /// <param name="halfMultiplier">M on the half spectrum (<see cref="HalfSpectrumLength"/> entries).</param>
    /// <param name="result">Destination (may alias <paramref name="f"/>).</param>
    public void ApplyHalfSpectrumMultiplier(ReadOnlySpan<double> f, ReadOnlySpan<double> halfMultiplier, Span<double> result)
    {
        Guard.Length(halfMultiplier.Length, spectrumBuffer.Length, nameof(halfMultiplier));
        Guard.Length(result.Length, Grid.Count, nameof(result));
        var spectrum = LoadReal(f);
        Pointwise.ComplexKernels.Scale(spectrum, halfMultiplier, 1.0 / Grid.Count);
        Fft.Plan(Grid.Shape).BackwardReal(spectrum, result, 1.0);
    }

    /// <summary>Applies the real Fourier multiplier M(k) (given at every flat FFT index) to a real field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="multiplier">M at every flat FFT index; must be even in k, M(−k) = M(k), so that the result is real
    /// (only the half spectrum k_last ≤ n_last/2 of it is read).</param>
    /// <param name="result">Destination (may alias <paramref name="f"/>).</param>
    public void ApplyMultiplier(ReadOnlySpan<double> f, ReadOnlySpan<double> multiplier, Span<double> result)
    {
        Guard.Length(multiplier.Length, Grid.Count, nameof(multiplier));
        Guard.Length(result.Length, Grid.Count, nameof(result));
        var spectrum = LoadReal(f);
        var rows = spectrum.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            var half = spectrum.Slice(r * halfLast, halfLast);
            var full = multiplier.Slice(r * lastAxis, halfLast);
            for (var c = 0; c < half.Length; c++)
            {
                half[c] *= full[c];
            }
        }

        Fft.InverseReal(Grid, spectrum, result);
    }

    /// <summary>Applies the 2/3 rule to a real field in place (zeroes modes with 3|m_a| &gt; n_a).</summary>
    /// <param name="f">The field.</param>
    public void Dealias(Span<double> f)
    {
        var spectrum = LoadReal(f);
        var rows = spectrum.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            var half = spectrum.Slice(r * halfLast, halfLast);
            var kept = keep.AsSpan(r * lastAxis, halfLast);
            for (var c = 0; c < half.Length; c++)
            {
                if (!kept[c])
                {
                    half[c] = Complex.Zero;
                }
            }
        }

        Fft.InverseReal(Grid, spectrum, f);
    }

    /// <summary>Applies the 2/3 rule to a complex field in place.</summary>
    /// <param name="f">The field.</param>
    public void Dealias(Span<Complex> f)
    {
        var work = Load(f);
        for (var i = 0; i < work.Length; i++)
        {
            if (!keep[i])
            {
                work[i] = Complex.Zero;
            }
        }

        Fft.Inverse(Grid, work);
        work.CopyTo(f);
    }

    /// <summary>
    /// Resolution monitor: √(Σ_{aliased modes}|f̂|² / Σ_{all modes}|f̂|²), the relative L² weight of the modes outside
    /// the 2/3 band. Smooth, resolved data give values near round-off; a value above ~1e-8 means the field is not
    /// resolved to spectral accuracy.
    /// </summary>
    /// <param name="f">The field.</param>
    /// <returns>The tail fraction in [0, 1].</returns>
    public double TailFraction(ReadOnlySpan<double> f)
    {
        // Half spectrum: a column k_last with a distinct mirror −k_last (0 < k_last < n_last − k_last) stands for two modes
        // of equal modulus, both on the same side of the (symmetric) 2/3 band.
        var spectrum = LoadReal(f);
        double all = 0, tail = 0;
        var rows = spectrum.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            var half = spectrum.Slice(r * halfLast, halfLast);
            var kept = keep.AsSpan(r * lastAxis, halfLast);
            for (var c = 0; c < half.Length; c++)
            {
                var weight = c == 0 || 2 * c == lastAxis ? 1.0 : 2.0;
                var p = weight * ((half[c].Real * half[c].Real) + (half[c].Imaginary * half[c].Imaginary));
                all += p;
                if (!kept[c])
                {
                    tail += p;
                }
            }
        }

        return all == 0 ? 0 : Math.Sqrt(tail / all);
    }

    /// <summary>The same tail fraction for a complex field.</summary>
    /// <param name="f">The field.</param>
    /// <returns>The tail fraction in [0, 1].</returns>
    public double TailFraction(ReadOnlySpan<Complex> f)
    {
        var work = Load(f);
        double all = 0, tail = 0;
        for (var i = 0; i < work.Length; i++)
        {
            var p = (work[i].Real * work[i].Real) + (work[i].Imaginary * work[i].Imaginary);
            all += p;
            if (!keep[i])
            {
                tail += p;
            }
        }

        return all == 0 ? 0 : Math.Sqrt(tail / all);
    }

    private void CheckAxis(int axis)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(axis);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(axis, Grid.Dimension);
    }

    private static void MultiplyByIkCore(ReadOnlySpan<Complex> source, Span<Complex> destination, double kk, bool accumulate, int index)
    {
        var w = source[index];
        var product = new Complex(-kk * w.Imaginary, kk * w.Real);
        destination[index] = accumulate ? destination[index] + product : product;
    }

    private void MultiplyByIk(Span<Complex> work, int axis)
    {
        var k = kDerivative[axis];
        var stride = strides[axis];
        var n = Grid.Shape[axis];
        for (var i = 0; i < work.Length; i++)
        {
            MultiplyByIkCore(work, work, k[i / stride % n], accumulate: false, i);
        }
    }

    /// <summary>destination (=|+=) i·k_axis·source on the half spectrum (k_axis of the full flat index).</summary>
    private void MultiplyHalfByIk(ReadOnlySpan<Complex> source, Span<Complex> destination, int axis, bool accumulate)
    {
        var k = kDerivative[axis];
        var stride = strides[axis];
        var n = Grid.Shape[axis];
        var rows = source.Length / halfLast;
        for (var r = 0; r < rows; r++)
        {
            var fullRow = r * lastAxis;
            var halfRow = r * halfLast;
            for (var c = 0; c < halfLast; c++)
            {
                MultiplyByIkCore(source, destination, k[(fullRow + c) / stride % n], accumulate, halfRow + c);
            }
        }
    }

    private Span<Complex> Accumulator() => (accumulatorBuffer ??= new AlignedBuffer<Complex>(spectrumBuffer.Length)).Span;

    private Span<Complex> LoadReal(ReadOnlySpan<double> f)
    {
        Guard.Length(f.Length, Grid.Count, nameof(f));
        var spectrum = spectrumBuffer.Span;
        Fft.ForwardReal(Grid, f, spectrum);
        return spectrum;
    }

    private Span<Complex> Load(ReadOnlySpan<Complex> f)
    {
        Guard.Length(f.Length, Grid.Count, nameof(f));
        var work = workBuffer.Span;
        f.CopyTo(work);
        Fft.Forward(Grid, work);
        return work;
    }
}
