namespace Oracles.Catalog.Model;

/// <summary>
/// Marks a type with the seed statement it encodes, e.g. <c>[Cites("BCY", "Lemma 2.12")]</c>. The consistency
/// test requires at least one on every oracle and a known key.
/// </summary>
/// <param name="key">The reference key in <see cref="References"/> (<c>GP</c> or <c>BCY</c>).</param>
/// <param name="location">Section, equation or lemma, with the seed line numbers.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CitesAttribute(string key, string location) : Attribute
{
    /// <summary>The reference key.</summary>
    public string Key { get; } = key;

    /// <summary>Section, equation or lemma.</summary>
    public string Location { get; } = location;
}

/// <summary>The full references of the seed papers, in one place.</summary>
public static class References
{
    /// <summary>Key → full citation and seed file.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GP"] = "F. Golse, T. Paul, Mean-field and classical limit for the N-body quantum dynamics with Coulomb interaction (seed 000_b180cf93eb4a4469.txt).",
        ["BCY"] = "I. Ben-Porat, G.-Q. G. Chen, D. Yuan, Quantum quasi-neutral limits and isothermal Euler equations (seed 003_3d2e38d265bb2d71.txt).",
    };

    /// <summary>The seed file of a key.</summary>
    /// <param name="key">GP or BCY.</param>
    /// <returns>The file name.</returns>
    public static string SeedFile(string key) => key switch
    {
        "GP" => "000_b180cf93eb4a4469.txt",
        "BCY" => "003_3d2e38d265bb2d71.txt",
        _ => throw new ArgumentException($"Unknown reference key '{key}'; known keys: GP, BCY.", nameof(key)),
    };
}
