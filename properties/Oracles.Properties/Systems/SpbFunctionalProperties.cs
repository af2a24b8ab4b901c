using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Oracles.Core.Functionals;
using Oracles.Properties.Arbitraries;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Properties.Systems;

/// <summary>
/// Sign properties of the SPB functionals on random states: the relative entropy ∫(m log(m/ρ) − m + ρ) ≥ 0 and the
/// modulated energy ℰ = 𝒦 + 𝒱 + ∫(e^V log(e^V/ρ) − e^V + ρ) ≥ 0 [BCY, eq. (1.6)], term by term.
/// </summary>
/// <remarks>
/// Each term is a quadrature of a pointwise non-negative integrand (|(iħ∇ + u)ψ|², ε|∇V|², and
/// ρ·φ((m − ρ)/ρ) with φ(t) = (1+t)log(1+t) − t ≥ 0), so the discrete values are ≥ 0 up to the rounding of the
/// integrand: 𝒦 and 𝒱 are sums of squares (exactly ≥ 0), the entropy integrand loses ≤ 4·eps·(m + ρ) to
/// cancellation near m = ρ, i.e. ≥ −4·eps·(∫m + ∫ρ) in total.
/// </remarks>
public class SpbFunctionalProperties
{
    [Property]
    public Property Relative_entropy_of_two_densities_is_non_negative(DensityPair p)
    {
        var grid = p.Rho.Grid;
        var f = new SpbFunctionals(grid);
        var m = p.M.Values;
        var rho = p.Rho.Values;
        var h = f.RelativeEntropy(m, rho);
        var tolerance = 4 * RoundOff.Eps * (Quadrature.Integrate(grid, m) + Quadrature.Integrate(grid, rho));
        return (h >= -tolerance)
            .Label($"ρ: {p.Rho}; m: {p.M}: ∫(m log(m/ρ) − m + ρ) = {RoundOff.F(h)} < −{RoundOff.F(tolerance)}")
            .Classify(p.M.Amplitude + p.Rho.Amplitude < 0.1, "both nearly uniform")
            .Classify(true, $"d={grid.Dimension}");
    }

    [Property]
    public Property Relative_entropy_matches_the_naive_sum_and_vanishes_for_equal_densities(DensityPair p)
    {
        var grid = p.Rho.Grid;
        var f = new SpbFunctionals(grid);
        var m = p.M.Values;
        var rho = p.Rho.Values;
        var actual = f.RelativeEntropy(m, rho);

        // Independent naive evaluation Σ(m log(m/ρ) − m + ρ)·ΔV. Each term is rounded to ≤ 4·eps·(m|log(m/ρ)| + m + ρ)
        // (one log, one division, three adds); the two evaluations differ by at most twice that, summed,
        // plus N·eps·Σ|terms| for the naive (uncompensated) running sum.
        var naive = 0.0;
        var scale = 0.0;
        for (var j = 0; j < m.Length; j++)
        {
            var log = Math.Log(m[j] / rho[j]);
            naive += (m[j] * log) - m[j] + rho[j];
            scale += (m[j] * Math.Abs(log)) + m[j] + rho[j];
        }

        naive *= grid.CellVolume;
        scale *= grid.CellVolume;
        var tolerance = (8 * RoundOff.Eps * scale) + (m.Length * RoundOff.Eps * scale);
        var self = f.RelativeEntropy(rho, rho);

        // SpbFunctionals documents the evaluation ρ·φ((m − ρ)/ρ) with φ(0) = 0 exactly: equal densities give exactly 0.
        return (Math.Abs(actual - naive) <= tolerance)
            .Label($"ρ: {p.Rho}; m: {p.M}: RelativeEntropy = {RoundOff.F(actual)}, naive = {RoundOff.F(naive)}, |Δ| > {RoundOff.F(tolerance)}")
            .And((self == 0).Label($"ρ: {p.Rho}: RelativeEntropy(ρ, ρ) = {RoundOff.F(self)} ≠ 0"));
    }

    [Property]
    public Property Modulated_energy_and_each_of_its_terms_are_non_negative(SpbState s)
    {
        var grid = s.Rho.Grid;
        var f = new SpbFunctionals(grid);
        var e = f.ModulatedEnergy(s.Parameters, s.Psi.Values, s.V, s.Rho.Values, s.U.Values);
        var massEv = Quadrature.Integrate(grid, s.V.Select(Math.Exp).ToArray());
        var entropyTolerance = 4 * RoundOff.Eps * (massEv + 1.0); // ∫ρ = 1
        return (e.Kinetic >= 0).Label($"{s}: 𝒦 = {RoundOff.F(e.Kinetic)} < 0")
            .And((e.Field >= 0).Label($"{s}: 𝒱 = {RoundOff.F(e.Field)} < 0"))
            .And((e.Entropy >= -entropyTolerance).Label($"{s}: entropy = {RoundOff.F(e.Entropy)} < −{RoundOff.F(entropyTolerance)}"))
            .And((e.Total >= -entropyTolerance).Label($"{s}: ℰ = {RoundOff.F(e.Total)} < −{RoundOff.F(entropyTolerance)}"))
            .Classify(s.PotentialKind == "log-rho", "V = log ρ (entropy ≈ 0)")
            .Classify(true, $"d={grid.Dimension}");
    }
}
