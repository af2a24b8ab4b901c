using Oracles.Catalog.Model;
using Oracles.Core;

namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// Checks what an oracle needs from its context and explains what is missing (NotApplicable messages that say
/// what to do).
/// </summary>
internal static class Inputs
{
    /// <summary>Relative tolerance on the equality of the quantum and fluid sample times.</summary>
    public const double TimeMatch = 1e-9;

    /// <summary>Null when the context has a quantum trajectory of one of <paramref name="systems"/> with ψ; else the reason.</summary>
    public static string? Quantum(OracleContext context, string id, params string[] systems)
    {
        var q = context.Quantum;
        var names = string.Join(" or ", systems);
        if (q is null)
        {
            return $"{id} needs a quantum trajectory (system {names}) with ψ frames; the context has none. Pass the solver's trajectory as OracleContext.Quantum (CLI: the trajectory file).";
        }

        if (!systems.Contains(q.System, StringComparer.Ordinal))
        {
            return $"{id} applies to system {names}; the quantum trajectory is '{q.System}'.";
        }

        if (!q.HasPsi)
        {
            return $"{id} needs ψ frames; the '{q.System}' trajectory has none. Record psi at every sample time.";
        }

        var shared = SharedFrames.Of(q);
        for (var n = 0; n < q.Count; n++)
        {
            if (shared.Mass(n) == 0)
            {
                return $"{id}: ψ vanishes identically at t = {Fmt.G(q.Times[n])}; BCY's states have ∫|ψ|² = 1.";
            }
        }

        return null;
    }

    /// <summary>Null when the context has a fluid trajectory (ρ and, if asked, u) on the quantum grid and times; else the reason.</summary>
    public static string? Fluid(OracleContext context, string id, bool needDensity, bool needVelocity)
    {
        var q = context.Quantum!;
        var f = context.Fluid;
        if (f is null)
        {
            return $"{id} needs a fluid trajectory (ρ, u) on the same grid and times as the quantum one; the context has none. Pass the isothermal-Euler solution (or any smooth (ρ, u)) as OracleContext.Fluid (CLI: --fluid FILE).";
        }

        if (needDensity && !f.HasDensity)
        {
            return $"{id} needs the fluid density ρ; the fluid trajectory has no 'rho' frames.";
        }

        if (needVelocity && !f.HasVelocity)
        {
            return $"{id} needs the fluid velocity u; the fluid trajectory has no 'u' frames.";
        }

        if (!f.Grid.Equals(q.Grid))
        {
            return $"{id}: the fluid lives on {f.Grid} but the quantum trajectory on {q.Grid}. Sample both on the same grid.";
        }

        return Aligned(q, f, id);
    }

    /// <summary>Null when the two trajectories have the same sample times; else the reason.</summary>
    public static string? Aligned(Trajectory q, Trajectory f, string id)
    {
        if (q.Count != f.Count)
        {
            return $"{id}: the fluid has {Fmt.I(f.Count)} samples but the quantum trajectory {Fmt.I(q.Count)}. Sample the fluid at the quantum times.";
        }

        var scale = Math.Max(Math.Abs(q.Times[^1]), q.Count > 1 ? q.Times[^1] - q.Times[0] : 1);
        for (var n = 0; n < q.Count; n++)
        {
            if (Math.Abs(q.Times[n] - f.Times[n]) > TimeMatch * scale)
            {
                return $"{id}: sample {Fmt.I(n)} is at t = {Fmt.G(q.Times[n])} (quantum) but t = {Fmt.G(f.Times[n])} (fluid). Sample the fluid at the quantum times.";
            }
        }

        return null;
    }

    /// <summary>Number of solver steps behind the trajectory (from provenance), or null.</summary>
    public static double? Steps(Trajectory q)
    {
        var dt = q.Provenance.SolverTimeStep;
        return dt is > 0 ? Math.Max(1, Math.Round((q.Times[^1] - q.Times[0]) / dt.Value)) : null;
    }

    /// <summary>True when provenance declares an exact (analytic) trajectory: SolverTimeStep = 0.</summary>
    public static bool IsExact(Trajectory q) => q.Provenance.SolverTimeStep is 0;
}
