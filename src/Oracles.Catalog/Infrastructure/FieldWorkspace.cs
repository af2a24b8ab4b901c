using System.Numerics;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// Per-grid scratch and the field computations the BCY §2 oracles share: the operators A_j = iħ∂_j + u^j,
/// 𝒯₃ in operator form and in its corrected closed form (errata F11), the velocity gradient, resolution tails.
/// </summary>
/// <remarks>
/// <para>Notation: A_j ↔ <c>ApplyA</c>, a_jk = ∂_k u^j ↔ <c>grad[(j·d + k)·N + i]</c>, Σ_jk = ½(a_jk + a_kj).</para>
/// </remarks>
/// <threadsafety>Not thread-safe (owns scratch); one per evaluation.</threadsafety>
internal sealed class FieldWorkspace
{
    private readonly Complex[] work;
    private readonly Complex[] work2;
    private readonly double[] real;
    private bool[]? quarterHigh;
    private double[]? realScratch;

    public FieldWorkspace(PeriodicGrid grid)
    {
        Grid = grid;
        Functionals = new SpbFunctionals(grid);
        Ops = Functionals.Operators;
        N = grid.Count;
        D = grid.Dimension;
        work = new Complex[N];
        work2 = new Complex[N];
        real = new double[N];
    }

    public PeriodicGrid Grid { get; }

    public SpbFunctionals Functionals { get; }

    public SpectralOperators Ops { get; }

    /// <summary>Points N.</summary>
    public int N { get; }

    /// <summary>Dimension d.</summary>
    public int D { get; }

    /// <summary>N doubles of scratch for callers; no method of this class uses them.</summary>
    public double[] RealScratch => realScratch ??= new double[N];

    /// <summary>The Nyquist wavenumber max_a πn_a/L.</summary>
    public double KMax => Potentials.MaxK(Grid);

    /// <summary>∫ Re(conj(a)·b).</summary>
    public double ReInner(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b)
    {
        for (var i = 0; i < N; i++)
        {
            real[i] = (a[i].Real * b[i].Real) + (a[i].Imaginary * b[i].Imaginary);
        }

        return Quadrature.Integrate(Grid, real);
    }

    /// <summary>dest = A_axis φ = iħ∂_axis φ + u^axis φ (dest must not alias φ).</summary>
    public void ApplyA(double hbar, ReadOnlySpan<Complex> phi, ReadOnlySpan<double> u, int axis, Span<Complex> dest)
    {
        Ops.Derivative(phi, axis, dest);
        ApplyA(hbar, phi, dest, u, axis, dest);
    }

    /// <summary>dest = A_axis φ = iħ∂_axis φ + u^axis φ from ∂_axis φ given (dest may alias <paramref name="dphi"/>, not φ).</summary>
    public void ApplyA(double hbar, ReadOnlySpan<Complex> phi, ReadOnlySpan<Complex> dphi, ReadOnlySpan<double> u, int axis, Span<Complex> dest)
    {
        var ua = u.Slice(axis * N, N);
        for (var i = 0; i < N; i++)
        {
            var d = dphi[i];
            dest[i] = new Complex((ua[i] * phi[i].Real) - (hbar * d.Imaginary), (ua[i] * phi[i].Imaginary) + (hbar * d.Real));
        }
    }

    /// <summary>grad[(j·d + k)·N + i] = ∂_k u^j at point i.</summary>
    public void VelocityGradient(ReadOnlySpan<double> u, Span<double> grad)
    {
        for (var j = 0; j < D; j++)
        {
            for (var k = 0; k < D; k++)
            {
                Ops.Derivative(u.Slice(j * N, N), k, grad.Slice(((j * D) + k) * N, N));
            }
        }
    }

    /// <summary>
    /// 𝒯₃ = −¼Σ_{j,k} tr(A_j∨(A_k∨∂_ku^j)R), R = |ψ⟩⟨ψ|, from the operator form: since A_j and
    /// B = A_k∨a (a = ∂_ku^j) are symmetric, tr(A_j∨B R) = 2Re⟨A_jψ, Bψ⟩ with Bψ = A_k(aψ) + aA_kψ
    /// [BCY, eq. (2.16)]. Spectral derivatives of the products; independent of the closed form.
    /// <paramref name="aPsi"/> must hold A_jψ, j = 0 … d − 1, one after the other.
    /// </summary>
    public double T3Operator(double hbar, ReadOnlySpan<Complex> psi, ReadOnlySpan<double> u, ReadOnlySpan<double> grad, ReadOnlySpan<Complex> aPsi)
    {
        var sum = 0.0;
        for (var j = 0; j < D; j++)
        {
            for (var k = 0; k < D; k++)
            {
                var a = grad.Slice(((j * D) + k) * N, N);
                for (var i = 0; i < N; i++)
                {
                    work[i] = a[i] * psi[i];
                }

                ApplyA(hbar, work, u, k, work2);
                var aPsiK = aPsi.Slice(k * N, N);
                for (var i = 0; i < N; i++)
                {
                    work2[i] += a[i] * aPsiK[i];
                }

                sum += ReInner(aPsi.Slice(j * N, N), work2);
            }
        }

        return -0.5 * sum;
    }

    /// <summary>
    /// The closed form of 𝒯₃ (errata F11): −Σ_{jk}Re⟨A_jψ, Σ_jk A_kψ⟩ + (ħ²/4)∫Δdiv u |ψ|². Returns the quadratic
    /// part Q = Σ_{jk}Re⟨A_jψ, Σ_jk A_kψ⟩ and the ħ² part H; 𝒯₃ = −Q + H. <paramref name="aPsi"/> must hold A_jψ, one
    /// after the other, and <paramref name="lapDivU"/> Δ div u (<see cref="LaplacianOfDivergence"/>).
    /// </summary>
    public (double Quadratic, double HbarTerm) T3ClosedForm(
        double hbar, ReadOnlySpan<Complex> psi, ReadOnlySpan<double> grad, ReadOnlySpan<Complex> aPsi, ReadOnlySpan<double> lapDivU)
    {
        var q = 0.0;
        for (var j = 0; j < D; j++)
        {
            for (var k = 0; k < D; k++)
            {
                var ajk = grad.Slice(((j * D) + k) * N, N);
                var akj = grad.Slice(((k * D) + j) * N, N);
                var aPsiK = aPsi.Slice(k * N, N);
                for (var i = 0; i < N; i++)
                {
                    work[i] = 0.5 * (ajk[i] + akj[i]) * aPsiK[i];
                }

                q += ReInner(aPsi.Slice(j * N, N), work);
            }
        }

        for (var i = 0; i < N; i++)
        {
            real[i] = lapDivU[i] * ((psi[i].Real * psi[i].Real) + (psi[i].Imaginary * psi[i].Imaginary));
        }

        return (q, 0.25 * hbar * hbar * Quadrature.Integrate(Grid, real));
    }

    /// <summary>Δ div u.</summary>
    public void LaplacianOfDivergence(ReadOnlySpan<double> u, Span<double> result)
    {
        Ops.Divergence(u, result);
        Ops.Laplacian(result, result);
    }

    /// <summary>Δ div u from div u given (the same bits as <see cref="LaplacianOfDivergence"/>).</summary>
    public void LaplacianOfDivergenceFrom(ReadOnlySpan<double> divU, Span<double> result) => Ops.Laplacian(divU, result);

    /// <summary>max over points of the operator norm of Σ(x) = ½(∇u + ∇uᵀ) (largest |eigenvalue|).</summary>
    public double MaxSymmetricGradientNorm(ReadOnlySpan<double> grad)
    {
        Span<double> s = stackalloc double[9];
        var m = 0.0;
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < D; j++)
            {
                for (var k = 0; k < D; k++)
                {
                    s[(j * D) + k] = 0.5 * (grad[(((j * D) + k) * N) + i] + grad[(((k * D) + j) * N) + i]);
                }
            }

            m = Math.Max(m, SymmetricSpectralRadius(s[..(D * D)], D));
        }

        return m;
    }

    /// <summary>max over points of the Frobenius norm |∇u(x)|_F = (Σ_jk (∂_ku^j)²)^{1/2}.</summary>
    public double MaxGradientFrobenius(ReadOnlySpan<double> grad)
    {
        var m = 0.0;
        for (var i = 0; i < N; i++)
        {
            var s = 0.0;
            for (var c = 0; c < D * D; c++)
            {
                var x = grad[(c * N) + i];
                s += x * x;
            }

            m = Math.Max(m, Math.Sqrt(s));
        }

        return m;
    }

    /// <summary>
    /// The relative L² weight of the Fourier modes with 4|m_a| &gt; n_a on some axis: products of two fields are
    /// alias-free exactly when their factors have no such modes, so this bounds the relative aliasing error of the
    /// quadratic quantities (J, 𝒦, |ψ|²) the identities are built from.
    /// </summary>
    public double QuarterBandTail(ReadOnlySpan<Complex> f)
    {
        f.CopyTo(work);
        return Tail();
    }

    /// <summary>The quarter-band tail of a real field.</summary>
    public double QuarterBandTail(ReadOnlySpan<double> f)
    {
        for (var i = 0; i < N; i++)
        {
            work[i] = new Complex(f[i], 0);
        }

        return Tail();
    }

    /// <summary>
    /// max_j |ψ_j|, equal bit for bit to <see cref="Norms.LInf(ReadOnlySpan{Complex})"/> (the maximum of
    /// <see cref="Complex.Abs"/>) at a fraction of its cost: |ψ_j|² = Re² + Im² (relative error ≤ 3·eps) selects the
    /// candidates within 16·eps of the largest, and only those are measured with <see cref="Complex.Abs"/> (accurate to
    /// 1 ulp), so no sample outside them can reach the maximum. Falls back to the full scan where the squares lose
    /// precision (below 1e-290 or beyond the double range).
    /// </summary>
    public static double LInf(ReadOnlySpan<Complex> psi)
    {
        var top = 0.0;
        foreach (var z in psi)
        {
            top = Math.Max(top, (z.Real * z.Real) + (z.Imaginary * z.Imaginary));
        }

        if (!(top >= 1e-290 && top <= double.MaxValue))
        {
            return Norms.LInf(psi);
        }

        var threshold = top * (1 - (16 * RoundOff.Eps));
        var m = 0.0;
        foreach (var z in psi)
        {
            if ((z.Real * z.Real) + (z.Imaginary * z.Imaginary) >= threshold)
            {
                m = Math.Max(m, Complex.Abs(z));
            }
        }

        return m;
    }

    /// <summary>Largest |eigenvalue| of a symmetric d×d matrix (d ≤ 3), by cyclic Jacobi rotations.</summary>
    public static double SymmetricSpectralRadius(Span<double> a, int d)
    {
        if (d == 1)
        {
            return Math.Abs(a[0]);
        }

        if (d == 2)
        {
            var mean = 0.5 * (a[0] + a[3]);
            var r = Math.Sqrt((0.25 * (a[0] - a[3]) * (a[0] - a[3])) + (a[1] * a[1]));
            return Math.Abs(mean) + r;
        }

        for (var sweep = 0; sweep < 50; sweep++)
        {
            var off = (a[1] * a[1]) + (a[2] * a[2]) + (a[5] * a[5]);
            var diag = (a[0] * a[0]) + (a[4] * a[4]) + (a[8] * a[8]);
            if (off <= 1e-30 * diag || off == 0)
            {
                break;
            }

            for (var p = 0; p < 2; p++)
            {
                for (var q = p + 1; q < 3; q++)
                {
                    var apq = a[(p * 3) + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    var theta = (a[(q * 3) + q] - a[(p * 3) + p]) / (2 * apq);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < 3; k++)
                    {
                        var akp = a[(k * 3) + p];
                        var akq = a[(k * 3) + q];
                        a[(k * 3) + p] = (c * akp) - (s * akq);
                        a[(k * 3) + q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < 3; k++)
                    {
                        var apk = a[(p * 3) + k];
                        var aqk = a[(q * 3) + k];
                        a[(p * 3) + k] = (c * apk) - (s * aqk);
                        a[(q * 3) + k] = (s * apk) + (c * aqk);
                    }
                }
            }
        }

        return Math.Max(Math.Abs(a[0]), Math.Max(Math.Abs(a[4]), Math.Abs(a[8])));
    }

    private double Tail()
    {
        Fft.Forward(Grid, work);
        var high = quarterHigh ??= QuarterBandMask(Grid);
        double all = 0, tail = 0;
        for (var i = 0; i < N; i++)
        {
            var p = (work[i].Real * work[i].Real) + (work[i].Imaginary * work[i].Imaginary);
            all += p;
            if (high[i])
            {
                tail += p;
            }
        }

        return all == 0 ? 0 : Math.Sqrt(tail / all);
    }

    /// <summary>True at the flat FFT indices with 4|m_a| &gt; n_a on some axis (computed once per workspace).</summary>
    private static bool[] QuarterBandMask(PeriodicGrid grid)
    {
        var d = grid.Dimension;
        var mask = new bool[grid.Count];
        for (var i = 0; i < mask.Length; i++)
        {
            var high = false;
            for (var a = 0; a < d; a++)
            {
                var n = grid.Shape[a];
                high |= 4 * Math.Abs(Wavenumbers.Mode(i / grid.Stride(a) % n, n)) > n;
            }

            mask[i] = high;
        }

        return mask;
    }
}
