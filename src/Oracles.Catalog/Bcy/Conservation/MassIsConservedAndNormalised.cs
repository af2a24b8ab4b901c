using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;

namespace Oracles.Catalog.Bcy.Conservation;

/// <summary>The mass ∫|ψ|² of an SPB (or SP) trajectory is 1 at every sample time.</summary>
/// <remarks>
/// <para>Statement [BCY, eq. (1.1), seed 003 L13–31, with the normalisation ∫|ψ|² = 1 of (1.1) and Lemma 2.10 (2.5)]:
/// M(t) = ∫_{T^d}|ψ(t,x)|² dx = 1 for all t (the continuity equation ∂_tρ_ħ + div J = 0 integrates to dM/dt = 0).</para>
/// <para>Derived id: catalogue id <c>BCY.E1.1.spb</c> + <c>.mass</c>.</para>
/// <para>Budget: (i) normalisation round-off 16·eps·M₀ (dividing by √M rounds ψ by 2 ulp, |ψ|² by 4, the compensated
/// sum adds 2; doubled); (ii) accumulated round-off of a unitary scheme, 8·eps·(1 + log₂N)·M per solver step (one FFT
/// round trip per step, <see cref="RoundOff.Spectral"/>) times the number of steps T/Δt_solver (from provenance; the
/// number of samples when unknown). No discretisation term: split-step schemes are unitary, so the discrete mass is
/// conserved exactly. Non-unitary schemes are judged by their observed order when Refinements are supplied.</para>
/// <para>Notation: M ↔ <c>mass</c>, ψ ↔ <c>psi</c>.</para>
/// </remarks>
[Cites("BCY", "eq. (1.1) L13-31 (normalisation of psi); Lemma 2.10 eq. (2.5) L263-271")]
public sealed class MassIsConservedAndNormalised : ConservationOracle
{
    /// <inheritdoc/>
    public override string Id => "BCY.E1.1.spb.mass";

    /// <inheritdoc/>
    public override string Title => "The mass ∫|ψ|² equals 1 at every time";

    /// <inheritdoc/>
    public override OracleKind Kind => OracleKind.Identity;

    /// <inheritdoc/>
    public override string Statement => @"\int_{\mathbb T^d}|\psi(t,x)|^2\,dx = 1 \quad \forall t";

    /// <inheritdoc/>
    public override string Citation => "BCY (seed 003_3d2e38d265bb2d71.txt), eq. (1.1) L13–31; Lemma 2.10, eq. (2.5) L263–271";

    /// <inheritdoc/>
    public override string Requirements => "A quantum trajectory (system spb or sp) with ψ frames; Provenance.SolverTimeStep to budget the round-off accumulated over the solver's steps.";

    /// <inheritdoc/>
    public override string TolerancePolicy => "Round-off only: 16·eps·M₀ for the normalisation plus 8·eps·(1+log₂N)·M per solver step (unitary schemes conserve the discrete mass exactly). With Refinements, a drift above round-off must fall at the scheme's order (slope ± 0.3).";

    /// <inheritdoc/>
    public override IReadOnlyList<string> Systems => [SystemIds.SchrodingerPoissonBoltzmann, SystemIds.SchrodingerPoisson];

    /// <inheritdoc/>
    protected override double? ExactValue => 1.0;

    /// <inheritdoc/>
    protected override string QuantityName => "The mass ∫|ψ|²";

    /// <inheritdoc/>
    protected override string FailureAdvice =>
        "A split-step scheme conserves the discrete mass exactly: normalise ψ^in to ∫|ψ|² = 1 and look for a non-unitary sub-step (a kinetic factor of modulus ≠ 1, a complex potential, lossy interpolation).";

    /// <inheritdoc/>
    internal override Measurement? Measure(Trajectory trajectory, out string? reason)
    {
        reason = null;
        var mass = new double[trajectory.Count];
        var shared = SharedFrames.Of(trajectory);
        for (var n = 0; n < mass.Length; n++)
        {
            mass[n] = shared.Mass(n);
        }

        var (drift, where) = DriftOf(mass, trajectory.Times, ExactValue);
        var scale = mass.Max();
        var steps = Inputs.Steps(trajectory);
        var stepCount = steps ?? Math.Max(1, trajectory.Count - 1);
        var budget = ToleranceBudget.None
            .With(ToleranceSource.RoundOff, 16 * RoundOff.Eps * scale, "normalisation: 16·eps·M₀ (√M division rounds |ψ|² by 4 ulp, the compensated sum by 2; ×2)")
            .With(
                ToleranceSource.RoundOff,
                stepCount * RoundOff.Spectral(scale, trajectory.Grid.Count),
                steps is null
                    ? $"accumulated: 8·eps·(1+log₂N)·M per step × {Fmt.I(trajectory.Count - 1)} sample intervals (solver step unknown: set Provenance.SolverTimeStep)"
                    : $"accumulated: 8·eps·(1+log₂N)·M per step × {Fmt.G(stepCount)} solver steps (one FFT round trip each)");
        return new Measurement(mass, drift, where, budget);
    }

    /// <inheritdoc/>
    internal override ToleranceItem? SolverBudget(Trajectory trajectory, Measurement measurement, out string? reason)
    {
        if (Inputs.Steps(trajectory) is null)
        {
            reason = "the solver step is unknown, so the round-off accumulated over its steps cannot be budgeted (set Provenance.SolverTimeStep).";
            return null;
        }

        // A unitary scheme has no discretisation term: the budget is round-off only, and anything above it fails.
        reason = null;
        return new ToleranceItem(ToleranceSource.Discretization, 0, "none: split-step schemes are unitary (mass exact up to round-off)");
    }
}
