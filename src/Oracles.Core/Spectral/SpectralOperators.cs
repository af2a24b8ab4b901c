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
/// </remarks>
/// <threadsafety>An instance owns scratch buffers and is not thread-safe; create one per thread. No method
/// allocates after construction.</threadsafety>
public sealed class SpectralOperators
{
    private readonly double[][] kDerivative;
    private readonly double[] k2;
    private readonly bool[] keep;
    private readonly Complex[] work;
    private readonly int[] strides;
    private Complex[]? divergenceScratch;

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

        work = new Complex[grid.Count];
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
    /// <param name="df">Destination.</param>
    public void Derivative(ReadOnlySpan<double> f, int axis, Span<double> df)
    {
        Load(f);
        MultiplyByIk(axis);
        Fft.Inverse(Grid, work);
        StoreReal(df);
    }

    /// <summary>∂f/∂x_axis of a complex field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="axis">The axis.</param>
    /// <param name="df">Destination (may alias <paramref name="f"/>).</param>
    public void Derivative(ReadOnlySpan<Complex> f, int axis, Span<Complex> df)
    {
        Load(f);
        MultiplyByIk(axis);
        Fft.Inverse(Grid, work);
        work.AsSpan().CopyTo(df);
    }

    /// <summary>∇f of a real field: d components, component-major.</summary>
    /// <param name="f">The field.</param>
    /// <param name="gradient">Destination of length d·N.</param>
    public void Gradient(ReadOnlySpan<double> f, Span<double> gradient)
    {
        var n = Grid.Count;
        Guard.Length(gradient.Length, Grid.Dimension * n, nameof(gradient));
        for (var a = 0; a < Grid.Dimension; a++)
        {
            Derivative(f, a, gradient.Slice(a * n, n));
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
        work.AsSpan().Clear();
        for (var a = 0; a < Grid.Dimension; a++)
        {
            // Accumulate i k_a v̂_a in the spectral domain: one inverse transform for the whole divergence.
            var component = v.Slice(a * n, n);
            var tmp = divergenceScratch ??= new Complex[n];
            for (var i = 0; i < n; i++)
            {
                tmp[i] = new Complex(component[i], 0);
            }

            Fft.Forward(Grid, tmp);
            for (var i = 0; i < n; i++)
            {
                work[i] += new Complex(0, WaveNumber(a, i)) * tmp[i];
            }
        }

        Fft.Inverse(Grid, work);
        StoreReal(divergence);
    }


    /// <summary>Δf of a real field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="laplacian">Destination.</param>
    public void Laplacian(ReadOnlySpan<double> f, Span<double> laplacian)
    {
        Load(f);
        for (var i = 0; i < work.Length; i++)
        {
            work[i] *= -k2[i];
        }

        Fft.Inverse(Grid, work);
        StoreReal(laplacian);
    }

    /// <summary>Δψ of a complex field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="laplacian">Destination (may alias <paramref name="f"/>).</param>
    public void Laplacian(ReadOnlySpan<Complex> f, Span<Complex> laplacian)
    {
        Load(f);
        for (var i = 0; i < work.Length; i++)
        {
            work[i] *= -k2[i];
        }

        Fft.Inverse(Grid, work);
        work.AsSpan().CopyTo(laplacian);
    }

    /// <summary>
    /// The mean-zero solution g of Δg = f. f must have zero mean (within 1e-10 relative to max|f|, the
    /// round-off of a spectral sum); otherwise Δg = f has no periodic solution and an exception is thrown.
    /// </summary>
    /// <param name="f">The right-hand side, mean zero.</param>
    /// <param name="g">Destination, mean zero.</param>
    public void InverseLaplacian(ReadOnlySpan<double> f, Span<double> g)
    {
        Load(f);
        var scale = 0.0;
        foreach (var x in f)
        {
            scale = Math.Max(scale, Math.Abs(x));
        }

        var mean = work[0].Real / Grid.Count;
        if (Math.Abs(mean) > (1e-10 * scale) + double.Epsilon)
        {
            throw new ArgumentException(
                $"Δg = f needs a mean-zero f on the torus; mean(f) = {Guard.Format(mean)} (max|f| = {Guard.Format(scale)}).",
                nameof(f));
        }

        work[0] = Complex.Zero;
        for (var i = 1; i < work.Length; i++)
        {
            work[i] /= -k2[i];
        }

        Fft.Inverse(Grid, work);
        StoreReal(g);
    }

    /// <summary>Applies the real Fourier multiplier M(k) (given at every flat FFT index) to a real field.</summary>
    /// <param name="f">The field.</param>
    /// <param name="multiplier">M at every flat FFT index; must be even in k for a real result.</param>
    /// <param name="result">Destination.</param>
    public void ApplyMultiplier(ReadOnlySpan<double> f, ReadOnlySpan<double> multiplier, Span<double> result)
    {
        Guard.Length(multiplier.Length, Grid.Count, nameof(multiplier));
        Load(f);
        for (var i = 0; i < work.Length; i++)
        {
            work[i] *= multiplier[i];
        }

        Fft.Inverse(Grid, work);
        StoreReal(result);
    }

    /// <summary>Applies the 2/3 rule to a real field in place (zeroes modes with 3|m_a| &gt; n_a).</summary>
    /// <param name="f">The field.</param>
    public void Dealias(Span<double> f)
    {
        Load(f);
        ZeroAliased();
        Fft.Inverse(Grid, work);
        StoreReal(f);
    }

    /// <summary>Applies the 2/3 rule to a complex field in place.</summary>
    /// <param name="f">The field.</param>
    public void Dealias(Span<Complex> f)
    {
        Load(f);
        ZeroAliased();
        Fft.Inverse(Grid, work);
        work.AsSpan().CopyTo(f);
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
        Load(f);
        return Tail();
    }

    /// <summary>The same tail fraction for a complex field.</summary>
    /// <param name="f">The field.</param>
    /// <returns>The tail fraction in [0, 1].</returns>
    public double TailFraction(ReadOnlySpan<Complex> f)
    {
        Load(f);
        return Tail();
    }

    private double Tail()
    {
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

    private void ZeroAliased()
    {
        for (var i = 0; i < work.Length; i++)
        {
            if (!keep[i])
            {
                work[i] = Complex.Zero;
            }
        }
    }

    private void MultiplyByIk(int axis)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(axis);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(axis, Grid.Dimension);
        var k = kDerivative[axis];
        var stride = strides[axis];
        var n = Grid.Shape[axis];
        for (var i = 0; i < work.Length; i++)
        {
            var kk = k[i / stride % n];
            var w = work[i];
            work[i] = new Complex(-kk * w.Imaginary, kk * w.Real);
        }
    }

    private void Load(ReadOnlySpan<double> f)
    {
        Guard.Length(f.Length, Grid.Count, nameof(f));
        for (var i = 0; i < f.Length; i++)
        {
            work[i] = new Complex(f[i], 0);
        }

        Fft.Forward(Grid, work);
    }

    private void Load(ReadOnlySpan<Complex> f)
    {
        Guard.Length(f.Length, Grid.Count, nameof(f));
        f.CopyTo(work);
        Fft.Forward(Grid, work);
    }

    private void StoreReal(Span<double> destination)
    {
        Guard.Length(destination.Length, Grid.Count, nameof(destination));
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = work[i].Real;
        }
    }
}
