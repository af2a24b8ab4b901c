using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;

namespace Oracles.Catalog.Bcy.Inequalities;

/// <summary>
/// Shared evaluation of |∫(J − ρ_ħu)·b| ≤ c‖b‖_∞√𝒦 over a deterministic family of test fields b
/// (c = 2 as printed, c = √2 sharp).
/// </summary>
/// <remarks>
/// <para>Identity behind the bound (step 5 of Theorem 1.2, errata F23): ρ_ħu − J = Re(conj(Aψ)ψ) pointwise
/// (A = iħ∇ + u, the same spectral gradient in J and 𝒦), so |∫(J − ρ_ħu)·b| ≤ ‖b‖_∞‖Aψ‖₂‖ψ‖₂ = ‖b‖_∞√(2𝒦)‖ψ‖₂
/// (Cauchy–Schwarz; exact for the discrete fields). Equality holds for a plane wave with u = 0, b = 1.</para>
/// <para>Test fields b (deterministic): the unit vectors e_j; sin(2πm x_a/L)e_j and cos(2πm x_a/L)e_j for m = 1, 2,
/// every axis a and component j; and the smoothed worst case b = w/√(|w|² + δ²), w = J − ρ_ħu,
/// δ = 1e−3·max|w| (Lipschitz, ‖b‖_∞ ≤ 1, saturates the L¹ norm of w to 1e−3).</para>
/// <para>Budget: BCY take ‖ψ‖₂ = 1, so only the normalisation round-off is allowed,
/// min(max(0, √2‖ψ‖₂ − c), √2·16·eps)‖b‖_∞√𝒦 (an unnormalised ψ fails the sharp form), plus round-off
/// 8·eps·(1+log₂N)·‖b‖_∞(∫|J| + ∫ρ_ħ|u| + c√𝒦).</para>
/// </remarks>
public abstract class CurrentDefectBoundOracle : OracleBase
{
    /// <summary>The constant c of the bound.</summary>
    private protected abstract double Constant { get; }

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.ExplicitInequality;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann, SystemIds.SchrodingerPoisson];

    /// <inheritdoc/>
    public override string Requirements => "A quantum trajectory (spb or sp) with ψ and a fluid trajectory with u on the same grid and times.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Exact for the discrete fields (pointwise identity + Cauchy–Schwarz) when ‖ψ‖₂ = 1: normalisation round-off + 8·eps·(1+log₂N)·‖b‖_∞(∫|J| + ∫ρ|u| + c√𝒦).";

    /// <inheritdoc/>
    protected sealed override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        if (Inputs.Fluid(context, Id, needDensity: false, needVelocity: true) is { } noFluid)
        {
            return NotApplicable(noFluid);
        }

        var q = context.Quantum!;
        var f = context.Fluid!;
        var n = q.Grid.Count;
        var pair = SharedFrames.Of(q).With(f);
        var fields = new Lazy<TestFields>(() => new TestFields(q.Grid));
        var worstRatio = double.NegativeInfinity;
        (double Lhs, double Rhs, double Normalisation, double RoundOffItem, int Frame, string Field) worst = (0, 0, 0, 0, 0, string.Empty);
        for (var k = 0; k < q.Count; k++)
        {
            var frame = pair.Memo(MemoKey, k, m => Measure(q, f, pair, fields.Value, m));
            var sqrtK = Math.Sqrt(frame.Kinetic);
            for (var b = 0; b < frame.Lhs.Length; b++)
            {
                var maxB = frame.MaxB[b];
                var lhs = frame.Lhs[b];
                var rhs = Constant * maxB * sqrtK;
                var normalisation = Math.Min(Math.Max(0, (Math.Sqrt(2) * frame.Norm) - Constant), Math.Sqrt(2) * 16 * RoundOff.Eps) * maxB * sqrtK;
                var roundOff = RoundOff.Spectral(maxB * (frame.AbsJ + frame.AbsRhoU + rhs), n);

                // The budget's total, as ToleranceBudget.Total sums it (0 + item₁ + item₂); the budget itself is built for the worst only.
                var ratio = lhs / (rhs + (0.0 + normalisation + roundOff));
                if (ratio > worstRatio)
                {
                    worstRatio = ratio;
                    worst = (lhs, rhs, normalisation, roundOff, k, frame.Names[b]);
                }
            }
        }

        var budget = ToleranceBudget.None
            .With(ToleranceSource.RoundOff, worst.Normalisation, "normalisation round-off: min(max(0, √2‖ψ‖₂ − c), √2·16·eps)‖b‖_∞√𝒦 (BCY take ‖ψ‖₂ = 1)")
            .With(ToleranceSource.RoundOff, worst.RoundOffItem, "8·eps·(1+log₂N)·‖b‖_∞(∫|J| + ∫ρ|u| + c√𝒦)");
        var where = $"t = {Fmt.G(q.Times[worst.Frame])}, b = {worst.Field}";
        var status = Judge(worst.Lhs, worst.Rhs, budget);
        var details = new Dictionary<string, double> { ["ratio"] = worst.Rhs > 0 ? worst.Lhs / worst.Rhs : 0, ["frames"] = q.Count };
        return Result(
            status, worst.Lhs, worst.Rhs, budget,
            status == OracleStatus.Pass
                ? $"|∫(J − ρ_ħu)·b| ≤ {ConstantText}‖b‖_∞√𝒦 for every test field at all {Fmt.I(q.Count)} samples; worst ratio {Fmt.G(worst.Rhs > 0 ? worst.Lhs / worst.Rhs : 0)} at {where}."
                : $"|∫(J − ρ_ħu)·b| = {Fmt.E(worst.Lhs)} exceeds {ConstantText}‖b‖_∞√𝒦 = {Fmt.E(worst.Rhs)} at {where} (budget {budget}). The bound follows from J − ρ_ħu = −Re(conj(Aψ)ψ) and Cauchy–Schwarz, exactly for consistent fields: J and 𝒦 must use the same ħ and gradient, and ‖ψ‖₂ = 1.",
            where, details);
    }

    /// <summary>The key of the shared per-frame sums (<see cref="SharedFrames.PairFrames.Memo{T}"/>).</summary>
    private const string MemoKey = "current-defect";

    /// <summary>The constant as text (2 or √2).</summary>
    private protected abstract string ConstantText { get; }

    /// <summary>
    /// The sums of one frame that do not depend on c: 𝒦, ‖ψ‖₂, ∫|J|, ∫ρ_ħ|u| and, per test field b, |∫(J − ρ_ħu)·b| and
    /// ‖b‖_∞ (shared by the √2 and 2 forms through <see cref="SharedFrames.PairFrames.Memo{T}"/>).
    /// </summary>
    private static DefectFrame Measure(Trajectory q, Trajectory f, SharedFrames.PairFrames pair, TestFields fields, int k)
    {
        var shared = SharedFrames.Of(q);
        var n = q.Grid.Count;
        var d = q.Grid.Dimension;
        var u = f.Velocity(k);
        var rho = shared.Density(k);
        var current = shared.Current(k);
        var kinetic = pair.ModulatedKinetic(k);
        var norm = Math.Sqrt(shared.Mass(k));
        var w = new double[d * n];
        double absJ = 0, absRhoU = 0, maxW = 0;
        for (var i = 0; i < n; i++)
        {
            var w2 = 0.0;
            for (var a = 0; a < d; a++)
            {
                var idx = (a * n) + i;
                w[idx] = current[idx] - (rho[i] * u[idx]);
                absJ += Math.Abs(current[idx]);
                absRhoU += rho[i] * Math.Abs(u[idx]);
                w2 += w[idx] * w[idx];
            }

            maxW = Math.Max(maxW, Math.Sqrt(w2));
        }

        absJ *= q.Grid.CellVolume;
        absRhoU *= q.Grid.CellVolume;
        var count = fields.Count + (maxW > 0 ? 1 : 0);
        var lhs = new double[count];
        var maxB = new double[count];
        for (var b = 0; b < fields.Count; b++)
        {
            // b = profile(x_axis)·e_component: the other components are exact zeros, whose products add nothing.
            var (component, profile) = (fields.Component[b], fields.Profile[b]);
            var wj = w.AsSpan(component * n, n);
            var dot = 0.0;
            for (var i = 0; i < n; i++)
            {
                dot += wj[i] * profile[i];
            }

            lhs[b] = Math.Abs(dot * q.Grid.CellVolume);
            maxB[b] = fields.MaxB[b];
        }

        if (maxW > 0)
        {
            // The smoothed worst case b = w/√(|w|² + δ²), δ = 1e−3·max|w|.
            var delta = 1e-3 * maxW;
            double dot = 0, max = 0;
            for (var i = 0; i < n; i++)
            {
                var w2 = 0.0;
                for (var a = 0; a < d; a++)
                {
                    w2 += w[(a * n) + i] * w[(a * n) + i];
                }

                var s = 1 / Math.Sqrt(w2 + (delta * delta));
                var b2 = 0.0;
                for (var a = 0; a < d; a++)
                {
                    var bi = w[(a * n) + i] * s;
                    dot += w[(a * n) + i] * bi;
                    b2 += bi * bi;
                }

                max = Math.Max(max, Math.Sqrt(b2));
            }

            lhs[^1] = Math.Abs(dot * q.Grid.CellVolume);
            maxB[^1] = max;
        }

        return new DefectFrame(kinetic, norm, absJ, absRhoU, lhs, maxB, maxW > 0 ? fields.NamesWithSmoothed : fields.Names);
    }

    /// <summary>The c-independent sums of one frame; <see cref="Names"/>[b] names test field b.</summary>
    private sealed record DefectFrame(double Kinetic, double Norm, double AbsJ, double AbsRhoU, double[] Lhs, double[] MaxB, string[] Names);

    /// <summary>
    /// The fixed test fields: e_j, sin(2πm x_a/L)e_j and cos(2πm x_a/L)e_j for m = 1, 2, every axis a and component j, in
    /// this order, each as its non-zero component and its profile on the grid, with ‖b‖_∞.
    /// </summary>
    private sealed class TestFields
    {
        public TestFields(PeriodicGrid grid)
        {
            var n = grid.Count;
            var d = grid.Dimension;
            var x = new double[d][];
            for (var a = 0; a < d; a++)
            {
                x[a] = new double[n];
                grid.FillCoordinates(a, x[a]);
            }

            var names = new List<string>();
            var components = new List<int>();
            var profiles = new List<double[]>();
            void Add(string name, int component, Func<int, double> value)
            {
                var profile = new double[n];
                for (var i = 0; i < n; i++)
                {
                    profile[i] = value(i);
                }

                names.Add(name);
                components.Add(component);
                profiles.Add(profile);
            }

            for (var j = 0; j < d; j++)
            {
                Add($"e_{j + 1}", j, _ => 1.0);
                for (var a = 0; a < d; a++)
                {
                    for (var m = 1; m <= 2; m++)
                    {
                        var (aa, mm) = (a, m);
                        Add($"sin(2π·{mm}x_{aa + 1})e_{j + 1}", j, i => Math.Sin(2 * Math.PI * mm * x[aa][i] / grid.Length));
                        Add($"cos(2π·{mm}x_{aa + 1})e_{j + 1}", j, i => Math.Cos(2 * Math.PI * mm * x[aa][i] / grid.Length));
                    }
                }
            }

            Names = [.. names];
            NamesWithSmoothed = [.. names, "w/√(|w|²+δ²), w = J − ρ_ħu"];
            Component = [.. components];
            Profile = [.. profiles];
            MaxB = new double[Profile.Length];
            for (var b = 0; b < MaxB.Length; b++)
            {
                // ‖b‖_∞ = max_i (Σ_a b_a²)^{1/2} with the zero components included, as the sums were formed before.
                var max = 0.0;
                for (var i = 0; i < n; i++)
                {
                    var b2 = 0.0;
                    for (var a = 0; a < d; a++)
                    {
                        var ba = a == Component[b] ? Profile[b][i] : 0.0;
                        b2 += ba * ba;
                    }

                    max = Math.Max(max, Math.Sqrt(b2));
                }

                MaxB[b] = max;
            }
        }

        public int Count => Profile.Length;

        public string[] Names { get; }

        public string[] NamesWithSmoothed { get; }

        public int[] Component { get; }

        public double[][] Profile { get; }

        public double[] MaxB { get; }
    }
}
