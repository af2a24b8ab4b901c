using System.Text.RegularExpressions;

namespace Oracles.Catalog.Model;

/// <summary>
/// The ids of the catalogue (<c>shared/catalogue.md</c>, one per <c>####</c> heading), shipped as the embedded
/// resource <c>catalogue-ids.txt</c>, and the id rules every oracle follows.
/// </summary>
/// <remarks>
/// An oracle id is a catalogue id, or a catalogue id followed by <c>.</c> and a lower-case kebab-case suffix
/// (derived checks such as <c>BCY.E1.1.spb.mass</c> or the corrected/literal pair
/// <c>BCY.E2.19.T3-bound</c> / <c>BCY.E2.19.T3-bound.corrected</c>).
/// </remarks>
public static partial class CatalogueIds
{
    private static readonly Lazy<IReadOnlySet<string>> Ids = new(Load);

    /// <summary>Every catalogue id.</summary>
    public static IReadOnlySet<string> All => Ids.Value;

    /// <summary>True when <paramref name="id"/> is dot-separated segments of letters, digits, '+' and inner '-'.</summary>
    /// <param name="id">The id.</param>
    /// <returns>Whether it is well formed.</returns>
    public static bool IsWellFormed(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return IdPattern().IsMatch(id);
    }

    /// <summary>The catalogue id an oracle id derives from (itself, or the longest catalogue prefix before a kebab suffix), or null.</summary>
    /// <param name="id">The oracle id.</param>
    /// <returns>The catalogue id or null.</returns>
    public static string? BaseOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (All.Contains(id))
        {
            return id;
        }

        for (var cut = id.LastIndexOf('.'); cut > 0; cut = id.LastIndexOf('.', cut - 1))
        {
            var prefix = id[..cut];
            if (All.Contains(prefix) && SuffixPattern().IsMatch(id[(cut + 1)..]))
            {
                return prefix;
            }
        }

        return null;
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CatalogueIds).Assembly.GetManifestResourceStream("Oracles.Catalog.catalogue-ids.txt")
            ?? throw new InvalidOperationException("The embedded resource Oracles.Catalog.catalogue-ids.txt is missing from Oracles.Catalog.");
        using var reader = new StreamReader(stream);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var t = line.Trim();
            if (t.Length > 0 && !t.StartsWith('#'))
            {
                ids.Add(t);
            }
        }

        return ids;
    }

    [GeneratedRegex(@"^[A-Za-z0-9+]+(-[A-Za-z0-9+]+)*(\.[A-Za-z0-9+]+(-[A-Za-z0-9+]+)*)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$")]
    private static partial Regex SuffixPattern();
}
