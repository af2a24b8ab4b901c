using System.Numerics;
using Oracles.Core;
using Oracles.Systems.IsothermalEuler;
using Oracles.Systems.PoissonBoltzmann;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Cli.Plots;

/// <summary>The conserved quantities of one trajectory at every sample, for the drift and observed-order plots.</summary>
/// <param name="Label">What the energy is (for legends).</param>
/// <param name="MassLabel">What the mass is (for legends).</param>
/// <param name="Times">The sample times.</param>
/// <param name="Energy">The conserved energy at each sample.</param>
/// <param name="Mass">The mass at each sample.</param>
internal sealed record ConservedSeries(string Label, string MassLabel, double[] Times, double[] Energy, double[] Mass)
{
    /// <summary>(E(t) − E(0)) / |E(0)| (absolute when E(0) = 0).</summary>
    public double[] RelativeEnergyDrift => Drift(Energy);

    /// <summary>(M(t) − M(0)) / M(0).</summary>
    public double[] RelativeMassDrift => Drift(Mass);

    /// <summary>max_t |E(t) − E(0)|: the residual of energy conservation.</summary>
    public double MaxEnergyDrift => Energy.Max(e => Math.Abs(e - Energy[0]));

    /// <summary>
    /// Computes the series: for SPB the energy 𝓕 = ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² + ∫V e^V [BCY, eq. (2.4)], for SP
    /// ½ħ²∫|∇ψ|² + (ε/2)∫|∇V|² (both with V from the file, or solved from |ψ|² when the file has none), mass ∫|ψ|²; for
    /// isothermal Euler the energy ∫(½ρ|u|² + ρ log ρ) and mass ∫ρ (u = 0 when the file has none).
    /// </summary>
    /// <param name="t">The trajectory.</param>
    /// <returns>The series.</returns>
    public static ConservedSeries Of(Trajectory t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var times = t.Times.ToArray();
        var energy = new double[t.Count];
        var mass = new double[t.Count];
        if (t.HasPsi)
        {
            var f = new SpbFunctionals(t.Grid);
            var v = new double[t.Grid.Count];
            var density = new double[t.Grid.Count];
            var pb = t.System == SystemIds.SchrodingerPoissonBoltzmann && !t.HasPotential
                ? new PoissonBoltzmannSolver(t.Grid, t.Parameters.Epsilon)
                : null;
            for (var n = 0; n < t.Count; n++)
            {
                var psi = t.Psi(n);
                ReadOnlySpan<double> potential = t.HasPotential ? t.Potential(n) : Solve(t, f, pb, psi, density, v);
                energy[n] = t.System == SystemIds.SchrodingerPoissonBoltzmann
                    ? f.TotalEnergy(t.Parameters, psi, potential)
                    : f.SchrodingerPoissonEnergy(t.Parameters, psi, potential);
                mass[n] = f.Mass(psi);
            }

            return t.System == SystemIds.SchrodingerPoissonBoltzmann
                ? new ConservedSeries("SPB energy F", "SPB mass ∫|ψ|²", times, energy, mass)
                : new ConservedSeries("SP energy", "SP mass ∫|ψ|²", times, energy, mass);
        }

        var euler = new EulerFunctionals(t.Grid);
        var zero = new double[t.Grid.Dimension * t.Grid.Count];
        for (var n = 0; n < t.Count; n++)
        {
            var rho = t.Density(n);
            energy[n] = euler.Energy(rho, t.HasVelocity ? t.Velocity(n) : zero);
            mass[n] = euler.Mass(rho);
        }

        return new ConservedSeries("Euler energy ∫(½ρ|u|² + ρ log ρ)", "Euler mass ∫ρ", times, energy, mass);
    }

    private static double[] Solve(Trajectory t, SpbFunctionals f, PoissonBoltzmannSolver? pb, ReadOnlySpan<Complex> psi, double[] density, double[] v)
    {
        f.Density(psi, density);
        if (pb is not null)
        {
            // Warm start from the previous frame's V (zeros for the first frame: a valid cold start).
            pb.SolveInto(density, v);
        }
        else if (t.Parameters.Epsilon > 0)
        {
            LinearPoisson.SolveInto(f.Operators, t.Parameters.Epsilon, density, v);
        }

        return v;
    }

    private static double[] Drift(double[] x)
    {
        var scale = x[0] == 0 ? 1.0 : Math.Abs(x[0]);
        return x.Select(value => (value - x[0]) / scale).ToArray();
    }
}
