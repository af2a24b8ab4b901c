namespace Oracles.Tests.Mutants;

/// <summary>One broken variant of a reference solver: which bug, in which solver, and what real mistake it models.</summary>
/// <param name="Name">Short kebab-case name (the matrix row).</param>
/// <param name="Solver">The solver it breaks: <c>SPB Strang</c>, <c>PB solve</c> (inside the SPB step) or <c>Euler RK4</c>.</param>
/// <param name="Bug">The bug in one line.</param>
/// <param name="Spb">The mutation of the quantum solver (None for Euler mutants).</param>
/// <param name="Euler">The mutation of the fluid solver (None for quantum mutants).</param>
internal sealed record MutantCase(string Name, string Solver, string Bug, SpbMutation Spb = SpbMutation.None, EulerMutation Euler = EulerMutation.None)
{
    public override string ToString() => Name;
}

/// <summary>The mutants of the suite (DESIGN.md §6; issue 4 §3), one per plausible bug.</summary>
internal static class MutantCatalogue
{
    public static IReadOnlyList<MutantCase> All { get; } =
    [
        new("potential-sign", "SPB Strang", "wrong sign of the potential: kick e^{+iVΔt/2ħ}", Spb: SpbMutation.PotentialSignFlipped),
        new("kinetic-hbar", "SPB Strang", "ħ where ħ² belongs: kinetic phase e^{−i|k|²Δt/2}", Spb: SpbMutation.KineticPhaseHbarNotHbarSquared),
        new("kinetic-missing-half", "SPB Strang", "missing ½ in the kinetic phase: e^{−iħ|k|²Δt}", Spb: SpbMutation.KineticPhaseMissingHalf),
        new("kick-missing-half", "SPB Strang", "missing ½ in the kicks: two full kicks e^{−iVΔt/ħ} per step", Spb: SpbMutation.KickMissingHalf),
        new("lie-splitting", "SPB Strang", "Lie instead of Strang (full kick, drift, new V), declared order 2", Spb: SpbMutation.LieSplitting),
        new("wavenumbers-off-by-one", "SPB Strang", "off-by-one wavenumber table: negative modes m = j − n + 1", Spb: SpbMutation.WavenumbersOffByOne),
        new("wavenumbers-unshifted", "SPB Strang", "unshifted wavenumber table: m = j for every index", Spb: SpbMutation.WavenumbersUnshifted),
        new("stale-potential", "SPB Strang", "stale potential: second half kick with Vⁿ, V recomputed after it", Spb: SpbMutation.StalePotentialInSecondKick),
        new("density-psi-squared", "SPB Strang", "density ψ² (Re ψ² = (Re ψ)² − (Im ψ)²) instead of |ψ|²", Spb: SpbMutation.DensityPsiSquared),
        new("renormalised-lossy-kinetic", "SPB Strang", "kinetic factor e^{−ħ|k|²Δt/2} (i dropped: lossy), ψ renormalised every step to hide it", Spb: SpbMutation.RenormalisedLossyKinetic),
        new("step-applied-twice", "SPB Strang", "time step applied twice per loop iteration, clock advanced once", Spb: SpbMutation.TimeStepAppliedTwice),
        new("pb-epsilon-dropped", "PB solve", "ε dropped in the PB solve: −ΔV = |ψ|² − e^V", Spb: SpbMutation.EpsilonDroppedInPoissonBoltzmann),
        new("pb-linear-poisson", "PB solve", "e^V replaced by 1: −εΔV = |ψ|² − 1 (linear Poisson)", Spb: SpbMutation.BoltzmannFactorReplacedByOne),
        new("pb-newton-fixed-count", "PB solve", $"Newton stopped after {MutantPoissonBoltzmann.FixedNewtonIterations} iterations from log h, no convergence test", Spb: SpbMutation.NewtonFixedIterationCount),
        new("euler-missing-pressure", "Euler RK4", "missing pressure term: ∂ₜu = −(u·∇)u", Euler: EulerMutation.MissingPressure),
        new("euler-grad-rho", "Euler RK4", "pressure −∇ρ instead of −∇log ρ in the log form", Euler: EulerMutation.PressureGradientOfRhoNotLogRho),
        new("euler-first-order", "Euler RK4", "forward Euler step declared as RK4 (order 4)", Euler: EulerMutation.ForwardEulerStep),
    ];
}
