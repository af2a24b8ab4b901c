using Oracles.Core;

namespace Oracles.Systems.PoissonBoltzmann;

/// <summary>Stopping rules of <see cref="PoissonBoltzmannSolver"/>.</summary>
/// <param name="RelativeTolerance">Stop when ‖−εΔV − h + e^V‖₂ ≤ RelativeTolerance·‖h‖₂ (default 1e-12).</param>
/// <param name="MaxNewtonIterations">Newton iterations allowed before the solve is declared failed (default 50).</param>
/// <param name="MaxCgIterations">Conjugate-gradient iterations allowed per Newton step (default 500); an inexact
/// step is still a descent direction, so hitting this limit slows Newton down but does not stop it.</param>
public sealed record PoissonBoltzmannOptions(double RelativeTolerance = 1e-12, int MaxNewtonIterations = 50, int MaxCgIterations = 500)
{
    /// <summary>The relative residual tolerance, positive and finite.</summary>
    public double RelativeTolerance { get; } = Guard.PositiveFinite(RelativeTolerance);

    /// <summary>The Newton iteration limit, at least 1.</summary>
    public int MaxNewtonIterations { get; } = AtLeastOne(MaxNewtonIterations, nameof(MaxNewtonIterations));

    /// <summary>The per-step CG iteration limit, at least 1.</summary>
    public int MaxCgIterations { get; } = AtLeastOne(MaxCgIterations, nameof(MaxCgIterations));

    private static int AtLeastOne(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        return value;
    }
}

/// <summary>What a Poisson–Boltzmann solve did and how well it did it.</summary>
/// <param name="NewtonIterations">Newton steps taken (0 when the initial guess already met the tolerance).</param>
/// <param name="CgIterations">Conjugate-gradient iterations summed over all Newton steps.</param>
/// <param name="RelativeResidual">‖−εΔV − h + e^V‖₂ / ‖h‖₂ at the returned V.</param>
/// <param name="MassDefect">∫e^V − ∫h at the returned V. Integrating the equation over the torus gives ∫e^V = ∫h
/// exactly ([BCY, Remark 2.5] on the unit torus); the spectral Laplacian has zero mean exactly, so the defect equals
/// ∫(residual) and is bounded by the residual.</param>
/// <remarks>A value type, so that a solve inside a time-step loop allocates nothing.</remarks>
public readonly record struct PoissonBoltzmannReport(int NewtonIterations, int CgIterations, double RelativeResidual, double MassDefect)
{
    /// <summary>
    /// The estimated relative round-off floor of the residual, eps·√(log₂N)·(ε·max|k|²·‖V‖₂ + ‖e^V‖₂ + ‖h‖₂)/‖h‖₂.
    /// When it exceeds the tolerance the solver stops once Newton stagnates below it, and
    /// <see cref="RelativeResidual"/> may then exceed <see cref="PoissonBoltzmannOptions.RelativeTolerance"/>.
    /// </summary>
    public double RoundoffFloor { get; init; }

    /// <summary>True when the residual met the requested tolerance (false when the solve stopped at the round-off floor).</summary>
    /// <param name="options">The options used.</param>
    /// <returns>Whether RelativeResidual ≤ RelativeTolerance.</returns>
    public bool MetTolerance(PoissonBoltzmannOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RelativeResidual <= options.RelativeTolerance;
    }
}
