using System.Numerics;
using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Core.Spectral;
using Oracles.Core.Spectral.Managed;
using Oracles.Properties.Arbitraries;

namespace Oracles.Properties.Core;

/// <summary>
/// The DFT identities for every FFT backend variant this machine runs — the managed backend at each SIMD level (scalar,
/// Vector256, Vector512) and native FFTW when it loads — and agreement between them. The wrapper-level identities
/// (through the default backend) are in <see cref="FftProperties"/>; here each variant is held to the same bounds, so
/// a SIMD path or the native path cannot hide behind the default.
/// </summary>
public class FftBackendProperties
{
    private static readonly (string Name, IFftBackend Backend)[] Variants = BuildVariants();

    [Property(MaxTest = 60)]
    public Property Every_backend_matches_the_naive_DFT(GridSignal s)
    {
        var x = s.Samples;
        var shape = s.Grid.Shape;
        var expected = NaiveDft(shape, x);
        var n = x.Length;

        // FFT error ≤ Fft(N)·‖X‖₂ = Fft(N)·√N‖x‖₂ in L² (Higham Thm 24.2); the naive sums add ≤ N·eps·‖x‖₁ per entry in
        // the worst case, ≤ N·eps·√N·‖x‖₂ in L² over the N entries (‖x‖₁ ≤ √N‖x‖₂). Both are far below a wrong
        // transform's O(‖X‖₂) defect.
        var tolerance = (RoundOff.Fft(n) + (n * RoundOff.Eps)) * Math.Sqrt(n) * RoundOff.Norm(x);
        var worst = 0.0;
        var worstName = string.Empty;
        foreach (var (name, backend) in Variants)
        {
            var y = (Complex[])x.Clone();
            backend.CreatePlan(shape).ForwardUnscaled(y);
            var defect = RoundOff.Distance(y, expected);
            if (defect > worst)
            {
                (worst, worstName) = (defect, name);
            }
        }

        return (worst <= tolerance)
            .Label($"{s}: ‖FFT − DFT‖ = {RoundOff.F(worst)} > {RoundOff.F(tolerance)} on {worstName}")
            .Classify(true, $"d={s.Grid.Dimension}")
            .Classify(true, GridArbitraries.SizeClass(shape));
    }

    [Property(MaxTest = 60)]
    public Property Backends_agree_with_each_other_on_forward_inverse_and_real_transforms(GridSignal s)
    {
        var shape = s.Grid.Shape;
        var x = s.Samples;
        var real = x.Select(z => z.Real).ToArray();
        var n = x.Length;
        var (reference, referenceName) = (Variants[0].Backend.CreatePlan(shape), Variants[0].Name);
        var f0 = Forward(reference, x);
        var b0 = Backward(reference, x);
        var r0 = new Complex[reference.SpectrumCount];
        reference.ForwardReal(real, r0);

        // Two transforms each within Fft(N)·√N‖x‖₂ of the exact DFT (L²): their distance is at most twice that.
        var tolerance = 2 * RoundOff.Fft(n) * Math.Sqrt(n) * RoundOff.Norm(x);
        var worst = 0.0;
        var worstWhat = string.Empty;
        foreach (var (name, backend) in Variants.Skip(1))
        {
            var plan = backend.CreatePlan(shape);
            var r = new Complex[plan.SpectrumCount];
            plan.ForwardReal(real, r);
            foreach (var (what, d) in new[]
                     {
                         ("forward", RoundOff.Distance(Forward(plan, x), f0)),
                         ("backward", RoundOff.Distance(Backward(plan, x), b0)),
                         ("real forward", RoundOff.Distance(r, r0)),
                     })
            {
                if (d > worst)
                {
                    (worst, worstWhat) = (d, $"{what} of {name} vs {referenceName}");
                }
            }
        }

        return (worst <= tolerance)
            .Label($"{s}: distance {RoundOff.F(worst)} > {RoundOff.F(tolerance)} ({worstWhat})")
            .Classify(Variants.Length > 1, "compared")
            .Classify(true, GridArbitraries.SizeClass(shape));
    }

    [Property(MaxTest = 60)]
    public Property Every_backend_satisfies_Parseval_linearity_and_the_shift_theorem(SignalPair p)
    {
        var grid = p.X.Grid;
        var shape = grid.Shape;
        var (x, y) = (p.X.Samples, p.Y.Samples);
        var n = x.Length;
        var axis = p.Y.Seed % grid.Dimension;
        var stride = grid.Stride(axis);
        var m = shape[axis];
        var shift = 1 + (p.X.Seed % Math.Max(1, m - 1)); // 1 ≤ s ≤ max(1, n − 1): never the identity shift
        var shifted = new Complex[n];
        for (var i = 0; i < n; i++)
        {
            var j = i / stride % m;
            shifted[i] = x[i + (((((j - shift) % m) + m) % m) - j) * stride];
        }

        var combined = x.Zip(y, (u, v) => (p.A * u) + (p.B * v)).ToArray();
        var normX = RoundOff.Norm(x);
        var failures = new List<string>();
        foreach (var (name, backend) in Variants)
        {
            var plan = backend.CreatePlan(shape);
            var fx = Forward(plan, x);
            var fy = Forward(plan, y);

            // Parseval Σ|X|²/N = Σ|x|²: relative error ≤ 2·Fft(N) + 8·eps (compensated sums).
            var energy = normX * normX;
            var parseval = Math.Abs((Math.Pow(RoundOff.Norm(fx), 2) / n) - energy);
            if (parseval > ((2 * RoundOff.Fft(n)) + (8 * RoundOff.Eps)) * energy)
            {
                failures.Add($"{name}: Parseval defect {RoundOff.F(parseval)}");
            }

            // Linearity: three transforms, each within Fft(N)·√N·‖input‖, weighted: 2(Fft(N) + 2eps)√N(|a|‖x‖ + |b|‖y‖).
            var lhs = Forward(plan, combined);
            var rhs = fx.Zip(fy, (u, v) => (p.A * u) + (p.B * v)).ToArray();
            var linearityScale = Math.Sqrt(n) * ((p.A.Magnitude * normX) + (p.B.Magnitude * RoundOff.Norm(y)));
            var linearity = RoundOff.Distance(lhs, rhs);
            if (linearity > 2 * (RoundOff.Fft(n) + (2 * RoundOff.Eps)) * linearityScale)
            {
                failures.Add($"{name}: linearity defect {RoundOff.F(linearity)}");
            }

            // Shift: Y_k = e^{−2πi k s/n} X_k with k·s reduced mod n in integers (phase exact to an ulp); two transforms
            // and one phase product: (2·Fft(N) + 4eps)·√N‖x‖.
            var fs = Forward(plan, shifted);
            var expected = new Complex[n];
            for (var i = 0; i < n; i++)
            {
                var k = i / stride % m;
                var turns = (double)((long)k * shift % m) / m;
                expected[i] = fx[i] * Complex.FromPolarCoordinates(1, -2 * Math.PI * turns);
            }

            var shiftDefect = RoundOff.Distance(fs, expected);
            if (shiftDefect > ((2 * RoundOff.Fft(n)) + (4 * RoundOff.Eps)) * Math.Sqrt(n) * normX)
            {
                failures.Add($"{name}: shift (axis {axis}, s = {shift}) defect {RoundOff.F(shiftDefect)}");
            }
        }

        return (failures.Count == 0)
            .Label($"{p.X} / seed {p.Y.Seed}, a = {p.A}, b = {p.B}: {string.Join("; ", failures)}")
            .Classify(true, $"d={grid.Dimension}")
            .Classify(true, GridArbitraries.SizeClass(shape));
    }

    [Property(MaxTest = 60)]
    public Property Every_backend_inverts_its_real_transform(GridSignal s)
    {
        var shape = s.Grid.Shape;
        var real = s.Samples.Select(z => z.Imaginary).ToArray();
        var n = real.Length;
        var failures = new List<string>();
        foreach (var (name, backend) in Variants)
        {
            var plan = backend.CreatePlan(shape);
            var spectrum = new Complex[plan.SpectrumCount];
            plan.ForwardReal(real, spectrum);
            var back = new double[n];
            plan.BackwardReal(spectrum, back, 1.0 / n);

            // Two transforms, each with relative L² error ≤ Fft(N); the max-norm error is below the L² error.
            var defect = RoundOff.MaxDistance(real, back);
            if (defect > 2 * RoundOff.Fft(n) * RoundOff.Norm(real))
            {
                failures.Add($"{name}: max |x − c2r(r2c x)/N| = {RoundOff.F(defect)}");
            }
        }

        return (failures.Count == 0)
            .Label($"{s}: {string.Join("; ", failures)}")
            .Classify(true, GridArbitraries.SizeClass(shape));
    }

    private static Complex[] Forward(IFftPlan plan, Complex[] x)
    {
        var y = (Complex[])x.Clone();
        plan.ForwardUnscaled(y);
        return y;
    }

    private static Complex[] Backward(IFftPlan plan, Complex[] x)
    {
        var y = (Complex[])x.Clone();
        plan.BackwardUnscaled(y);
        return y;
    }

    /// <summary>X_k = Σ_j x_j e^{−2πi j·k/n} axis by axis, straight from the definition (j·k reduced mod n in integers).</summary>
    private static Complex[] NaiveDft(IReadOnlyList<int> shape, Complex[] x)
    {
        var result = (Complex[])x.Clone();
        for (var axis = 0; axis < shape.Count; axis++)
        {
            var n = shape[axis];
            var stride = 1;
            for (var a = shape.Count - 1; a > axis; a--)
            {
                stride *= shape[a];
            }

            var next = new Complex[result.Length];
            for (var i = 0; i < result.Length; i++)
            {
                var k = i / stride % n;
                var start = i - (k * stride);
                var sum = Complex.Zero;
                for (var j = 0; j < n; j++)
                {
                    sum += result[start + (j * stride)] * Complex.FromPolarCoordinates(1, -2 * Math.PI * ((long)j * k % n) / n);
                }

                next[i] = sum;
            }

            result = next;
        }

        return result;
    }

    private static (string, IFftBackend)[] BuildVariants()
    {
        var list = new List<(string, IFftBackend)> { ("managed-scalar", ManagedFftBackend.WithLevel(SimdLevel.Scalar)) };
        if (Vector256.IsHardwareAccelerated)
        {
            list.Add(("managed-v256", ManagedFftBackend.WithLevel(SimdLevel.Vector256)));
        }

        if (Vector512.IsHardwareAccelerated)
        {
            list.Add(("managed-v512", ManagedFftBackend.WithLevel(SimdLevel.Vector512)));
        }

        if (FftwBackend.TryLoad(out var fftw, out _))
        {
            list.Add(("fftw", fftw));
        }

        return list.ToArray();
    }
}
