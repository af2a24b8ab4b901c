using System.Numerics;
using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Conservation;

/// <summary>The quantum density and current of an SPB/SP trajectory satisfy the continuity equation.</summary>
/// <remarks>
/// <para>Statement [BCY, Lemma 2.10, eq. (2.5), seed 003 L263–271]: ∂_tρ_ħ + div J_ħ = 0 with ρ_ħ = |ψ|²,
/// J_ħ = ħ Im(ψ̄∇ψ) (valid for any real potential V).</para>
/// <para>Evaluation at every centre t_n with two samples on each side at equal spacing h: ∂_tρ_ħ by the Richardson
/// extrapolated central difference (<see cref="TimeStencil"/>), div J spectrally at t_n; the residual is
/// r_n = ‖∂_tρ_ħ + div J‖₂.</para>
/// <para>Budget at each centre (L² norms): (i) sampling: the Richardson estimate ‖(D_h − D_{2h})/3‖₂ of the error
/// of the central difference (an over-estimate of the error of the extrapolated value used); (ii) round-off:
/// 1.5/h times the fresh round-off of a sample, eps·(1+log₂N)·max ρ per solver step between samples, plus the
/// spectral round-off of div J, 8·eps·(1+log₂N)·k_max·max|J|; (iii) spatial aliasing: products ψ̄∇ψ alias unless ψ
/// has no modes beyond a quarter of the grid, so 2ħ·k_max·max|ψ|·max|∇ψ|·tail¼(ψ); (iv) the solver: a p-th order
/// scheme solves a modified equation whose defect is Δt^p times a (p+1)-th time derivative, estimated by
/// Δt^p·‖∂_t^{p+1}ρ_ħ‖₂ from the same five samples (Provenance.SolverTimeStep, SchemeOrder ≤ 3; zero when
/// SolverTimeStep = 0 declares an exact trajectory). L^∞ bounds enter L² items times √|T^d|.</para>
/// <para>Verdict: Pass when every centre is within (i)–(iii) (then (iv) is not needed); otherwise Pass/Fail against
/// (i)–(iv) when the provenance gives (iv), Inconclusive when it does not.</para>
/// </remarks>
[Cites("BCY", "Lemma 2.10, eq. (2.5) L263-271")]
public sealed class ContinuityEquationHolds : OracleBase
{
    /// <inheritdoc/>
    public override string Id => "BCY.L2.10.continuity";

    /// <inheritdoc/>
    public override string Title => "∂_tρ_ħ + div J_ħ = 0 along the quantum trajectory";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.Identity;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann, SystemIds.SchrodingerPoisson];

    /// <inheritdoc/>
    public override string Statement => @"\partial_t\rho_{\varepsilon,\hbar}+\operatorname{div}J_{\varepsilon,\hbar}=0,\quad \rho=|\psi|^2,\ J=\hbar\,\mathrm{Im}(\bar\psi\nabla\psi)";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Lemma 2.10, eq. (2.5) L263–271";

    /// <inheritdoc/>
    public override string Requirements => "A quantum trajectory (spb or sp) with ψ at ≥ 5 equally spaced times; Provenance.SolverTimeStep and SchemeOrder for the solver term.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Per centre: Richardson estimate (spacings h, 2h) of the time-difference error + round-off (differencing and spectral div J) + quarter-band aliasing + Δt^p·‖∂_t^{p+1}ρ‖ for the solver (from provenance).";

    /// <inheritdoc/>
    protected override OracleResult EvaluateCore(OracleContext context)
    {
        if (Inputs.Quantum(context, Id, [.. Systems]) is { } missing)
        {
            return NotApplicable(missing);
        }

        var q = context.Quantum!;
        var centres = TimeStencil.Centres(q.Times);
        if (centres.Length == 0)
        {
            return Inconclusive($"{Id} differentiates ρ_ħ in time from five equally spaced samples; the trajectory has {Fmt.I(q.Count)} samples and no such stencil. Record ≥ 5 samples at a constant interval.");
        }

        var ws = new FieldWorkspace(q.Grid);
        var n = ws.N;
        var d = ws.D;
        var hbar = q.Parameters.Hbar;
        var sqrtVol = Math.Sqrt(q.Grid.Volume);
        var shared = SharedFrames.Of(q);
        var dRho = new double[n];
        var err = new double[n];
        var divJ = new double[n];
        var dtSolver = q.Provenance.SolverTimeStep;
        var order = q.Provenance.SchemeOrder;
        var exact = Inputs.IsExact(q);
        var solverKnown = exact || (dtSolver is > 0 && order is >= 1 and <= 3);

        var worstRatio = double.NegativeInfinity;
        Centre worst = default;
        var needsSolver = false;
        var maxResidual = 0.0;
        foreach (var c in centres)
        {
            var h = TimeStencil.Spacing(q.Times, c);
            TimeStencil.Field(shared.Density(c - 2), shared.Density(c - 1), shared.Density(c + 1), shared.Density(c + 2), h, dRho, err);
            var psi = q.Psi(c);
            var current = shared.Current(c);
            ws.Ops.Divergence(current, divJ);
            var maxPsi = FieldWorkspace.LInf(psi);
            var dpsi = shared.DPsi(c);
            var maxGradPsi = 0.0;
            for (var a = 0; a < d; a++)
            {
                maxGradPsi = Math.Max(maxGradPsi, FieldWorkspace.LInf(dpsi.AsSpan(a * n, n)));
            }

            for (var i = 0; i < n; i++)
            {
                divJ[i] += dRho[i];
            }

            var residual = Norms.L2(q.Grid, divJ);
            maxResidual = Math.Max(maxResidual, residual);
            var stepsBetween = dtSolver is > 0 ? Math.Max(1, h / dtSolver.Value) : 1;

            // The budget's items (reasons in Budget below, formed for the worst centre only); total as ToleranceBudget.Total sums it.
            var x = new Centre(
                c,
                h,
                residual,
                Norms.L2(q.Grid, err),
                sqrtVol * ((TimeStencil.NoiseGain / h * RoundOff.Eps * RoundOff.FftDepth(n) * Norms.LInf(shared.Density(c)) * stepsBetween)
                           + RoundOff.Spectral(ws.KMax * Norms.LInf(current), n)),
                sqrtVol * 2 * hbar * ws.KMax * maxPsi * maxGradPsi * shared.QuarterTailPsi(c),
                sqrtVol * 2 * hbar * ws.KMax * ws.KMax * maxPsi * maxPsi * Math.Sqrt(3) * ws.Ops.TailFraction(psi),
                null,
                0);
            var total = 0.0 + x.Sampling + x.RoundOff + x.Aliasing + x.DataNoise;
            var status = residual <= total ? OracleStatus.Pass : OracleStatus.Fail;
            if (status == OracleStatus.Fail && !exact)
            {
                needsSolver = true;
                if (solverKnown)
                {
                    var p = order!.Value;
                    var derivative = TimeStencil.HigherMaxAbs(p + 1, shared.Density(c - 2), shared.Density(c - 1), shared.Density(c), shared.Density(c + 1), shared.Density(c + 2), h);
                    x = x with { Solver = sqrtVol * Math.Pow(dtSolver!.Value, p) * derivative, Derivative = derivative };
                    total += x.Solver.Value;
                    status = residual <= total ? OracleStatus.Pass : OracleStatus.Fail;
                }
            }

            var ratio = residual / total;
            if (ratio > worstRatio)
            {
                worstRatio = ratio;
                worst = x with { Status = status };
            }
        }

        var budget = ToleranceBudget.None
            .With(ToleranceSource.Discretization, worst.Sampling, $"sampling: Richardson estimate ‖(D_h − D_2h)/3‖₂ of the central-difference error, h = {Fmt.E(worst.H)}")
            .With(ToleranceSource.RoundOff, worst.RoundOff, "round-off: 1.5/h·eps·(1+log₂N)·max ρ per solver step between samples + 8·eps·(1+log₂N)·k_max·max|J| (spectral div J)")
            .With(ToleranceSource.Discretization, worst.Aliasing, "spatial aliasing: 2ħ·k_max·max|ψ|·max|∇ψ|·tail¼(ψ)")
            .With(
                ToleranceSource.RoundOff,
                worst.DataNoise,
                "data noise: 2ħ·k_max²·max|ψ|²·√3·tail(ψ) — rounding already in the samples (e.g. e^{iθ} with large θ) is white, puts ≥ 1/3 of its power beyond the 2/3 band, and reaches div J through two derivatives");
        if (worst.Solver is { } solver)
        {
            var p = order!.Value;
            budget = budget.With(
                ToleranceSource.Discretization,
                solver,
                $"solver: Δt^p·max|∂_t^{p + 1}ρ| = {Fmt.E(dtSolver!.Value)}^{p}·{Fmt.E(worst.Derivative)} (order {p} scheme, modified-equation defect)");
        }

        var where = $"t = {Fmt.G(q.Times[worst.Index])}";
        var details = new Dictionary<string, double>
        {
            ["centres"] = centres.Length,
            ["maxResidual"] = maxResidual,
            ["worstRatio"] = worstRatio,
        };
        if (needsSolver && !solverKnown)
        {
            return Result(
                OracleStatus.Inconclusive, worst.Residual, 0, budget,
                $"‖∂_tρ_ħ + div J‖₂ = {Fmt.E(worst.Residual)} at {where} exceeds what sampling, round-off and aliasing explain ({Fmt.E(budget.Total)}), and the solver's error cannot be budgeted: set Provenance.SolverTimeStep and SchemeOrder (≤ 3), or declare an exact trajectory with SolverTimeStep = 0.",
                where, details);
        }

        var pass = worst.Status == OracleStatus.Pass;
        return Result(
            worst.Status, worst.Residual, 0, budget,
            pass
                ? $"The continuity equation holds at all {Fmt.I(centres.Length)} centres; worst residual {Fmt.E(worst.Residual)} at {where} uses {Fmt.G(100 * worstRatio)} % of its budget."
                : $"‖∂_tρ_ħ + div J‖₂ = {Fmt.E(worst.Residual)} at {where} exceeds its budget {budget}. The density does not move with the current J = ħ Im(ψ̄∇ψ): check the kinetic phase e^(−iħ|k|²Δt/2) (ħ vs ħ², sign), the time stamps of the samples, and that ψ is not modified outside the unitary sub-steps (renormalisation, filtering).",
            where, details);
    }

    /// <summary>One centre's residual and budget items (the solver item only when it was needed and known).</summary>
    private readonly record struct Centre(
        int Index, double H, double Residual, double Sampling, double RoundOff, double Aliasing, double DataNoise, double? Solver, double Derivative)
    {
        public OracleStatus Status { get; init; }
    }
}
