using System.Numerics;

namespace Oracles.Core.Spectral;

/// <summary>
/// The in-house managed FFT backend: iterative radix-2 Cooley–Tukey for powers of two and Bluestein's chirp-z
/// algorithm (through a power-of-two convolution) for every other length, applied axis by axis for 2-D and 3-D.
/// </summary>
/// <remarks>
/// Correct for every n ≥ 1 (tested against an O(n²) DFT on odd, prime and power-of-two sizes). The
/// performance work (Stockham radix-4, SIMD, cache blocking, real-to-complex) is tracked separately and slots
/// in behind <see cref="IFftBackend"/> without touching callers.
/// </remarks>
public sealed class ManagedFftBackend : IFftBackend
{
    /// <summary>The shared instance.</summary>
    public static ManagedFftBackend Instance { get; } = new();

    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public IFftPlan CreatePlan(IReadOnlyList<int> shape) => new ManagedFftPlan(shape);
}

/// <summary>A multi-dimensional plan built from one 1-D plan per axis.</summary>
internal sealed class ManagedFftPlan : IFftPlan
{
    [ThreadStatic]
    private static Complex[]? lineScratch;

    private readonly int[] shape;
    private readonly Line1D[] axes;

    public ManagedFftPlan(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 1 or > 3)
        {
            throw new ArgumentException($"FFT plans have 1 to 3 axes; got {shape.Count}.", nameof(shape));
        }

        this.shape = shape.ToArray();
        Count = 1;
        foreach (var n in this.shape)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(shape));
            Count = checked(Count * n);
        }

        axes = this.shape.Select(n => Line1D.Create(n)).ToArray();
    }

    public IReadOnlyList<int> Shape => shape;

    public int Count { get; }

    public void ForwardUnscaled(Span<Complex> data) => Transform(data, inverse: false);

    public void BackwardUnscaled(Span<Complex> data) => Transform(data, inverse: true);

    private void Transform(Span<Complex> data, bool inverse)
    {
        if (data.Length != Count)
        {
            throw new ArgumentException($"FFT data has {data.Length} entries but the plan's shape needs {Count}.", nameof(data));
        }

        var d = shape.Length;
        for (var axis = 0; axis < d; axis++)
        {
            var n = shape[axis];
            if (n == 1)
            {
                continue;
            }

            var stride = 1;
            for (var a = d - 1; a > axis; a--)
            {
                stride *= shape[a];
            }

            var plan = axes[axis];
            if (stride == 1)
            {
                for (var start = 0; start < Count; start += n)
                {
                    plan.Transform(data.Slice(start, n), inverse);
                }

                continue;
            }

            var line = Scratch(ref lineScratch, n);
            var block = n * stride;
            for (var outer = 0; outer < Count; outer += block)
            {
                for (var inner = 0; inner < stride; inner++)
                {
                    var basePos = outer + inner;
                    for (var j = 0; j < n; j++)
                    {
                        line[j] = data[basePos + (j * stride)];
                    }

                    plan.Transform(line, inverse);
                    for (var j = 0; j < n; j++)
                    {
                        data[basePos + (j * stride)] = line[j];
                    }
                }
            }
        }
    }

    internal static Span<Complex> Scratch(ref Complex[]? buffer, int n)
    {
        if (buffer is null || buffer.Length < n)
        {
            buffer = new Complex[Math.Max(n, 16)];
        }

        return buffer.AsSpan(0, n);
    }
}

/// <summary>A 1-D transform of one length.</summary>
internal abstract class Line1D
{
    public static Line1D Create(int n) =>
        n == 1 ? new Radix2Line(1) : BitOperations.IsPow2(n) ? new Radix2Line(n) : new BluesteinLine(n);

    /// <summary>Unscaled transform; forward sign −, inverse sign +.</summary>
    public abstract void Transform(Span<Complex> x, bool inverse);
}

/// <summary>Iterative radix-2 decimation-in-time with a precomputed bit-reversal permutation.</summary>
internal sealed class Radix2Line : Line1D
{
    private readonly int n;
    private readonly Complex[] twiddles; // e^{−2πi j/n}, j < n/2
    private readonly int[] reversed;

    public Radix2Line(int n)
    {
        this.n = n;
        twiddles = new Complex[Math.Max(1, n / 2)];
        for (var j = 0; j < n / 2; j++)
        {
            var angle = -2.0 * Math.PI * j / n;
            twiddles[j] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }

        reversed = new int[n];
        var bits = BitOperations.Log2((uint)n);
        for (var i = 0; i < n; i++)
        {
            reversed[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));
        }
    }

    public override void Transform(Span<Complex> x, bool inverse)
    {
        if (n == 1)
        {
            return;
        }

        for (var i = 0; i < n; i++)
        {
            var r = reversed[i];
            if (r > i)
            {
                (x[i], x[r]) = (x[r], x[i]);
            }
        }

        for (var size = 2; size <= n; size <<= 1)
        {
            var half = size >> 1;
            var step = n / size;
            for (var start = 0; start < n; start += size)
            {
                for (var j = 0; j < half; j++)
                {
                    var w = twiddles[j * step];
                    if (inverse)
                    {
                        w = Complex.Conjugate(w);
                    }

                    var a = x[start + j];
                    var b = x[start + j + half] * w;
                    x[start + j] = a + b;
                    x[start + j + half] = a - b;
                }
            }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}

/// <summary>
/// Bluestein's algorithm: X_k = w̄_k Σ_j (x_j w̄_j) w_{k−j} with w_j = e^{iπ j²/n}, the convolution done by
/// power-of-two FFTs of length m ≥ 2n − 1. j² is reduced mod 2n before the angle is formed, so the chirp keeps
/// full accuracy for large n.
/// </summary>
internal sealed class BluesteinLine : Line1D
{
    [ThreadStatic]
    private static Complex[]? work;

    private readonly int n;
    private readonly int m;
    private readonly Complex[] chirp;       // e^{−iπ j²/n}
    private readonly Complex[] filterHat;   // FFT_m of conj chirp, wrapped
    private readonly Radix2Line inner;

    public BluesteinLine(int n)
    {
        this.n = n;
        m = (int)BitOperations.RoundUpToPowerOf2((uint)((2 * n) - 1));
        inner = new Radix2Line(m);
        chirp = new Complex[n];
        for (var j = 0; j < n; j++)
        {
            var jj = (long)j * j % (2L * n);
            var angle = -Math.PI * jj / n;
            chirp[j] = new Complex(Math.Cos(angle), Math.Sin(angle));
        }

        filterHat = new Complex[m];
        filterHat[0] = Complex.Conjugate(chirp[0]);
        for (var j = 1; j < n; j++)
        {
            filterHat[j] = Complex.Conjugate(chirp[j]);
            filterHat[m - j] = Complex.Conjugate(chirp[j]);
        }

        inner.Transform(filterHat, inverse: false);
    }

    public override void Transform(Span<Complex> x, bool inverse)
    {
        var a = ManagedFftPlan.Scratch(ref work, m);
        for (var j = 0; j < n; j++)
        {
            var c = inverse ? Complex.Conjugate(chirp[j]) : chirp[j];
            a[j] = x[j] * c;
        }

        a[n..].Clear();
        inner.Transform(a, inverse: false);
        for (var j = 0; j < m; j++)
        {
            // For the inverse transform the filter is the conjugate chirp's conjugate; since the chirp filter is
            // even in j, FFT(conj filter) = conj(FFT(filter)) reversed, which for an even sequence is conj(FFT(filter)).
            a[j] *= inverse ? Complex.Conjugate(filterHat[j]) : filterHat[j];
        }

        inner.Transform(a, inverse: true);
        var scale = 1.0 / m;
        for (var k = 0; k < n; k++)
        {
            var c = inverse ? Complex.Conjugate(chirp[k]) : chirp[k];
            x[k] = a[k] * c * scale;
        }
    }
}
