using System.Globalization;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using Oracles.Core;
using Oracles.Core.Grids;

namespace Oracles.Properties.Arbitraries;

/// <summary>
/// A smooth, strictly positive probability density on the unit torus: ρ = e^g / ∫e^g with g = Re p a random
/// trigonometric polynomial of low degree (|m_a| ≤ <paramref name="MaxMode"/>) and Σ|c| = <paramref name="Amplitude"/>.
/// </summary>
/// <remarks>
/// <para><b>Normalisation (decided here, used by every density property):</b> the grid is the unit torus
/// [0, 1)^d (BCY works on T^d with |T^d| = 1, catalogue §0.2), and ρ has unit mass in the trapezoidal rule,
/// Σ_j ρ_j·ΔV = 1 up to round-off (ΔV = <see cref="PeriodicGrid.CellVolume"/>). Since |g| ≤ A,
/// e^{−2A} ≤ ρ ≤ e^{2A}: the densities are bounded away from 0 and ∞.</para>
/// <para>Resolution: with |m| ≤ 2 and A ≤ 1.5 the coefficients of e^g decay like (A/2)^k/k! at mode 2k (I_k Bessel
/// asymptotics), so the grids below resolve ρ to 1e−6 (3-D, 8 points) … 1e−16 (1-D, 64 points). Properties that need
/// spectral accuracy measure it (<c>TailFraction</c>) rather than assume it.</para>
/// </remarks>
/// <param name="Grid">The grid (L = 1).</param>
/// <param name="Seed">Seed of the polynomial.</param>
/// <param name="MaxMode">Largest |m_a| in g.</param>
/// <param name="Amplitude">Σ|c| of g (so max|g| ≤ Amplitude).</param>
public sealed record ProbabilityDensity(PeriodicGrid Grid, int Seed, int MaxMode, double Amplitude)
{
    /// <summary>The log-shape g = Re p before normalisation.</summary>
    public TrigPolynomial LogShape { get; } = DensityArbitraries.LogShape(Grid, Seed, MaxMode, Amplitude);

    /// <summary>The samples ρ_j &gt; 0, Σρ_j·ΔV = 1.</summary>
    public double[] Values => values ??= DensityArbitraries.Normalised(LogShape);

    private double[]? values;

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"density on {Grid}, seed {Seed}, |m| ≤ {MaxMode}, A = {Amplitude:R}");
}

/// <summary>Two independent densities on one grid (CKP, relative entropy).</summary>
/// <param name="Rho">ρ.</param>
/// <param name="M">m.</param>
public sealed record DensityPair(ProbabilityDensity Rho, ProbabilityDensity M);

/// <summary>A normalised wavefunction ψ = √ρ·e^{iS}: smooth amplitude times smooth phase, ∫|ψ|² = 1.</summary>
/// <param name="Density">ρ = |ψ|².</param>
/// <param name="PhaseSeed">Seed of the phase S (a real trigonometric polynomial, |m| ≤ 2).</param>
/// <param name="PhaseAmplitude">Σ|c| of S, in radians.</param>
public sealed record Wavefunction(ProbabilityDensity Density, int PhaseSeed, double PhaseAmplitude)
{
    /// <summary>The samples ψ_j.</summary>
    public Complex[] Values => values ??= Build();

    private Complex[]? values;

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ψ = √ρ·e^(iS): {Density}; phase seed {PhaseSeed}, Σ|c| = {PhaseAmplitude:R}");

    private Complex[] Build()
    {
        var phase = DensityArbitraries.Scaled(TrigPolynomial.Random(Density.Grid, new Random(PhaseSeed), _ => 2, 6), PhaseAmplitude).SampleReal();
        var rho = Density.Values;
        return rho.Select((r, j) => Complex.FromPolarCoordinates(Math.Sqrt(r), phase[j])).ToArray();
    }
}

/// <summary>A smooth real velocity field u (d components, component-major, each a trigonometric polynomial with |m| ≤ 2).</summary>
/// <param name="Grid">The grid.</param>
/// <param name="Seed">Seed of the components.</param>
/// <param name="Amplitude">Σ|c| of each component (so |u_a| ≤ Amplitude).</param>
public sealed record VelocityField(PeriodicGrid Grid, int Seed, double Amplitude)
{
    /// <summary>The samples, length d·N.</summary>
    public double[] Values => values ??= Build();

    private double[]? values;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"u on {Grid}, seed {Seed}, |u_a| ≤ {Amplitude:R}");

    private double[] Build()
    {
        var rng = new Random(Seed);
        var u = new double[Grid.Dimension * Grid.Count];
        for (var a = 0; a < Grid.Dimension; a++)
        {
            DensityArbitraries.Scaled(TrigPolynomial.Random(Grid, rng, _ => 2, 6), Amplitude).SampleReal().CopyTo(u, a * Grid.Count);
        }

        return u;
    }
}

/// <summary>
/// A random state for the modulated energy ℰ of BCY (1.6): ψ, a fluid (ρ, u), a potential V and (ħ, ε).
/// </summary>
/// <param name="Psi">The wavefunction.</param>
/// <param name="Rho">The fluid density ρ (independent of |ψ|²).</param>
/// <param name="U">The fluid velocity u.</param>
/// <param name="PotentialKind"><c>log-rho</c> (V = log ρ, entropy term 0), <c>log-m</c> (V = log of an independent density) or <c>trig</c> (a random trigonometric polynomial).</param>
/// <param name="PotentialSeed">Seed of V.</param>
/// <param name="Parameters">ħ and ε.</param>
public sealed record SpbState(Wavefunction Psi, ProbabilityDensity Rho, VelocityField U, string PotentialKind, int PotentialSeed, PhysicalParameters Parameters)
{
    /// <summary>The potential samples V_j.</summary>
    public double[] V => v ??= Build();

    private double[]? v;

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ψ: {Psi}; ρ: {Rho}; {U}; V: {PotentialKind} (seed {PotentialSeed}); ħ = {Parameters.Hbar:R}, ε = {Parameters.Epsilon:R}");

    private double[] Build() => PotentialKind switch
    {
        "log-rho" => Rho.Values.Select(r => Math.Log(r)).ToArray(),
        "log-m" => new ProbabilityDensity(Rho.Grid, PotentialSeed, 2, 1.0).Values.Select(r => Math.Log(r)).ToArray(),
        _ => DensityArbitraries.Scaled(TrigPolynomial.Random(Rho.Grid, new Random(PotentialSeed), _ => 2, 6), 2.0).SampleReal(),
    };
}

/// <summary>A Poisson–Boltzmann right-hand side h = mass·ρ (ρ a unit-mass density) and a screening length ε.</summary>
/// <param name="Density">ρ.</param>
/// <param name="Mass">∫h, in {1, 0.5, 3}: Remark 2.5 is stated for unit mass, the identity ∫e^V = ∫h holds for any.</param>
/// <param name="Epsilon">ε ∈ {1, 0.1, 0.01}.</param>
public sealed record PoissonBoltzmannCase(ProbabilityDensity Density, double Mass, double Epsilon)
{
    /// <summary>The samples h_j = mass·ρ_j.</summary>
    public double[] H => Density.Values.Select(r => Mass * r).ToArray();

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"h = {Mass:R}·ρ, ρ: {Density}; ε = {Epsilon:R}");
}

/// <summary>
/// The near-sharp two-level pair of the CKP oracle (catalogue BCY.L2.12.ckp): on the unit torus, ρ = 1 + a and m = 1 − a
/// for x₀ &lt; ½, ρ = 1 − a and m = 1 + a for x₀ ≥ ½. Then ‖ρ − m‖₁ = 2a and KL(m‖ρ) = 2a·artanh(a), so the Pinsker
/// ratio is √(a/artanh a) &lt; 1, → 1 as a → 0 (1 − ratio ≈ a²/6): the constant √2 is sharp.
/// </summary>
/// <param name="Grid">The grid (L = 1, n₀ even so the halves are exact).</param>
/// <param name="A">The contrast a ∈ (0, 1).</param>
public sealed record TwoLevelPair(PeriodicGrid Grid, double A)
{
    /// <summary>ρ.</summary>
    public double[] Rho => Levels(+1);

    /// <summary>m.</summary>
    public double[] M => Levels(-1);

    /// <summary>The exact ratio ‖ρ − m‖₁/√(2KL(m‖ρ)) = √(a/artanh a).</summary>
    public double ExactRatio => Math.Sqrt(A / Math.Atanh(A));

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"two-level pair on {Grid}, a = {A:R}");

    private double[] Levels(int sign)
    {
        var half = Grid.Shape[0] / 2;
        var stride = Grid.Stride(0);
        var values = new double[Grid.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i / stride < half ? 1 + (sign * A) : 1 - (sign * A);
        }

        return values;
    }
}

/// <summary>
/// FsCheck generators for densities, wavefunctions, velocity fields and SPB states on the unit torus. See
/// <see cref="ProbabilityDensity"/> for the normalisation convention (unit mass on the unit torus).
/// </summary>
public static class DensityArbitraries
{
    /// <summary>The screening lengths of BCY Lemma 5.5's oracle (catalogue BCY.L5.5.eV-L2).</summary>
    public static readonly double[] Epsilons = [1.0, 0.1, 0.01];

    /// <summary>Unit-torus grids for densities: 1-D n ∈ {16, 31, 32, 64}, 2-D n² with n ∈ {15, 16, 24}, 3-D n³ with n ∈ {8, 9, 12}.</summary>
    public static Gen<PeriodicGrid> UnitTorus() => Gen.OneOf(
        Gen.Elements(16, 31, 32, 64).Select(n => PeriodicGrid.Line(n)),
        Gen.Elements(15, 16, 24).Select(n => PeriodicGrid.Square(n)),
        Gen.Elements(8, 9, 12).Select(n => PeriodicGrid.Cube(n)));

    /// <summary>Densities on a given grid: |m| ≤ 1 or 2, amplitude A ∈ [0, 1.5] on a 1/100 lattice.</summary>
    /// <param name="grid">The grid (L = 1).</param>
    /// <returns>The generator.</returns>
    public static Gen<ProbabilityDensity> DensityOn(PeriodicGrid grid) =>
        from seed in GridArbitraries.Seed()
        from maxMode in Gen.Elements(1, 2)
        from amplitude in Gen.Choose(0, 150)
        select new ProbabilityDensity(grid, seed, maxMode, amplitude / 100.0);

    /// <summary>Arbitrary densities.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<ProbabilityDensity> Densities() => UnitTorus().SelectMany(DensityOn).ToArbitrary();

    /// <summary>Arbitrary pairs of independent densities on one grid.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<DensityPair> DensityPairs() =>
        (from grid in UnitTorus()
         from rho in DensityOn(grid)
         from m in DensityOn(grid)
         select new DensityPair(rho, m)).ToArbitrary();

    /// <summary>Arbitrary normalised wavefunctions, phase amplitude in [0, 6] radians.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<Wavefunction> Wavefunctions() => UnitTorus().SelectMany(WavefunctionOn).ToArbitrary();

    /// <summary>Arbitrary velocity fields, |u_a| ≤ 2.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<VelocityField> VelocityFields() => UnitTorus().SelectMany(VelocityOn).ToArbitrary();

    /// <summary>Arbitrary SPB states (ψ, ρ, u, V) with ħ ∈ {1, 0.1, 0.01} and ε ∈ {1, 0.1, 0.01}.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<SpbState> SpbStates() =>
        (from grid in UnitTorus()
         from psi in WavefunctionOn(grid)
         from rho in DensityOn(grid)
         from u in VelocityOn(grid)
         from kind in Gen.Elements("log-rho", "log-m", "trig")
         from seed in GridArbitraries.Seed()
         from hbar in Gen.Elements(1.0, 0.1, 0.01)
         from epsilon in Gen.Elements(Epsilons)
         select new SpbState(psi, rho, u, kind, seed, new PhysicalParameters(hbar, epsilon))).ToArbitrary();

    /// <summary>Arbitrary Poisson–Boltzmann cases.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<PoissonBoltzmannCase> PoissonBoltzmannCases() =>
        (from rho in UnitTorus().SelectMany(DensityOn)
         from mass in Gen.Elements(1.0, 0.5, 3.0)
         from epsilon in Gen.Elements(Epsilons)
         select new PoissonBoltzmannCase(rho, mass, epsilon)).ToArbitrary();

    /// <summary>Arbitrary two-level pairs: n₀ ∈ {2, 16, 64, 128} (1-D) or n² with n ∈ {4, 16}, a = 10^(−t), t ∈ [0.01, 3] on a 1/1000 lattice.</summary>
    /// <returns>The arbitrary.</returns>
    public static Arbitrary<TwoLevelPair> TwoLevelPairs() =>
        (from grid in Gen.OneOf(Gen.Elements(2, 16, 64, 128).Select(n => PeriodicGrid.Line(n)), Gen.Elements(4, 16).Select(n => PeriodicGrid.Square(n)))
         from t in Gen.Choose(10, 3000)
         select new TwoLevelPair(grid, Math.Pow(10, -t / 1000.0))).ToArbitrary();

    internal static TrigPolynomial LogShape(PeriodicGrid grid, int seed, int maxMode, double amplitude)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.Length != 1.0)
        {
            throw new ArgumentException($"Densities live on the unit torus (L = 1); got {grid}.", nameof(grid));
        }

        var p = TrigPolynomial.Random(grid, new Random(seed), _ => maxMode, 6);
        return Scaled(new TrigPolynomial(grid, p.Terms.Where(t => t.Mode.Any(m => m != 0)).ToArray()), amplitude);
    }

    internal static double[] Normalised(TrigPolynomial logShape)
    {
        var rho = logShape.SampleReal().Select(Math.Exp).ToArray();
        double sum = 0;
        foreach (var r in rho)
        {
            sum += r;
        }

        var scale = 1.0 / (sum * logShape.Grid.CellVolume);
        for (var j = 0; j < rho.Length; j++)
        {
            rho[j] *= scale;
        }

        return rho;
    }

    internal static TrigPolynomial Scaled(TrigPolynomial p, double amplitude)
    {
        var total = p.AbsCoefficientSum;
        return total == 0 ? p : p.Map(_ => amplitude / total);
    }

    private static Gen<Wavefunction> WavefunctionOn(PeriodicGrid grid) =>
        from rho in DensityOn(grid)
        from seed in GridArbitraries.Seed()
        from phase in Gen.Choose(0, 600)
        select new Wavefunction(rho, seed, phase / 100.0);

    private static Gen<VelocityField> VelocityOn(PeriodicGrid grid) =>
        from seed in GridArbitraries.Seed()
        from amplitude in Gen.Choose(0, 200)
        select new VelocityField(grid, seed, amplitude / 100.0);
}
