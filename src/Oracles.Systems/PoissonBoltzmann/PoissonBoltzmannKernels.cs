using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>
/// Sums gathered in one pass over a potential V by <see cref="PoissonBoltzmannKernels"/> (discrete sums, no cell factor).
/// </summary>
/// <param name="Energy">Σ ½V·(−εΔV) + e^V − hV, compensated (Neumaier): the energy E(V) / cell.</param>
/// <param name="ResidualSquares">Σ F², F = −εΔV + e^V − h.</param>
/// <param name="ExpSum">Σ e^V, compensated.</param>
/// <param name="ExpMin">min e^V.</param>
/// <param name="ExpMax">max e^V.</param>
/// <param name="PotentialSquares">Σ V².</param>
/// <param name="ExpSquares">Σ e^{2V}.</param>
/// <param name="EnergyScale">Σ |½V·(−εΔV)| + e^V + |hV|: the scale of the energy's round-off.</param>
/// <param name="Slope">Σ F_old·δ along the Newton step (trial points only; 0 otherwise).</param>
internal readonly record struct PointSums(
    double Energy,
    double ResidualSquares,
    double ExpSum,
    double ExpMin,
    double ExpMax,
    double PotentialSquares,
    double ExpSquares,
    double EnergyScale,
    double Slope);

/// <summary>
/// The pointwise passes of <see cref="PoissonBoltzmannSolver"/>, fused (one pass computes everything a step needs from the
/// arrays it reads) and vectorised with <see cref="Vector512{T}"/> (hardware AVX-512 where present; otherwise the runtime
/// emulates it with narrower vectors, same results).
/// </summary>
/// <remarks>
/// <para><b>Exponential.</b> e^V is <see cref="Vector512.Exp(Vector512{double})"/>: within 2 ulp of <see cref="Math.Exp"/>
/// (measured on .NET 10, AVX-512: at most 2 ulp on 1.2·10⁸ random arguments with |x| ≤ 745, under 1 % of them at
/// 2 ulp, at most 1 ulp for |x| ≤ 10⁻³; the unit tests bound it at 2 ulp), with the same overflow (+∞ above ≈ 709.78)
/// and underflow (subnormal, then 0 below ≈ −745.1). A relative error of 2 ulp in e^V is the size of the rounding of
/// e^V − h itself, so the residual and the energy are as accurate as with <see cref="Math.Exp"/>.</para>
/// <para><b>Determinism.</b> Reductions keep one partial sum per lane (8 lanes) and combine the lanes in a fixed order;
/// the last n mod 8 elements of a span go through scalar code (or padded vectors) in a fixed order. The same inputs
/// therefore give bit-identical outputs on one machine. The energy and Σe^V are compensated per lane (Neumaier) and the
/// lanes combined compensated, so their round-off is O(eps·Σ|terms|) independent of n, as a scalar compensated sum.
/// Each kernel works on whatever range it is given: <see cref="PoissonBoltzmannPasses"/> runs it on fixed chunks of a
/// large array in parallel and combines the chunks' partial results in chunk order (the evaluations return per-lane
/// <see cref="PartialSums"/> for that), so the thread count does not change the bits either.</para>
/// <para>Spans passed together must have equal lengths and must not overlap unless a parameter says so.</para>
/// </remarks>
internal static class PoissonBoltzmannKernels
{
    private const int Width = 8;

    // Elements per block of the two-stage evaluation loops: 7 arrays × 4 KiB stay in L1 between the stages.
    private const int Block = 512;

    /// <summary>
    /// Fresh evaluation at V given lv = −εΔV: ev = e^V, f = lv + e^V − h, and the per-lane sums (one chunk's part of
    /// <see cref="PointSums"/>; <see cref="PartialSums.Combine"/> makes the whole).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PartialSums Evaluate(
        ReadOnlySpan<double> v, ReadOnlySpan<double> lv, ReadOnlySpan<double> h, Span<double> ev, Span<double> f)
    {
        var n = v.Length;
        var sums = Sums.Create();
        var tail = TailSums.Create();
        unchecked
        {
            for (var start = 0; start < n; start += Block)
            {
                var end = Math.Min(start + Block, n);
                var vectorEnd = end - ((end - start) % Width);

                // Stage 1: e^V over the block (the exponential is a call: keep it out of the accumulating loop).
                int i;
                for (i = start; i < vectorEnd; i += Width)
                {
                    Store(Vector512.Exp(Load(v, i)), ev, i);
                }

                if (i < end)
                {
                    StoreTail(Vector512.Exp(LoadTail(v, i)), ev[..end], i);
                }

                // Stage 2: everything else, e^V read back from L1.
                var energy = sums.Energy;
                var energyC = sums.EnergyC;
                var squares = sums.Squares;
                var expSum = sums.ExpSum;
                var expSumC = sums.ExpSumC;
                var expMin = sums.ExpMin;
                var expMax = sums.ExpMax;
                var vSquares = sums.PotentialSquares;
                var eSquares = sums.ExpSquares;
                var scale = sums.Scale;
                var half = Vector512.Create(0.5);
                for (i = start; i < vectorEnd; i += Width)
                {
                    var x = Load(v, i);
                    var l = Load(lv, i);
                    var hi = Load(h, i);
                    var e = Load(ev, i);
                    var fi = (l + e) - hi;
                    Store(fi, f, i);
                    var a = half * x * l;
                    var hx = hi * x;
                    Neumaier(ref energy, ref energyC, (a + e) - hx);
                    Neumaier(ref expSum, ref expSumC, e);
                    squares += fi * fi;
                    vSquares += x * x;
                    eSquares += e * e;
                    scale += Vector512.Abs(a) + e + Vector512.Abs(hx);
                    expMin = Vector512.MinNative(expMin, e);
                    expMax = Vector512.MaxNative(expMax, e);
                }

                sums = new Sums(energy, energyC, squares, expSum, expSumC, expMin, expMax, vSquares, eSquares, scale, sums.Slope);
                for (; i < end; i++)
                {
                    var e = ev[i];
                    var fi = (lv[i] + e) - h[i];
                    f[i] = fi;
                    var a = 0.5 * v[i] * lv[i];
                    var hx = h[i] * v[i];
                    tail.Add(v[i], e, fi, (a + e) - hx, Math.Abs(a) + e + Math.Abs(hx), 0);
                }
            }
        }

        return new PartialSums(sums, tail);
    }

    /// <summary>
    /// Predicted evaluation at the trial point V + tδ after a Newton step δ whose CG residual is r = −F − Jδ
    /// (J = −εΔ + diag e^V): vt = V + tδ, evt = e^{vt} and ft = F(vt), computed without a Laplacian from the identity
    /// −εΔδ = −F − r − e^V δ, i.e. ft = (1 − t)F − t r + (e^{vt} − e^V) − t e^V δ. Also sums F·δ as the slope.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PartialSums EvaluateTrial(
        double t,
        ReadOnlySpan<double> v,
        ReadOnlySpan<double> step,
        ReadOnlySpan<double> f,
        ReadOnlySpan<double> r,
        ReadOnlySpan<double> ev,
        ReadOnlySpan<double> h,
        Span<double> vt,
        Span<double> evt,
        Span<double> ft)
    {
        var n = v.Length;
        var sums = Sums.Create();
        var tail = TailSums.Create();
        var tv = Vector512.Create(t);
        unchecked
        {
            for (var start = 0; start < n; start += Block)
            {
                var end = Math.Min(start + Block, n);
                var vectorEnd = end - ((end - start) % Width);

                // Stage 1: the trial point and its exponential.
                int i;
                for (i = start; i < vectorEnd; i += Width)
                {
                    var x = Load(v, i) + (tv * Load(step, i));
                    Store(x, vt, i);
                    Store(Vector512.Exp(x), evt, i);
                }

                if (i < end)
                {
                    var x = LoadTail(v, i) + (tv * LoadTail(step, i));
                    StoreTail(x, vt[..end], i);
                    StoreTail(Vector512.Exp(x), evt[..end], i);
                }

                // Stage 2: the predicted residual and the sums, x and e^x read back from L1.
                var energy = sums.Energy;
                var energyC = sums.EnergyC;
                var squares = sums.Squares;
                var expSum = sums.ExpSum;
                var expSumC = sums.ExpSumC;
                var expMin = sums.ExpMin;
                var expMax = sums.ExpMax;
                var vSquares = sums.PotentialSquares;
                var eSquares = sums.ExpSquares;
                var scale = sums.Scale;
                var slope = sums.Slope;
                var half = Vector512.Create(0.5);
                var oneMinusT = Vector512.Create(1 - t);
                for (i = start; i < vectorEnd; i += Width)
                {
                    var s = Load(step, i);
                    var x = Load(vt, i);
                    var e = Load(evt, i);
                    var e0 = Load(ev, i);
                    var f0 = Load(f, i);
                    var hi = Load(h, i);
                    var fi = ((oneMinusT * f0) - (tv * Load(r, i))) + ((e - e0) - (e0 * (tv * s)));
                    Store(fi, ft, i);
                    var a = half * x * ((fi - e) + hi); // ½x·(−εΔx)
                    var hx = hi * x;
                    Neumaier(ref energy, ref energyC, (a + e) - hx);
                    Neumaier(ref expSum, ref expSumC, e);
                    squares += fi * fi;
                    vSquares += x * x;
                    eSquares += e * e;
                    scale += Vector512.Abs(a) + e + Vector512.Abs(hx);
                    expMin = Vector512.MinNative(expMin, e);
                    expMax = Vector512.MaxNative(expMax, e);
                    slope += f0 * s;
                }

                sums = new Sums(energy, energyC, squares, expSum, expSumC, expMin, expMax, vSquares, eSquares, scale, slope);
                for (; i < end; i++)
                {
                    var x = vt[i];
                    var e = evt[i];
                    var fi = (((1 - t) * f[i]) - (t * r[i])) + ((e - ev[i]) - (ev[i] * (t * step[i])));
                    ft[i] = fi;
                    var a = 0.5 * x * ((fi - e) + h[i]);
                    var hx = h[i] * x;
                    tail.Add(x, e, fi, (a + e) - hx, Math.Abs(a) + e + Math.Abs(hx), f[i] * step[i]);
                }
            }
        }

        return new PartialSums(sums, tail);
    }

    /// <summary>vt = v + t·step; returns Σ f·step (the slope of the energy along the step, without the cell factor).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double TrialPoint(double t, ReadOnlySpan<double> v, ReadOnlySpan<double> step, ReadOnlySpan<double> f, Span<double> vt)
    {
        var n = v.Length;
        var tv = Vector512.Create(t);
        var slope = Vector512<double>.Zero;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var s = Load(step, i);
                Store(Load(v, i) + (tv * s), vt, i);
                slope += Load(f, i) * s;
            }

            if (i < n)
            {
                var s = LoadTail(step, i);
                StoreTail(LoadTail(v, i) + (tv * s), vt, i);
                slope += LoadTail(f, i) * s; // padded lanes are 0
            }
        }

        return LaneSum(slope);
    }

    /// <summary>r = −f.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Negate(ReadOnlySpan<double> f, Span<double> r)
    {
        var n = f.Length;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                Store(-Load(f, i), r, i);
            }

            for (; i < n; i++)
            {
                r[i] = -f[i];
            }
        }
    }

    /// <summary>s = 1/√ev (the diagonal scaling D^{−1/2} of the scaled preconditioner).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InverseSqrt(ReadOnlySpan<double> ev, Span<double> s)
    {
        var n = ev.Length;
        var one = Vector512.Create(1.0);
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                Store(one / Vector512.Sqrt(Load(ev, i)), s, i);
            }

            for (; i < n; i++)
            {
                s[i] = 1.0 / Math.Sqrt(ev[i]);
            }
        }
    }

    /// <summary>r = −f and u = s·r.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NegateScaled(ReadOnlySpan<double> f, ReadOnlySpan<double> s, Span<double> r, Span<double> u)
    {
        var n = f.Length;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var ri = -Load(f, i);
                Store(ri, r, i);
                Store(Load(s, i) * ri, u, i);
            }

            for (; i < n; i++)
            {
                r[i] = -f[i];
                u[i] = s[i] * r[i];
            }
        }
    }

    /// <summary>
    /// CG direction for the spectral preconditioner P₀ = −εΔ + ē, whose z = P₀⁻¹r has −εΔz = r − ē·z exactly:
    /// p = z + βp and lp = (r − ē·z) + β·lp (= −εΔp by linearity). On the first iteration (β unused) z and r are given
    /// with the opposite sign (z = P₀⁻¹F, r = F, before r = −F is stored): p = −z, lp = −(F − ē·z).
    /// Returns p·Jp = Σ p·(lp + d·p).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double DirectionSpectral(
        bool first,
        double beta,
        double mean,
        ReadOnlySpan<double> z,
        ReadOnlySpan<double> r,
        ReadOnlySpan<double> d,
        Span<double> p,
        Span<double> lp)
    {
        var n = z.Length;
        var b = Vector512.Create(beta);
        var e = Vector512.Create(mean);
        var pq = Vector512<double>.Zero;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var zi = Load(z, i);
                var li = Load(r, i) - (e * zi);
                Vector512<double> pi;
                if (first)
                {
                    pi = -zi;
                    li = -li;
                }
                else
                {
                    pi = zi + (b * Load(p, i));
                    li += b * Load(lp, i);
                }

                Store(pi, p, i);
                Store(li, lp, i);
                pq += pi * (li + (Load(d, i) * pi));
            }

            var tail = 0.0;
            for (; i < n; i++)
            {
                var li = r[i] - (mean * z[i]);
                var pi = first ? -z[i] : z[i] + (beta * p[i]);
                li = first ? -li : li + (beta * lp[i]);
                p[i] = pi;
                lp[i] = li;
                tail += pi * (li + (d[i] * pi));
            }

            return LaneSum(pq) + tail;
        }
    }

    /// <summary>CG direction for the scaled preconditioner: p = s·w + β·p (p = s·w on the first iteration).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DirectionScaled(bool first, double beta, ReadOnlySpan<double> s, ReadOnlySpan<double> w, Span<double> p)
    {
        var n = s.Length;
        var b = Vector512.Create(beta);
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var zi = Load(s, i) * Load(w, i);
                Store(first ? zi : zi + (b * Load(p, i)), p, i);
            }

            for (; i < n; i++)
            {
                var zi = s[i] * w[i];
                p[i] = first ? zi : zi + (beta * p[i]);
            }
        }
    }

    /// <summary>p·Jp = Σ p·(lp + d·p), with lp = −εΔp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Curvature(ReadOnlySpan<double> p, ReadOnlySpan<double> lp, ReadOnlySpan<double> d)
    {
        var n = p.Length;
        var pq = Vector512<double>.Zero;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var pi = Load(p, i);
                pq += pi * (Load(lp, i) + (Load(d, i) * pi));
            }

            var tail = 0.0;
            for (; i < n; i++)
            {
                tail += p[i] * (lp[i] + (d[i] * p[i]));
            }

            return LaneSum(pq) + tail;
        }
    }

    /// <summary>
    /// CG update: step += α·p (step = α·p on the first iteration), r = σ·r₀ − α·(lp + d·p) with r₀ =
    /// <paramref name="rSource"/> (which may be r itself); returns Σ r² and Σ (d·step²/2)², the squared estimate of the
    /// full step's quadratic remainder e^V(e^δ − 1 − δ) ≈ e^V δ²/2. When <paramref name="s"/> is not empty also writes
    /// u = s·r (the input of the next scaled preconditioner).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double Residual, double Quadratic) Update(
        bool first,
        double alpha,
        ReadOnlySpan<double> p,
        ReadOnlySpan<double> lp,
        ReadOnlySpan<double> d,
        Span<double> step,
        ReadOnlySpan<double> rSource,
        double sign,
        Span<double> r,
        ReadOnlySpan<double> s,
        Span<double> u)
    {
        var n = p.Length;
        var a = Vector512.Create(alpha);
        var sg = Vector512.Create(sign);
        var scaled = !s.IsEmpty;
        var rr = Vector512<double>.Zero;
        var qq = Vector512<double>.Zero;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var pi = Load(p, i);
                var di = Load(d, i);
                var q = Load(lp, i) + (di * pi);
                var si = first ? a * pi : Load(step, i) + (a * pi);
                Store(si, step, i);
                var ri = (sg * Load(rSource, i)) - (a * q);
                Store(ri, r, i);
                rr += ri * ri;
                var e = di * (si * si);
                qq += e * e;
                if (scaled)
                {
                    Store(Load(s, i) * ri, u, i);
                }
            }

            double tail = 0, tailQuadratic = 0;
            for (; i < n; i++)
            {
                var q = lp[i] + (d[i] * p[i]);
                var si = first ? alpha * p[i] : step[i] + (alpha * p[i]);
                step[i] = si;
                var ri = (sign * rSource[i]) - (alpha * q);
                r[i] = ri;
                tail += ri * ri;
                var e = d[i] * (si * si);
                tailQuadratic += e * e;
                if (scaled)
                {
                    u[i] = s[i] * ri;
                }
            }

            return (LaneSum(rr) + tail, 0.25 * (LaneSum(qq) + tailQuadratic));
        }
    }

    /// <summary>
    /// x ← (c·m)·x elementwise (a real Fourier multiplier on a half spectrum viewed as doubles, m duplicated per entry,
    /// times a constant such as the 1/N of an unscaled inverse transform).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(Span<double> x, ReadOnlySpan<double> m, double c)
    {
        var n = x.Length;
        var cv = Vector512.Create(c);
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                Store((cv * Load(m, i)) * Load(x, i), x, i);
            }

            for (; i < n; i++)
            {
                x[i] *= c * m[i];
            }
        }
    }

    /// <summary>
    /// Returns Σ w·m·x² and sets x ← m·x: on a half spectrum (doubles, m and w duplicated per entry, w = 2 for the
    /// columns that also stand for their mirror image, else 1) the quadratic form Σ_k m_k|x̂_k|² over the full spectrum,
    /// and the multiplier's application.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double MultiplyWithForm(Span<double> x, ReadOnlySpan<double> m, ReadOnlySpan<double> w)
    {
        var n = x.Length;
        var sum = Vector512<double>.Zero;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var xi = Load(x, i);
                var mx = Load(m, i) * xi;
                sum += Load(w, i) * (mx * xi);
                Store(mx, x, i);
            }

            var tail = 0.0;
            for (; i < n; i++)
            {
                var mx = m[i] * x[i];
                tail += w[i] * (mx * x[i]);
                x[i] = mx;
            }

            return LaneSum(sum) + tail;
        }
    }

    /// <summary>m = c/(ē + εk²): the spectral preconditioner (−εΔ + ē)⁻¹ from εk², times c (e.g. 1/N).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SpectralMultiplier(ReadOnlySpan<double> epsK2, double mean, double c, Span<double> m)
    {
        var n = epsK2.Length;
        var cv = Vector512.Create(c);
        var e = Vector512.Create(mean);
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                Store(cv / (e + Load(epsK2, i)), m, i);
            }

            for (; i < n; i++)
            {
                m[i] = c / (mean + epsK2[i]);
            }
        }
    }

    /// <summary>m = c/(1 + εk²/ē): the inner factor (I − (ε/ē)Δ)⁻¹ of the scaled preconditioner from εk², times c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaledMultiplier(ReadOnlySpan<double> epsK2, double mean, double c, Span<double> m)
    {
        var n = epsK2.Length;
        var one = Vector512.Create(1.0);
        var cv = Vector512.Create(c);
        var e = Vector512.Create(mean);
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                Store(cv / (one + (Load(epsK2, i) / e)), m, i);
            }

            for (; i < n; i++)
            {
                m[i] = c / (1.0 + (epsK2[i] / mean));
            }
        }
    }

    /// <summary>
    /// One pass over a density: whether every value is finite and ≥ 0, its compensated sum and its sum of squares; also
    /// copies it (the solver's passes read the copy, which the worker threads can reach).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (bool Admissible, double Sum, double Squares) DensitySums(ReadOnlySpan<double> h, Span<double> copy)
    {
        var n = h.Length;
        var max = Vector512.Create(double.MaxValue);
        var good = Vector512<double>.AllBitsSet;
        var sum = Vector512<double>.Zero;
        var c = Vector512<double>.Zero;
        var squares = Vector512<double>.Zero;
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var x = Load(h, i);
                Store(x, copy, i);
                good &= Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero) & Vector512.LessThanOrEqual(x, max); // NaN fails both
                Neumaier(ref sum, ref c, x);
                squares += x * x;
            }

            if (i < n)
            {
                var x = LoadTail(h, i); // padded lanes are 0: admissible, and add nothing
                StoreTail(x, copy, i);
                good &= Vector512.GreaterThanOrEqual(x, Vector512<double>.Zero) & Vector512.LessThanOrEqual(x, max);
                Neumaier(ref sum, ref c, x);
                squares += x * x;
            }
        }

        return (good == Vector512<double>.AllBitsSet, CompensatedLaneSum(sum, c), LaneSum(squares));
    }

    /// <summary>
    /// Copies source into destination; returns whether they were bit-identical before the copy and whether every value
    /// copied is finite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (bool Same, bool Finite) CopyAndCompare(ReadOnlySpan<double> source, Span<double> destination)
    {
        var n = source.Length;
        var differ = Vector512<ulong>.Zero;
        var finite = Vector512<double>.AllBitsSet;
        var max = Vector512.Create(double.MaxValue);
        int i;
        unchecked
        {
            for (i = 0; i <= n - Width; i += Width)
            {
                var x = Load(source, i);
                differ |= x.AsUInt64() ^ Load(destination, i).AsUInt64();
                finite &= Vector512.LessThanOrEqual(Vector512.Abs(x), max); // false for ±∞ and NaN
                Store(x, destination, i);
            }

            var same = differ == Vector512<ulong>.Zero;
            var allFinite = finite == Vector512<double>.AllBitsSet;
            for (; i < n; i++)
            {
                same &= BitConverter.DoubleToInt64Bits(source[i]) == BitConverter.DoubleToInt64Bits(destination[i]);
                allFinite &= double.IsFinite(source[i]);
                destination[i] = source[i];
            }

            return (same, allFinite);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load(ReadOnlySpan<double> x, int i) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(x), (nuint)i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector512<double> value, Span<double> x, int i) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(x), (nuint)i);

    /// <summary>x[i..] (fewer than 8 values) padded with zeros to a full vector.</summary>
    private static Vector512<double> LoadTail(ReadOnlySpan<double> x, int i)
    {
        Span<double> buffer = stackalloc double[Width];
        buffer.Clear();
        x.Slice(i, Math.Min(Width, x.Length - i)).CopyTo(buffer);
        return Vector512.Create<double>(buffer);
    }

    /// <summary>Stores the first x.Length − i lanes of value into x[i..].</summary>
    private static void StoreTail(Vector512<double> value, Span<double> x, int i)
    {
        Span<double> buffer = stackalloc double[Width];
        value.CopyTo(buffer);
        buffer[..(x.Length - i)].CopyTo(x[i..]);
    }

    /// <summary>All bits set in the first <paramref name="count"/> lanes, zero in the others.</summary>
    private static Vector512<double> TailMask(int count) =>
        Vector512.LessThan(Vector512.Create(0.0, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((double)count));

    /// <summary>Neumaier's compensated addition, lane by lane: (sum + c) gains x exactly up to O(eps²) terms.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Neumaier(ref Vector512<double> sum, ref Vector512<double> c, Vector512<double> x)
    {
        var s = sum + x;
        var big = Vector512.GreaterThanOrEqual(Vector512.Abs(sum), Vector512.Abs(x));
        c += Vector512.ConditionalSelect(big, (sum - s) + x, (x - s) + sum);
        sum = s;
    }

    /// <summary>Σ of the lanes in a fixed order: ((x0 + x1) + (x2 + x3)) + ((x4 + x5) + (x6 + x7)).</summary>
    private static double LaneSum(Vector512<double> x) =>
        ((x.GetElement(0) + x.GetElement(1)) + (x.GetElement(2) + x.GetElement(3))) +
        ((x.GetElement(4) + x.GetElement(5)) + (x.GetElement(6) + x.GetElement(7)));

    /// <summary>
    /// Combines per-lane compensated sums (and an optional scalar one): a Neumaier sum of the lane sums in lane order,
    /// plus all corrections.
    /// </summary>
    private static double CompensatedLaneSum(Vector512<double> sum, Vector512<double> c, double tailSum = 0, double tailC = 0)
    {
        double total = 0, correction = LaneSum(c) + tailC;
        for (var k = 0; k < Width; k++)
        {
            NeumaierScalar(ref total, ref correction, sum.GetElement(k));
        }

        NeumaierScalar(ref total, ref correction, tailSum);
        return total + correction;
    }

    /// <summary>Neumaier's compensated addition of x to (sum, c).</summary>
    private static void NeumaierScalar(ref double sum, ref double c, double x)
    {
        var s = sum + x;
        c += Math.Abs(sum) >= Math.Abs(x) ? (sum - s) + x : (x - s) + sum;
        sum = s;
    }

    /// <summary>Per-lane accumulators of <see cref="PointSums"/>.</summary>
    internal readonly record struct Sums(
        Vector512<double> Energy,
        Vector512<double> EnergyC,
        Vector512<double> Squares,
        Vector512<double> ExpSum,
        Vector512<double> ExpSumC,
        Vector512<double> ExpMin,
        Vector512<double> ExpMax,
        Vector512<double> PotentialSquares,
        Vector512<double> ExpSquares,
        Vector512<double> Scale,
        Vector512<double> Slope)
    {
        public static Sums Create() => new(
            default, default, default, default, default,
            Vector512.Create(double.PositiveInfinity), Vector512.Create(double.NegativeInfinity), default, default, default, default);

        /// <summary>The accumulators of two consecutive ranges, lane by lane (compensated where the sums are).</summary>
        public Sums Plus(in Sums next)
        {
            var energy = Energy;
            var energyC = EnergyC + next.EnergyC;
            Neumaier(ref energy, ref energyC, next.Energy);
            var expSum = ExpSum;
            var expSumC = ExpSumC + next.ExpSumC;
            Neumaier(ref expSum, ref expSumC, next.ExpSum);
            return new Sums(
                energy,
                energyC,
                Squares + next.Squares,
                expSum,
                expSumC,
                Vector512.MinNative(ExpMin, next.ExpMin),
                Vector512.MaxNative(ExpMax, next.ExpMax),
                PotentialSquares + next.PotentialSquares,
                ExpSquares + next.ExpSquares,
                Scale + next.Scale,
                Slope + next.Slope);
        }

        /// <summary>Combines the lanes in a fixed order, then the scalar tail.</summary>
        public PointSums Result(in TailSums tail)
        {
            double min = tail.ExpMin, max = tail.ExpMax;
            for (var k = 0; k < Width; k++)
            {
                min = Math.Min(min, ExpMin.GetElement(k));
                max = Math.Max(max, ExpMax.GetElement(k));
            }

            return new PointSums(
                CompensatedLaneSum(Energy, EnergyC, tail.Energy, tail.EnergyC),
                LaneSum(Squares) + tail.Squares,
                CompensatedLaneSum(ExpSum, ExpSumC, tail.ExpSum, tail.ExpSumC),
                min,
                max,
                LaneSum(PotentialSquares) + tail.PotentialSquares,
                LaneSum(ExpSquares) + tail.ExpSquares,
                LaneSum(Scale) + tail.Scale,
                LaneSum(Slope) + tail.Slope);
        }
    }

    /// <summary>Scalar accumulators for the last n mod 8 elements.</summary>
    internal struct TailSums
    {
        public double Energy;
        public double EnergyC;
        public double Squares;
        public double ExpSum;
        public double ExpSumC;
        public double ExpMin;
        public double ExpMax;
        public double PotentialSquares;
        public double ExpSquares;
        public double Scale;
        public double Slope;

        public static TailSums Create() => new() { ExpMin = double.PositiveInfinity, ExpMax = double.NegativeInfinity };

        public void Add(double v, double e, double f, double energy, double scale, double slope)
        {
            NeumaierScalar(ref Energy, ref EnergyC, energy);
            NeumaierScalar(ref ExpSum, ref ExpSumC, e);
            Squares += f * f;
            PotentialSquares += v * v;
            ExpSquares += e * e;
            Scale += scale;
            Slope += slope;
            ExpMin = Math.Min(ExpMin, e);
            ExpMax = Math.Max(ExpMax, e);
        }

        /// <summary>The accumulators of two consecutive ranges (only the last range of an array has a tail).</summary>
        public readonly TailSums Plus(in TailSums next)
        {
            var sum = this;
            sum.EnergyC += next.EnergyC;
            NeumaierScalar(ref sum.Energy, ref sum.EnergyC, next.Energy);
            sum.ExpSumC += next.ExpSumC;
            NeumaierScalar(ref sum.ExpSum, ref sum.ExpSumC, next.ExpSum);
            sum.Squares += next.Squares;
            sum.PotentialSquares += next.PotentialSquares;
            sum.ExpSquares += next.ExpSquares;
            sum.Scale += next.Scale;
            sum.Slope += next.Slope;
            sum.ExpMin = Math.Min(sum.ExpMin, next.ExpMin);
            sum.ExpMax = Math.Max(sum.ExpMax, next.ExpMax);
            return sum;
        }
    }
}

/// <summary>
/// The accumulators of an evaluation pass over one range of the grid (<see cref="PoissonBoltzmannKernels.Evaluate"/>,
/// <see cref="PoissonBoltzmannKernels.EvaluateTrial"/>): per-lane vector sums and the scalar tail, before the lanes are
/// combined.
/// </summary>
/// <param name="Lanes">The per-lane accumulators.</param>
/// <param name="Tail">The scalar accumulators of the elements after the last full vector.</param>
internal readonly record struct PartialSums(PoissonBoltzmannKernels.Sums Lanes, PoissonBoltzmannKernels.TailSums Tail)
{
    /// <summary>
    /// The sums of consecutive ranges, in range order: lane by lane (Neumaier for the energy and Σe^V), then the lanes
    /// in a fixed order. One range gives exactly the single-pass result; a fixed partition gives the same bits whichever
    /// threads computed the ranges.
    /// </summary>
    /// <param name="parts">The ranges' accumulators, in order (at least one).</param>
    /// <returns>The sums over the whole array.</returns>
    public static PointSums Combine(ReadOnlySpan<PartialSums> parts)
    {
        var lanes = parts[0].Lanes;
        var tail = parts[0].Tail;
        for (var c = 1; c < parts.Length; c++)
        {
            lanes = lanes.Plus(parts[c].Lanes);
            tail = tail.Plus(parts[c].Tail);
        }

        return lanes.Result(tail);
    }
}
