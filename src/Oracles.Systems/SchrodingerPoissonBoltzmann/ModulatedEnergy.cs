namespace Oracles.Systems.SchrodingerPoissonBoltzmann;

/// <summary>
/// The three terms of the modulated energy ℰ_{ε,ħ} of [BCY, eq. (1.6)]:
/// ℰ = 𝒦 + 𝒱 + ∫(m log(m/ρ) − m + ρ), with 𝒦 = ½∫|(iħ∇ + u)ψ|², 𝒱 = (ε/2)∫|∇V|², m = e^V.
/// </summary>
/// <param name="Kinetic">𝒦 = ½∫|(iħ∇ + u)ψ|² (with the ½ of the catalogue §0.2).</param>
/// <param name="Field">𝒱 = (ε/2)∫|∇V|².</param>
/// <param name="Entropy">The relative entropy ∫(m log(m/ρ) − m + ρ) ≥ 0, m = e^V.</param>
public sealed record ModulatedEnergy(double Kinetic, double Field, double Entropy)
{
    /// <summary>ℰ = 𝒦 + 𝒱 + entropy.</summary>
    public double Total => Kinetic + Field + Entropy;
}
