using System.Numerics;
using System.Runtime.InteropServices;
using Oracles.Core.Pointwise;
using Oracles.Core.Spectral;
using Oracles.Core.Threading;

namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>
/// The passes of <see cref="PoissonBoltzmannKernels"/> over a solver's buffers, spread over <see cref="ParallelChunks"/>
/// for arrays of at least <see cref="ComplexKernels.ParallelThreshold"/> values.
/// </summary>
/// <remarks>
/// <para>Determinism: a large array is cut into fixed chunks of <see cref="ComplexKernels.ChunkLength"/> values (a
/// multiple of the kernels' vector width and evaluation block), each chunk's reductions go to its own slot, and the
/// slots are combined on the calling thread in chunk order. Every output bit is therefore the same with 1 or 64 threads.
/// Smaller arrays are one chunk, computed on the calling thread exactly as a single kernel call.</para>
/// <para>The jobs hold the solver's <see cref="AlignedBuffer{T}"/>s (never spans, so no pointers), one cached job per
/// kernel: a pass allocates nothing.</para>
/// </remarks>
/// <threadsafety>Owned by one solver; not thread-safe.</threadsafety>
internal sealed class PoissonBoltzmannPasses
{
    private readonly ChunkedPass<EvaluateRange, PartialSums> evaluate;
    private readonly ChunkedPass<EvaluateTrialRange, PartialSums> evaluateTrial;
    private readonly ChunkedPass<TrialPointRange, double> trialPoint;
    private readonly ChunkedPass<DirectionSpectralRange, double> directionSpectral;
    private readonly ChunkedPass<UpdateRange, (double Residual, double Quadratic)> update;
    private readonly ChunkedPass<InverseSqrtRange, double> inverseSqrt;
    private readonly ChunkedPass<NegateScaledRange, double> negateScaled;
    private readonly ChunkedPass<DirectionScaledRange, double> directionScaled;
    private readonly ChunkedPass<CurvatureRange, double> curvature;
    private readonly ChunkedPass<MultiplyRange, double> multiply;
    private readonly ChunkedPass<MultiplyWithFormRange, double> multiplyWithForm;
    private readonly ChunkedPass<SpectralMultiplierRange, double> spectralMultiplier;
    private readonly ChunkedPass<ScaledMultiplierRange, double> scaledMultiplier;

    /// <summary>Creates the cached jobs for fields of <paramref name="count"/> values and half spectra of
    /// <paramref name="spectrumDoubles"/> doubles.</summary>
    public PoissonBoltzmannPasses(int count, int spectrumDoubles)
    {
        evaluate = new(count);
        evaluateTrial = new(count);
        trialPoint = new(count);
        directionSpectral = new(count);
        update = new(count);
        inverseSqrt = new(count);
        negateScaled = new(count);
        directionScaled = new(count);
        curvature = new(count);
        multiply = new(spectrumDoubles);
        multiplyWithForm = new(spectrumDoubles);
        spectralMultiplier = new(spectrumDoubles);
        scaledMultiplier = new(spectrumDoubles);
    }

    /// <summary><see cref="PoissonBoltzmannKernels.Evaluate"/> over whole buffers.</summary>
    public PointSums Evaluate(AlignedBuffer<double> v, AlignedBuffer<double> lv, AlignedBuffer<double> h, AlignedBuffer<double> ev, AlignedBuffer<double> f) =>
        PartialSums.Combine(evaluate.Run(new(v, lv, h, ev, f)));

    /// <summary><see cref="PoissonBoltzmannKernels.EvaluateTrial"/> over whole buffers.</summary>
    public PointSums EvaluateTrial(
        double t,
        AlignedBuffer<double> v,
        AlignedBuffer<double> step,
        AlignedBuffer<double> f,
        AlignedBuffer<double> r,
        AlignedBuffer<double> ev,
        AlignedBuffer<double> h,
        AlignedBuffer<double> vt,
        AlignedBuffer<double> evt,
        AlignedBuffer<double> ft) =>
        PartialSums.Combine(evaluateTrial.Run(new(t, v, step, f, r, ev, h, vt, evt, ft)));

    /// <summary><see cref="PoissonBoltzmannKernels.TrialPoint"/> over whole buffers.</summary>
    public double TrialPoint(double t, AlignedBuffer<double> v, AlignedBuffer<double> step, AlignedBuffer<double> f, AlignedBuffer<double> vt) =>
        Sum(trialPoint.Run(new(t, v, step, f, vt)));

    /// <summary><see cref="PoissonBoltzmannKernels.DirectionSpectral"/> over whole buffers.</summary>
    public double DirectionSpectral(
        bool first,
        double beta,
        double mean,
        AlignedBuffer<double> z,
        AlignedBuffer<double> r,
        AlignedBuffer<double> d,
        AlignedBuffer<double> p,
        AlignedBuffer<double> lp) =>
        Sum(directionSpectral.Run(new(first, beta, mean, z, r, d, p, lp)));

    /// <summary><see cref="PoissonBoltzmannKernels.Update"/> over whole buffers (<paramref name="s"/> and
    /// <paramref name="u"/> null for the unscaled update).</summary>
    public (double Residual, double Quadratic) Update(
        bool first,
        double alpha,
        AlignedBuffer<double> p,
        AlignedBuffer<double> lp,
        AlignedBuffer<double> d,
        AlignedBuffer<double> step,
        AlignedBuffer<double> rSource,
        double sign,
        AlignedBuffer<double> r,
        AlignedBuffer<double>? s,
        AlignedBuffer<double>? u) =>
        Sum(update.Run(new(first, alpha, p, lp, d, step, rSource, sign, r, s, u)));


    /// <summary><see cref="PoissonBoltzmannKernels.InverseSqrt"/> over whole buffers.</summary>
    public void InverseSqrt(AlignedBuffer<double> ev, AlignedBuffer<double> s) => inverseSqrt.Run(new(ev, s));

    /// <summary><see cref="PoissonBoltzmannKernels.NegateScaled"/> over whole buffers.</summary>
    public void NegateScaled(AlignedBuffer<double> f, AlignedBuffer<double> s, AlignedBuffer<double> r, AlignedBuffer<double> u) =>
        negateScaled.Run(new(f, s, r, u));

    /// <summary><see cref="PoissonBoltzmannKernels.DirectionScaled"/> over whole buffers.</summary>
    public void DirectionScaled(bool first, double beta, AlignedBuffer<double> s, AlignedBuffer<double> w, AlignedBuffer<double> p) =>
        directionScaled.Run(new(first, beta, s, w, p));

    /// <summary><see cref="PoissonBoltzmannKernels.Curvature"/> over whole buffers.</summary>
    public double Curvature(AlignedBuffer<double> p, AlignedBuffer<double> lp, AlignedBuffer<double> d) => Sum(curvature.Run(new(p, lp, d)));

    /// <summary><see cref="PoissonBoltzmannKernels.Multiply"/> on a half spectrum.</summary>
    public void Multiply(AlignedBuffer<Complex> x, AlignedBuffer<double> m, double c) => multiply.Run(new(x, m, c));

    /// <summary><see cref="PoissonBoltzmannKernels.MultiplyWithForm"/> on a half spectrum.</summary>
    public double MultiplyWithForm(AlignedBuffer<Complex> x, AlignedBuffer<double> m, AlignedBuffer<double> w) =>
        Sum(multiplyWithForm.Run(new(x, m, w)));

    /// <summary><see cref="PoissonBoltzmannKernels.SpectralMultiplier"/> on a half spectrum.</summary>
    public void SpectralMultiplier(AlignedBuffer<double> epsK2, double mean, double c, AlignedBuffer<double> m) =>
        spectralMultiplier.Run(new(epsK2, mean, c, m));

    /// <summary><see cref="PoissonBoltzmannKernels.ScaledMultiplier"/> on a half spectrum.</summary>
    public void ScaledMultiplier(AlignedBuffer<double> epsK2, double mean, double c, AlignedBuffer<double> m) =>
        scaledMultiplier.Run(new(epsK2, mean, c, m));

    /// <summary>The chunks' partial sums added in chunk order (one chunk: its value).</summary>
    private static double Sum(ReadOnlySpan<double> parts)
    {
        var sum = parts[0];
        for (var c = 1; c < parts.Length; c++)
        {
            sum += parts[c];
        }

        return sum;
    }

    /// <summary>The chunks' pairs of partial sums added in chunk order.</summary>
    private static (double, double) Sum(ReadOnlySpan<(double Residual, double Quadratic)> parts)
    {
        var (a, b) = parts[0];
        for (var c = 1; c < parts.Length; c++)
        {
            a += parts[c].Residual;
            b += parts[c].Quadratic;
        }

        return (a, b);
    }

    private static Span<double> Doubles(AlignedBuffer<Complex> x, int start, int length) =>
        MemoryMarshal.Cast<Complex, double>(x.Span).Slice(start, length);

    private readonly record struct EvaluateRange(
        AlignedBuffer<double> V, AlignedBuffer<double> Lv, AlignedBuffer<double> H, AlignedBuffer<double> Ev, AlignedBuffer<double> F)
        : IRangeKernel<PartialSums>
    {
        public PartialSums Run(int start, int length) => PoissonBoltzmannKernels.Evaluate(
            V.Span.Slice(start, length), Lv.Span.Slice(start, length), H.Span.Slice(start, length), Ev.Span.Slice(start, length), F.Span.Slice(start, length));
    }

    private readonly record struct EvaluateTrialRange(
        double T,
        AlignedBuffer<double> V,
        AlignedBuffer<double> Step,
        AlignedBuffer<double> F,
        AlignedBuffer<double> R,
        AlignedBuffer<double> Ev,
        AlignedBuffer<double> H,
        AlignedBuffer<double> Vt,
        AlignedBuffer<double> Evt,
        AlignedBuffer<double> Ft)
        : IRangeKernel<PartialSums>
    {
        public PartialSums Run(int start, int length) => PoissonBoltzmannKernels.EvaluateTrial(
            T,
            V.Span.Slice(start, length),
            Step.Span.Slice(start, length),
            F.Span.Slice(start, length),
            R.Span.Slice(start, length),
            Ev.Span.Slice(start, length),
            H.Span.Slice(start, length),
            Vt.Span.Slice(start, length),
            Evt.Span.Slice(start, length),
            Ft.Span.Slice(start, length));
    }

    private readonly record struct TrialPointRange(
        double T, AlignedBuffer<double> V, AlignedBuffer<double> Step, AlignedBuffer<double> F, AlignedBuffer<double> Vt)
        : IRangeKernel<double>
    {
        public double Run(int start, int length) => PoissonBoltzmannKernels.TrialPoint(
            T, V.Span.Slice(start, length), Step.Span.Slice(start, length), F.Span.Slice(start, length), Vt.Span.Slice(start, length));
    }

    private readonly record struct DirectionSpectralRange(
        bool First,
        double Beta,
        double Mean,
        AlignedBuffer<double> Z,
        AlignedBuffer<double> R,
        AlignedBuffer<double> D,
        AlignedBuffer<double> P,
        AlignedBuffer<double> Lp)
        : IRangeKernel<double>
    {
        public double Run(int start, int length) => PoissonBoltzmannKernels.DirectionSpectral(
            First,
            Beta,
            Mean,
            Z.Span.Slice(start, length),
            R.Span.Slice(start, length),
            D.Span.Slice(start, length),
            P.Span.Slice(start, length),
            Lp.Span.Slice(start, length));
    }

    private readonly record struct UpdateRange(
        bool First,
        double Alpha,
        AlignedBuffer<double> P,
        AlignedBuffer<double> Lp,
        AlignedBuffer<double> D,
        AlignedBuffer<double> Step,
        AlignedBuffer<double> RSource,
        double Sign,
        AlignedBuffer<double> R,
        AlignedBuffer<double>? S,
        AlignedBuffer<double>? U)
        : IRangeKernel<(double Residual, double Quadratic)>
    {
        public (double Residual, double Quadratic) Run(int start, int length) => PoissonBoltzmannKernels.Update(
            First,
            Alpha,
            P.Span.Slice(start, length),
            Lp.Span.Slice(start, length),
            D.Span.Slice(start, length),
            Step.Span.Slice(start, length),
            RSource.Span.Slice(start, length),
            Sign,
            R.Span.Slice(start, length),
            S is null ? default : S.Span.Slice(start, length),
            U is null ? default : U.Span.Slice(start, length));
    }

    private readonly record struct InverseSqrtRange(AlignedBuffer<double> Ev, AlignedBuffer<double> S) : IRangeKernel<double>
    {
        public double Run(int start, int length)
        {
            PoissonBoltzmannKernels.InverseSqrt(Ev.Span.Slice(start, length), S.Span.Slice(start, length));
            return 0;
        }
    }

    private readonly record struct NegateScaledRange(AlignedBuffer<double> F, AlignedBuffer<double> S, AlignedBuffer<double> R, AlignedBuffer<double> U)
        : IRangeKernel<double>
    {
        public double Run(int start, int length)
        {
            PoissonBoltzmannKernels.NegateScaled(
                F.Span.Slice(start, length), S.Span.Slice(start, length), R.Span.Slice(start, length), U.Span.Slice(start, length));
            return 0;
        }
    }

    private readonly record struct DirectionScaledRange(bool First, double Beta, AlignedBuffer<double> S, AlignedBuffer<double> W, AlignedBuffer<double> P)
        : IRangeKernel<double>
    {
        public double Run(int start, int length)
        {
            PoissonBoltzmannKernels.DirectionScaled(First, Beta, S.Span.Slice(start, length), W.Span.Slice(start, length), P.Span.Slice(start, length));
            return 0;
        }
    }

    private readonly record struct CurvatureRange(AlignedBuffer<double> P, AlignedBuffer<double> Lp, AlignedBuffer<double> D) : IRangeKernel<double>
    {
        public double Run(int start, int length) =>
            PoissonBoltzmannKernels.Curvature(P.Span.Slice(start, length), Lp.Span.Slice(start, length), D.Span.Slice(start, length));
    }

    private readonly record struct MultiplyRange(AlignedBuffer<Complex> X, AlignedBuffer<double> M, double C) : IRangeKernel<double>
    {
        public double Run(int start, int length)
        {
            PoissonBoltzmannKernels.Multiply(Doubles(X, start, length), M.Span.Slice(start, length), C);
            return 0;
        }
    }

    private readonly record struct MultiplyWithFormRange(AlignedBuffer<Complex> X, AlignedBuffer<double> M, AlignedBuffer<double> W) : IRangeKernel<double>
    {
        public double Run(int start, int length) =>
            PoissonBoltzmannKernels.MultiplyWithForm(Doubles(X, start, length), M.Span.Slice(start, length), W.Span.Slice(start, length));
    }

    private readonly record struct SpectralMultiplierRange(AlignedBuffer<double> EpsK2, double Mean, double C, AlignedBuffer<double> M)
        : IRangeKernel<double>
    {
        public double Run(int start, int length)
        {
            PoissonBoltzmannKernels.SpectralMultiplier(EpsK2.Span.Slice(start, length), Mean, C, M.Span.Slice(start, length));
            return 0;
        }
    }

    private readonly record struct ScaledMultiplierRange(AlignedBuffer<double> EpsK2, double Mean, double C, AlignedBuffer<double> M)
        : IRangeKernel<double>
    {
        public double Run(int start, int length)
        {
            PoissonBoltzmannKernels.ScaledMultiplier(EpsK2.Span.Slice(start, length), Mean, C, M.Span.Slice(start, length));
            return 0;
        }
    }
}

/// <summary>A kernel over a range of an array: computes values [start, start + length) and returns that range's part of
/// its reduction.</summary>
/// <typeparam name="TResult">The per-range result.</typeparam>
internal interface IRangeKernel<TResult>
    where TResult : struct
{
    /// <summary>Computes the range.</summary>
    /// <param name="start">First index.</param>
    /// <param name="length">Number of values.</param>
    /// <returns>The range's partial result.</returns>
    TResult Run(int start, int length);
}

/// <summary>
/// A cached job that runs one kernel over an array of fixed length: as one range on the calling thread below
/// <see cref="ComplexKernels.ParallelThreshold"/>, else in fixed chunks of <see cref="ComplexKernels.ChunkLength"/> on
/// <see cref="ParallelChunks"/>, each chunk's result in its own slot.
/// </summary>
/// <typeparam name="TKernel">The kernel (a struct holding the buffers and scalars of one call).</typeparam>
/// <typeparam name="TResult">The per-range result.</typeparam>
internal sealed class ChunkedPass<TKernel, TResult> : IChunkJob
    where TKernel : struct, IRangeKernel<TResult>
    where TResult : struct
{
    private readonly int length;
    private readonly TResult[] results;
    private TKernel kernel;

    /// <summary>Creates the job (and its result slots) for arrays of <paramref name="length"/> values.</summary>
    public ChunkedPass(int length)
    {
        this.length = length;
        results = new TResult[length >= ComplexKernels.ParallelThreshold ? ((length - 1) / ComplexKernels.ChunkLength) + 1 : 1];
    }

    /// <summary>Runs <paramref name="work"/> over the whole array; returns the chunks' results in chunk order.</summary>
    public ReadOnlySpan<TResult> Run(in TKernel work)
    {
        if (results.Length == 1)
        {
            results[0] = work.Run(0, length);
            return results;
        }

        kernel = work;
        try
        {
            ParallelChunks.Run(this, results.Length);
        }
        finally
        {
            kernel = default;
        }

        return results;
    }

    /// <inheritdoc/>
    public void Execute(int chunk)
    {
        var start = chunk * ComplexKernels.ChunkLength;
        results[chunk] = kernel.Run(start, Math.Min(ComplexKernels.ChunkLength, length - start));
    }
}
