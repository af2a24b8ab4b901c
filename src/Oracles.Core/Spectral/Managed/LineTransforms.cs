using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Oracles.Core.Spectral.Managed;

/// <summary>
/// Per-thread scratch of the managed backend. Slots are fixed per use so nested transforms never share one:
/// 0 = Stockham line scratch, 1–2 = column-batch buffers, 3 = gathered or pre-processed line, 4–5 = Bluestein.
/// Buffers grow to the largest size a thread has needed and are then reused: no allocation once warm.
/// </summary>
internal static class ThreadScratch
{
    [ThreadStatic]
    private static Complex[]?[]? slots;

    public static Span<Complex> Get(int slot, int length)
    {
        var all = slots ??= new Complex[]?[6];
        var buffer = all[slot];
        if (buffer is null || buffer.Length < length)
        {
            // Round up so a thread that alternates between nearby sizes does not reallocate each time.
            var size = (int)Math.Min(Array.MaxLength, Math.Max(64L, (long)BitOperations.RoundUpToPowerOf2((uint)length)));
            buffer = GC.AllocateUninitializedArray<Complex>(size);
            all[slot] = buffer;
        }

        return buffer.AsSpan(0, length);
    }
}

/// <summary>An in-place 1-D transform of one contiguous line.</summary>
internal abstract class LineTransform
{
    protected LineTransform(int n) => N = n;

    public int N { get; }

    public static LineTransform Create(int n, SimdLevel level) =>
        StockhamPlan.IsSupported(n) ? new StockhamLine(new StockhamPlan(n, level)) : new BluesteinLine(n, level);

    /// <summary>x ← scale·Σ_j x_j e^{∓2πi jk/n} (sign − forward, + inverse).</summary>
    public abstract void Transform(Span<Complex> x, bool inverse, double scale);
}

/// <summary>A 2^a·3^b·5^c line through <see cref="StockhamPlan"/> with the thread's line scratch.</summary>
internal sealed class StockhamLine(StockhamPlan plan) : LineTransform(plan.N)
{
    public StockhamPlan Plan { get; } = plan;

    public override void Transform(Span<Complex> x, bool inverse, double scale) =>
        Plan.Line(x, x, ThreadScratch.Get(0, N), inverse, scale);
}

/// <summary>
/// Bluestein's algorithm: X_k = w̄_k Σ_j (x_j w̄_j) w_{k−j} with w_j = e^{iπ j²/n}, the convolution done by
/// power-of-two Stockham transforms of length m ≥ 2n − 1. j² is reduced mod 2n before the angle is formed, so the
/// chirp keeps full accuracy for large n.
/// </summary>
internal sealed class BluesteinLine : LineTransform
{
    private readonly int m;
    private readonly Complex[] chirp;       // e^{−iπ j²/n}
    private readonly Complex[] filterHat;   // FFT_m of the conjugate chirp, wrapped to be even
    private readonly StockhamPlan inner;

    public BluesteinLine(int n, SimdLevel level)
        : base(n)
    {
        m = (int)BitOperations.RoundUpToPowerOf2((uint)((2 * n) - 1));
        inner = new StockhamPlan(m, level);
        chirp = new Complex[n];
        for (var j = 0; j < n; j++)
        {
            // e^{−iπ j²/n} = e^{−2πi (j² mod 2n)/(2n)}
            chirp[j] = StockhamPlan.Twiddle((long)j * j % (2L * n), 2L * n);
        }

        filterHat = new Complex[m];
        filterHat[0] = Complex.Conjugate(chirp[0]);
        for (var j = 1; j < n; j++)
        {
            filterHat[j] = Complex.Conjugate(chirp[j]);
            filterHat[m - j] = Complex.Conjugate(chirp[j]);
        }

        inner.Line(filterHat, filterHat, new Complex[m], inverse: false, scale: 1.0);
    }

    public override void Transform(Span<Complex> x, bool inverse, double scale)
    {
        var a = ThreadScratch.Get(4, m);
        var scratch = ThreadScratch.Get(5, m);
        var n = N;
        for (var j = 0; j < n; j++)
        {
            var c = inverse ? Complex.Conjugate(chirp[j]) : chirp[j];
            a[j] = x[j] * c;
        }

        a[n..].Clear();
        inner.Line(a, a, scratch, inverse: false, scale: 1.0);

        // The inverse uses the conjugate filter; it is even in j, so its transform is the conjugate of filterHat.
        if (inverse)
        {
            for (var j = 0; j < m; j++)
            {
                a[j] *= Complex.Conjugate(filterHat[j]);
            }
        }
        else
        {
            for (var j = 0; j < m; j++)
            {
                a[j] *= filterHat[j];
            }
        }

        inner.Line(a, a, scratch, inverse: true, scale: 1.0 / m);
        for (var k = 0; k < n; k++)
        {
            var c = inverse ? Complex.Conjugate(chirp[k]) : chirp[k];
            x[k] = a[k] * c * scale;
        }
    }
}

/// <summary>Span helpers shared by the managed plan.</summary>
internal static class SpanRef
{
    public static ref Complex At(Span<Complex> span, int index) => ref Unsafe.Add(ref MemoryMarshal.GetReference(span), index);
}
