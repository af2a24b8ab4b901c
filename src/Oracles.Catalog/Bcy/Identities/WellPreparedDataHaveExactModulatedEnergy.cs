using System.Numerics;
using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Identities;

/// <summary>A trajectory started from the well-prepared data of Lemma 4.1 has ℰ(0) equal to the exact value R13, and ℰ(0) → 0 along a family.</summary>
/// <remarks>
/// <para>Statement [BCY, Lemma 4.1, eq. (4.1), seed 003 L916–962; catalogue R13 and BCY.L4.1.V0/conv]: for ρ₀ &gt; 0,
/// ∫ρ₀ = 1, u₀ = ∇U₀, V₀ = log ρ₀ and ψ^in = √(e^{V₀} − εΔV₀)e^{iU₀/ħ}: V(0) = V₀, m(0) = ρ₀, the entropy term
/// vanishes, and ℰ_{ε,ħ}(0) = ½ħ²‖∇√(ρ₀ − εΔlog ρ₀)‖²₂ + (ε/2)‖∇log ρ₀‖²₂ (exact; needs only ρ₀, ε, ħ), which → 0
/// as ε, ħ → 0.</para>
/// <para>Premise: the trajectory is Lemma 4.1 data for the fluid's (ρ(0), u(0)). It is taken as given when
/// <see cref="OracleContext.Declarations"/> contains <c>BCY.L4.1.data</c>, and detected otherwise when
/// |ψ(0)|² = ρ₀ − εΔlog ρ₀ and J(0) = ρ_ħ(0)u(0) hold to 1e−8 (relative); undeclared, undetected data are
/// NotApplicable. A declared datum with ρ₀ − εΔlog ρ₀ ≤ 0 somewhere fails (Lemma 4.1 needs ε small).</para>
/// <para>Check: |ℰ(0) − R13| ≤ budget, ℰ(0) from the trajectory's ψ(0), V(0) (solved when absent) and the fluid's
/// ρ(0), u(0). Budget: spatial aliasing (‖ħ∇ψ₀‖₂ + ‖u₀ψ₀‖₂)²·tail¼(ψ₀) + 2𝒱·tail¼(log ρ₀) (ψ₀ = ϱe^{iU₀/ħ} is
/// not band-limited); V(0) noise ε‖ΔV₀‖₂·min(‖r‖₂, allowance)/min e^V (first-order change of ℰ at V₀); round-off
/// 8·eps·(1+log₂N)·((‖ħ∇ψ₀‖₂ + ‖u₀ψ₀‖₂)² + 𝒱 + ∫m + ∫ρ₀). With a <see cref="OracleContext.Family"/>, every member
/// that is Lemma 4.1 data is checked the same way, and ℰ(0) must be smaller on the last rung (smallest ε + ħ²) than
/// on the first; if not, the convergence part is Inconclusive.</para>
/// </remarks>
[Cites("BCY", "Lemma 4.1, eq. (4.1) L916-962 (R13: exact E(0))")]
public sealed class WellPreparedDataHaveExactModulatedEnergy : OracleBase
{
    /// <summary>The declaration that marks Lemma 4.1 data.</summary>
    public const string Declaration = "BCY.L4.1.data";

    /// <summary>Relative tolerance of the detection of undeclared Lemma 4.1 data.</summary>
    private const double DetectionTolerance = 1e-8;

    /// <inheritdoc/>
    public override string Id => "BCY.L4.1.data";

    /// <inheritdoc/>
    public override string Title => "Lemma 4.1 data: ℰ(0) = ½ħ²‖∇√(ρ₀ − εΔlog ρ₀)‖² + (ε/2)‖∇log ρ₀‖² → 0";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.Identity;

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann];

    /// <inheritdoc/>
    public override string Statement =>
        @"\psi^{in}=\sqrt{e^{V_0}-\varepsilon\Delta V_0}\,e^{iU_0/\hbar},\ V_0=\log\rho_0\ \Rightarrow\ \mathcal E_{\varepsilon,\hbar}(0)=\tfrac12\hbar^2\big\|\nabla\sqrt{\rho_0-\varepsilon\Delta\log\rho_0}\big\|_2^2+\tfrac\varepsilon2\|\nabla\log\rho_0\|_2^2\xrightarrow[\varepsilon,\hbar\to0]{}0";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), Lemma 4.1, eq. (4.1) L916–962; catalogue R13";

    /// <inheritdoc/>
    public override string Requirements =>
        "An spb trajectory with ψ (V optional) and the fluid (ρ, u) at the same times; the premise declared as OracleContext.Declarations ∋ \"BCY.L4.1.data\" (or detectable from ψ(0)); optionally a Family for ℰ(0) → 0.";

    /// <inheritdoc/>
    public override string TolerancePolicy =>
        "Quarter-band aliasing of ψ₀ and log ρ₀ (scaled by the kinetic and field energies), V(0) noise within the PB allowance, round-off 8·eps·(1+log₂N)·scale.";

    /// <inheritdoc/>
    protected override OracleResult EvaluateCore(OracleContext context)
    {
        var members = new List<OracleContext>();
        if (context.Quantum is not null)
        {
            members.Add(context);
        }

        members.AddRange(context.Family);
        if (members.Count == 0)
        {
            return NotApplicable($"{Id} needs a quantum trajectory started from Lemma 4.1 data and its fluid (ρ, u); the context has neither (nor a Family).");
        }

        var checks = new List<Check>();
        string? firstReason = null;
        foreach (var member in members)
        {
            var check = CheckOne(member, out var reason);
            if (check is null)
            {
                firstReason ??= reason;
                continue;
            }

            checks.Add(check);
        }

        if (checks.Count == 0)
        {
            return NotApplicable(firstReason!);
        }

        var details = new Dictionary<string, double>();
        for (var k = 0; k < checks.Count; k++)
        {
            details[$"E0[{k}]"] = checks[k].Energy;
            details[$"R13[{k}]"] = checks[k].Exact;
            details[$"eps[{k}]"] = checks[k].Eps;
            details[$"hbar[{k}]"] = checks[k].Hbar;
        }

        var failing = checks.FirstOrDefault(c => c.Status == OracleStatus.Fail);
        if (failing is not null)
        {
            return Result(OracleStatus.Fail, failing.Observed, 0, failing.Budget, failing.Message, failing.Where, details);
        }

        var worst = checks.MaxBy(c => c.Observed / c.Budget.Total)!;
        if (checks.Count < 2)
        {
            return Result(OracleStatus.Pass, worst.Observed, 0, worst.Budget, worst.Message, worst.Where, details);
        }

        var ordered = checks.OrderByDescending(c => c.Eps + (c.Hbar * c.Hbar)).ToArray();
        var decreased = ordered[^1].Energy < ordered[0].Energy;
        var trend = string.Join(", ", ordered.Select(c => $"ℰ(0) = {Fmt.E(c.Energy)} at (ε, ħ) = ({Fmt.G(c.Eps)}, {Fmt.G(c.Hbar)})"));
        return decreased
            ? Result(
                OracleStatus.Pass, worst.Observed, 0, worst.Budget,
                $"ℰ(0) equals R13 on all {Fmt.I(checks.Count)} runs (worst |ℰ(0) − R13| = {Fmt.E(worst.Observed)} at {worst.Where}) and decreases along the family: {trend}.",
                worst.Where, details)
            : Result(
                OracleStatus.Inconclusive, worst.Observed, 0, worst.Budget,
                $"ℰ(0) equals R13 on all {Fmt.I(checks.Count)} runs, but does not decrease from the first to the last rung ({trend}): the family does not send ε and ħ to 0 together.",
                worst.Where, details);
    }

    private Check? CheckOne(OracleContext member, out string? reason)
    {
        if (Inputs.Quantum(member, Id, [.. Systems]) is { } missing)
        {
            reason = missing;
            return null;
        }

        if (Inputs.Fluid(member, Id, needDensity: true, needVelocity: true) is { } noFluid)
        {
            reason = noFluid;
            return null;
        }

        var q = member.Quantum!;
        var f = member.Fluid!;
        var p = q.Parameters;
        var grid = q.Grid;
        var ws = new FieldWorkspace(grid);
        var n = ws.N;
        var d = ws.D;
        var rho0 = f.Density(0);
        var u0 = f.Velocity(0);
        var psi0 = q.Psi(0);
        foreach (var x in rho0)
        {
            if (x <= 0)
            {
                reason = $"{Id} needs ρ₀ > 0 (V₀ = log ρ₀).";
                return null;
            }
        }

        var logRho = new double[n];
        for (var i = 0; i < n; i++)
        {
            logRho[i] = Math.Log(rho0[i]);
        }

        var lapLog = new double[n];
        ws.Ops.Laplacian(logRho, lapLog);
        var target = new double[n];
        var minTarget = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            target[i] = rho0[i] - (p.Epsilon * lapLog[i]);
            minTarget = Math.Min(minTarget, target[i]);
        }

        var declared = member.Declarations.Contains(Declaration);
        var where = $"ε = {Fmt.G(p.Epsilon)}, ħ = {Fmt.G(p.Hbar)}, t = {Fmt.G(q.Times[0])}";
        if (minTarget <= 0)
        {
            reason = $"ρ₀ − εΔlog ρ₀ has minimum {Fmt.E(minTarget)} ≤ 0 at ε = {Fmt.G(p.Epsilon)}: Lemma 4.1 data do not exist at this ε (it needs ε < ρ₀/Δlog ρ₀ where Δlog ρ₀ > 0).";
            return declared
                ? new Check(OracleStatus.Fail, double.PositiveInfinity, ToleranceBudget.None, $"Declared {Declaration}, but {reason}", where, p.Epsilon, p.Hbar, double.NaN, double.NaN)
                : null;
        }

        if (!declared)
        {
            var rhoQ = new double[n];
            var current = new double[d * n];
            ws.Functionals.Density(psi0, rhoQ);
            ws.Functionals.Current(p.Hbar, psi0, current);
            double modulus = 0, flow = 0, scaleFlow = 0;
            for (var i = 0; i < n; i++)
            {
                modulus = Math.Max(modulus, Math.Abs(rhoQ[i] - target[i]));
                for (var a = 0; a < d; a++)
                {
                    var ru = rhoQ[i] * u0[(a * n) + i];
                    flow = Math.Max(flow, Math.Abs(current[(a * n) + i] - ru));
                    scaleFlow = Math.Max(scaleFlow, Math.Abs(ru) + Math.Abs(current[(a * n) + i]));
                }
            }

            if (modulus > DetectionTolerance * Norms.LInf(target) || flow > (DetectionTolerance * scaleFlow) + (DetectionTolerance * p.Hbar))
            {
                reason = $"{Id}: the trajectory is not declared Lemma 4.1 data and ψ(0) does not match √(ρ₀ − εΔlog ρ₀)e^{{iU₀/ħ}} with ∇U₀ = u(0) (max ||ψ|² − (ρ₀ − εΔlog ρ₀)| = {Fmt.E(modulus)}, max |J − ρ_ħu| = {Fmt.E(flow)}). Add \"{Declaration}\" to OracleContext.Declarations if it is meant to be.";
                return null;
            }
        }

        var shared = SharedFrames.Of(q);
        if (shared.Potentials(out var noV) is not { } potentials)
        {
            reason = $"{Id}: {noV}";
            return null;
        }

        var v0 = potentials.Frame(0);
        var me = shared.With(f).ModulatedEnergy(0);

        // R13 with the same discretisations as ℰ: spectral first derivatives for the kinetic part (as 𝒦),
        // Parseval with full |k|² for the field part (as 𝒱).
        var amplitude = new double[n];
        for (var i = 0; i < n; i++)
        {
            amplitude[i] = Math.Sqrt(target[i]);
        }

        var gradient = new double[d * n];
        ws.Ops.Gradient(amplitude, gradient);
        var exact = (0.5 * p.Hbar * p.Hbar * Quadrature.Inner(grid, gradient, gradient)) + ws.Functionals.FieldEnergy(p.Epsilon, logRho);

        // Budget scales: ‖ħ∇ψ₀‖₂ and ‖u₀ψ₀‖₂.
        var dpsi = new Complex[n];
        double gradPsi = 0, upsi = 0;
        for (var a = 0; a < d; a++)
        {
            ws.Ops.Derivative(psi0, a, dpsi);
            for (var i = 0; i < n; i++)
            {
                gradPsi += (dpsi[i].Real * dpsi[i].Real) + (dpsi[i].Imaginary * dpsi[i].Imaginary);
                var ui = u0[(a * n) + i];
                upsi += ui * ui * ((psi0[i].Real * psi0[i].Real) + (psi0[i].Imaginary * psi0[i].Imaginary));
            }
        }

        var kineticScale = Math.Pow((p.Hbar * Math.Sqrt(gradPsi * grid.CellVolume)) + Math.Sqrt(upsi * grid.CellVolume), 2);
        var (res, allowance) = shared.PbResidual(0);
        var minExp = v0.ToArray().Min(x => Math.Exp(x));
        var massM = v0.ToArray().Sum(x => Math.Exp(x)) * grid.CellVolume;
        var budget = ToleranceBudget.None
            .With(ToleranceSource.Discretization, (kineticScale * ws.QuarterBandTail(psi0)) + (2 * me.Field * ws.QuarterBandTail(logRho)), "spatial aliasing: (‖ħ∇ψ₀‖₂ + ‖u₀ψ₀‖₂)²·tail¼(ψ₀) + 2𝒱·tail¼(log ρ₀)")
            .With(ToleranceSource.Discretization, p.Epsilon * Norms.L2(grid, lapLog) * Math.Min(res, allowance) / minExp, "V(0) noise: ε‖ΔV₀‖₂·min(‖PB residual‖₂, allowance)/min e^V")
            .With(ToleranceSource.RoundOff, RoundOff.Spectral(kineticScale + me.Field + massM + Quadrature.Integrate(grid, rho0), n), "8·eps·(1+log₂N)·((‖ħ∇ψ₀‖ + ‖u₀ψ₀‖)² + 𝒱 + ∫m + ∫ρ₀)");
        var observed = Math.Abs(me.Total - exact);
        var status = Judge(observed, 0, budget);
        var message = status == OracleStatus.Pass
            ? $"ℰ(0) = {Fmt.E(me.Total)} equals R13 = {Fmt.E(exact)} to {Fmt.E(observed)} ({where}{(declared ? string.Empty : "; premise detected from ψ(0)")})."
            : $"ℰ(0) = {Fmt.E(me.Total)} differs from R13 = {Fmt.E(exact)} by {Fmt.E(observed)} at {where} (budget {budget}; terms 𝒦 = {Fmt.E(me.Kinetic)}, 𝒱 = {Fmt.E(me.Field)}, entropy {Fmt.E(me.Entropy)}). The datum is not √(ρ₀ − εΔlog ρ₀)e^{{iU₀/ħ}} with ∇U₀ = u(0): check ε and the sign of εΔV₀ in the amplitude (errata F14: not √(e^{{V₀ − εΔV₀}})), the phase U₀/ħ (not u₀/ħ), and that V(0) solves PB.";
        reason = null;
        return new Check(status, observed, budget, message, where, p.Epsilon, p.Hbar, me.Total, exact);
    }

    private sealed record Check(
        OracleStatus Status, double Observed, ToleranceBudget Budget, string Message, string Where, double Eps, double Hbar, double Energy, double Exact);
}
