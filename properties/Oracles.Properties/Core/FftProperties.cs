using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Core.Spectral;
using Oracles.Properties.Arbitraries;

namespace Oracles.Properties.Core;

/// <summary>
/// Algebraic identities of the DFT X_k = Σ_j x_j e^{−2πi j·k/n} (forward unscaled, inverse scaled 1/N, README
/// "Conventions"), on 1- to 3-D shapes with odd, prime and power-of-two sizes. Every tolerance is the FFT round-off
/// bound <see cref="RoundOff.Fft"/> times the size of the data.
/// </summary>
public class FftProperties
{
    [Property]
    public Property Parseval_holds_with_forward_unscaled_and_inverse_scaled(GridSignal s)
    {
        var x = s.Samples;
        var spectrum = Forward(s.Grid.Shape, x);
        var n = x.Length;
        var energy = Square(RoundOff.Norm(x));
        var spectralEnergy = Square(RoundOff.Norm(spectrum)) / n;

        // Σ|X|²/N = Σ|x|²: a relative error δ = Fft(N) in X gives ≤ 2δ + δ² in the energy; the compensated sums add
        // a few eps.
        var tolerance = ((2 * RoundOff.Fft(n)) + (8 * RoundOff.Eps)) * energy;
        var defect = Math.Abs(spectralEnergy - energy);
        return (defect <= tolerance)
            .Label($"{s}: |Σ|X|²/N − Σ|x|²| = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, $"d={s.Grid.Dimension}")
            .Classify(true, GridArbitraries.SizeClass(s.Grid.Shape));
    }

    [Property]
    public Property Forward_transform_is_linear(SignalPair p)
    {
        var (x, y) = (p.X.Samples, p.Y.Samples);
        var combined = x.Zip(y, (u, v) => (p.A * u) + (p.B * v)).ToArray();
        var lhs = Forward(p.X.Grid.Shape, combined);
        var fx = Forward(p.X.Grid.Shape, x);
        var fy = Forward(p.X.Grid.Shape, y);
        var rhs = fx.Zip(fy, (u, v) => (p.A * u) + (p.B * v)).ToArray();

        // Three transforms, each wrong by ≤ Fft(N)·‖X‖ with ‖X‖ = √N‖x‖ (Parseval), plus eps-size rounding of the
        // combinations, all scaled by the weights: 2·(Fft(N) + 2eps)·√N·(|a|‖x‖ + |b|‖y‖).
        var n = x.Length;
        var scale = Math.Sqrt(n) * ((p.A.Magnitude * RoundOff.Norm(x)) + (p.B.Magnitude * RoundOff.Norm(y)));
        var tolerance = 2 * (RoundOff.Fft(n) + (2 * RoundOff.Eps)) * scale;
        var defect = RoundOff.Distance(lhs, rhs);
        return (defect <= tolerance)
            .Label($"{p.X} / seed {p.Y.Seed}, a = {p.A}, b = {p.B}: ‖F(ax+by) − aFx − bFy‖ = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, $"d={p.X.Grid.Dimension}")
            .Classify(true, GridArbitraries.SizeClass(p.X.Grid.Shape));
    }

    [Property]
    public Property Shifting_by_s_points_multiplies_the_spectrum_by_the_phase_e_to_the_minus_2_pi_i_k_s_over_n(ShiftedSignal c)
    {
        var grid = c.Signal.Grid;
        var x = c.Signal.Samples;
        var stride = grid.Stride(c.Axis);
        var n = grid.Shape[c.Axis];

        // y_j = x_{j − s e_axis} (indices mod n along the axis).
        var y = new Complex[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var j = i / stride % n;
            var source = i + ((((j - c.Shift) % n) + n) % n - j) * stride;
            y[i] = x[source];
        }

        var expected = Forward(grid.Shape, x);
        for (var i = 0; i < expected.Length; i++)
        {
            // Y_k = e^{−2πi k s/n} X_k, with k·s reduced mod n in integers so the phase is exact to an ulp.
            var k = i / stride % n;
            var turns = (double)((long)k * c.Shift % n) / n;
            expected[i] *= Complex.FromPolarCoordinates(1, -2 * Math.PI * turns);
        }

        var actual = Forward(grid.Shape, y);

        // Two transforms of the same data (‖X‖ = √N‖x‖), each within Fft(N); the phase product adds ≤ 2 eps.
        var tolerance = 2 * (RoundOff.Fft(x.Length) + (2 * RoundOff.Eps)) * Math.Sqrt(x.Length) * RoundOff.Norm(x);
        var defect = RoundOff.Distance(actual, expected);
        return (defect <= tolerance)
            .Label($"{c.Signal}, shift {c.Shift} on axis {c.Axis}: ‖F(shifted) − phase·F(x)‖ = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(c.Shift == 1, "shift by one point")
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    [Property]
    public Property Inverse_after_forward_returns_the_signal(GridSignal s)
    {
        var x = s.Samples;
        var y = (Complex[])x.Clone();
        Fft.Forward(s.Grid, y);
        Fft.Inverse(s.Grid, y);

        // Two transforms (relative Fft(N) each) and the 1/N scaling (one rounding per entry).
        var tolerance = ((2 * RoundOff.Fft(x.Length)) + RoundOff.Eps) * RoundOff.Norm(x);
        var defect = RoundOff.Distance(x, y);
        return (defect <= tolerance)
            .Label($"{s}: ‖F⁻¹Fx − x‖ = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, $"d={s.Grid.Dimension}")
            .Classify(true, GridArbitraries.SizeClass(s.Grid.Shape));
    }

    [Property]
    public Property Inverse_is_the_conjugated_forward_divided_by_N(GridSignal s)
    {
        var x = s.Samples;
        var inverse = (Complex[])x.Clone();
        Fft.Inverse(s.Grid, inverse);
        var viaForward = x.Select(Complex.Conjugate).ToArray();
        Fft.Forward(s.Grid, viaForward);
        var n = x.Length;
        var expected = viaForward.Select(z => Complex.Conjugate(z) / n).ToArray();

        // ‖F⁻¹x‖ = ‖x‖/√N; each side within Fft(N) of it, plus one rounding of the scaling.
        var tolerance = ((2 * RoundOff.Fft(n)) + (2 * RoundOff.Eps)) * RoundOff.Norm(x) / Math.Sqrt(n);
        var defect = RoundOff.Distance(inverse, expected);
        return (defect <= tolerance)
            .Label($"{s}: ‖F⁻¹x − conj(F conj x)/N‖ = {RoundOff.F(defect)} > {RoundOff.F(tolerance)}")
            .Classify(true, GridArbitraries.SizeClass(s.Grid.Shape));
    }

    [Property]
    public Property Spectrum_of_a_real_signal_is_Hermitian(GridSignal s)
    {
        var grid = s.Grid;
        var x = s.Samples.Select(z => new Complex(z.Real, 0)).ToArray();
        var spectrum = Forward(grid.Shape, x);

        // X_{−k} = conj(X_k) for real x; −k is taken per axis mod n_a.
        var worst = 0.0;
        for (var i = 0; i < spectrum.Length; i++)
        {
            var mirror = 0;
            for (var a = 0; a < grid.Dimension; a++)
            {
                var n = grid.Shape[a];
                var k = i / grid.Stride(a) % n;
                mirror += (n - k) % n * grid.Stride(a);
            }

            worst = Math.Max(worst, (spectrum[mirror] - Complex.Conjugate(spectrum[i])).Magnitude);
        }

        // Both entries carry an error ≤ Fft(N)·‖X‖₂ (a bound on every entry too).
        var tolerance = 2 * RoundOff.Fft(x.Length) * Math.Sqrt(x.Length) * RoundOff.Norm(x);
        return (worst <= tolerance)
            .Label($"{s} (real part): max|X_(−k) − conj X_k| = {RoundOff.F(worst)} > {RoundOff.F(tolerance)}")
            .Classify(true, GridArbitraries.SizeClass(grid.Shape));
    }

    private static Complex[] Forward(IReadOnlyList<int> shape, Complex[] x)
    {
        var y = (Complex[])x.Clone();
        Fft.Forward(shape, y);
        return y;
    }

    private static double Square(double x) => x * x;
}
