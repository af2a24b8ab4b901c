using Oracles.Core;

namespace Oracles.IO;

/// <summary>
/// What a trajectory file holds: a quantum trajectory (ψ), a fluid trajectory (ρ, u), or both — checked together by
/// the oracles that compare them (the semiclassical limit of [BCY, Thm 1.2]).
/// </summary>
/// <param name="Quantum">The quantum trajectory (has ψ), or null.</param>
/// <param name="Fluid">The fluid trajectory (has ρ), or null.</param>
public sealed record TrajectoryBundle(Trajectory? Quantum, Trajectory? Fluid)
{
    /// <summary>
    /// The ids declared by the file's root attribute <c>declarations</c> (<see cref="TrajectoryFormat.DeclarationsAttribute"/>),
    /// in file order without duplicates; empty when the attribute is absent.
    /// </summary>
    public IReadOnlyList<string> Declarations { get; init; } = [];
}
