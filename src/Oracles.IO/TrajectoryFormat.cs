namespace Oracles.IO;

/// <summary>
/// The trajectory file schema, version 1 (README "Trajectory files"): the names of the attributes, datasets and
/// the fluid group, and the sanity tolerance applied to ψ when a file is read or written.
/// </summary>
/// <remarks>
/// <para><b>Layout.</b> The root holds one trajectory: a quantum one (<c>psi</c>, optional <c>V</c>) or a fluid one
/// (<c>rho</c>, optional <c>u</c> and <c>V</c>). A quantum root may carry its fluid companion in the group
/// <c>fluid</c> (HDF5 group <c>/fluid</c>; in <c>.npz</c> the keys <c>fluid/rho</c>, <c>fluid/system</c>, …), with its
/// own <c>system</c>, <c>dim</c>, <c>box_length</c>. <c>oracles_format</c> and <c>oracles_version</c> are file-level and
/// live at the root only.</para>
/// <para><b>Grid.</b> The torus [0, L)^d with x_j = j·L/n_a; the n_a are the trailing extents of the primary field
/// (<c>psi</c> or <c>rho</c>), L is <c>box_length</c>. Arrays are row-major (C order) over
/// [nt, n₁(, n₂, n₃)]; the velocity is [nt, d, n₁(, n₂, n₃)].</para>
/// <para><b>Attributes</b> are HDF5 attributes, or 0-d (or one-element) arrays of the same name in <c>.npz</c>.</para>
/// </remarks>
public static class TrajectoryFormat
{
    /// <summary>The value of the <c>oracles_format</c> root attribute.</summary>
    public const string FormatName = "trajectory";

    /// <summary>The schema version written and accepted.</summary>
    public const int Version = 1;

    /// <summary>Root attribute holding <see cref="FormatName"/>.</summary>
    public const string FormatAttribute = "oracles_format";

    /// <summary>Root attribute holding <see cref="Version"/>.</summary>
    public const string VersionAttribute = "oracles_version";

    /// <summary>Attribute: the system identifier (<see cref="Oracles.Core.SystemIds"/>).</summary>
    public const string SystemAttribute = "system";

    /// <summary>Attribute: the dimension d ∈ {1, 2, 3}.</summary>
    public const string DimensionAttribute = "dim";

    /// <summary>Attribute: the box length L of the torus [0, L)^d.</summary>
    public const string BoxLengthAttribute = "box_length";

    /// <summary>Attribute: ħ ≥ 0 (required with ψ; optional, default 0, for a fluid trajectory).</summary>
    public const string HbarAttribute = "hbar";

    /// <summary>Attribute: ε ≥ 0 (required with ψ; optional, default 0, for a fluid trajectory).</summary>
    public const string EpsilonAttribute = "epsilon";

    /// <summary>Optional attribute: who produced the trajectory (free text).</summary>
    public const string ProducerAttribute = "producer";

    /// <summary>Optional attribute: the scheme (free text).</summary>
    public const string SchemeAttribute = "scheme";

    /// <summary>Optional attribute: the solver's internal time step.</summary>
    public const string SolverTimeStepAttribute = "solver_time_step";

    /// <summary>Optional attribute: the formal order in time of the scheme.</summary>
    public const string SchemeOrderAttribute = "scheme_order";

    /// <summary>
    /// Optional root attribute: claims about the run that oracles may rely on, as catalogue ids separated by spaces
    /// or commas (e.g. <c>"BCY.L4.1.data"</c>: the quantum run starts from the well-prepared data of [BCY, Lemma 4.1]).
    /// Exposed as <see cref="TrajectoryBundle.Declarations"/>; the CLI checks the ids against the catalogue.
    /// </summary>
    public const string DeclarationsAttribute = "declarations";

    /// <summary>Dataset: sample times, float [nt], strictly increasing.</summary>
    public const string TimeDataset = "t";

    /// <summary>Dataset: ψ, complex [nt, n…] (HDF5 compound with float members <c>r</c>, <c>i</c> as h5py writes it,
    /// or <c>.npz</c> complex128/complex64, or a real array with a trailing axis of length 2).</summary>
    public const string PsiDataset = "psi";

    /// <summary>Dataset: Re ψ, real [nt, n…], used together with <see cref="PsiImaginaryDataset"/> instead of <c>psi</c>.</summary>
    public const string PsiRealDataset = "psi_re";

    /// <summary>Dataset: Im ψ, real [nt, n…], used together with <see cref="PsiRealDataset"/>.</summary>
    public const string PsiImaginaryDataset = "psi_im";

    /// <summary>Dataset: the density ρ ≥ 0, real [nt, n…] (fluid trajectories).</summary>
    public const string DensityDataset = "rho";

    /// <summary>Dataset: the velocity u, real [nt, d, n…] (fluid trajectories, optional).</summary>
    public const string VelocityDataset = "u";

    /// <summary>Dataset: the potential V, real [nt, n…] (optional).</summary>
    public const string PotentialDataset = "V";

    /// <summary>The group (HDF5) or key prefix (<c>.npz</c>) holding the fluid companion of a quantum root.</summary>
    public const string FluidGroup = "fluid";

    /// <summary>
    /// Tolerance on the normalisation of ψ at the first sample: |∫|ψ(t₀)|² dx − 1| ≤ 1e-6, with the quadrature
    /// Σ_j |ψ_j|² · Π(L/n_a).
    /// </summary>
    /// <remarks>
    /// <para>This is a sanity check on user data, not a numerical claim: it catches ψ stored in another normalisation
    /// (Σ|ψ_j|² = 1 without the cell volume, ∫|ψ|² = N, a wrong <c>box_length</c>), which are off by O(1). Initial data
    /// normalised in double precision sit at ~N·eps ≈ 1e-10 for N = 10⁶ points; stored as float32 each |ψ_j|² carries a
    /// relative error ≤ 2·2⁻²⁴ ≈ 1.2e-7, so the sum does too — both well inside 1e-6. Only t₀ is checked: how the mass
    /// evolves afterwards is what the mass-conservation oracle judges, with a budget, and must not be an input error.</para>
    /// <para>[BCY, §1]: the torus has unit volume and ∫|ψ|² = 1 (catalogue §0.2); the same normalisation is used on
    /// [0, L)^d.</para>
    /// </remarks>
    public const double NormalizationTolerance = 1e-6;
}
