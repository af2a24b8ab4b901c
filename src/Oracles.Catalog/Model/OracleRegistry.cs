using System.Reflection;

namespace Oracles.Catalog.Model;

/// <summary>
/// Every oracle of the catalogue, keyed by catalogue id. Discovered by reflection over this assembly: every
/// public, non-abstract <see cref="IOracle"/> with a public parameterless constructor is registered.
/// </summary>
public static class OracleRegistry
{
    private static readonly Lazy<IReadOnlyList<IOracle>> Oracles = new(Discover);

    /// <summary>All oracles, ordered by id (ordinal).</summary>
    public static IReadOnlyList<IOracle> All => Oracles.Value;

    /// <summary>The oracle with this id.</summary>
    /// <param name="id">The catalogue id.</param>
    /// <returns>The oracle.</returns>
    /// <exception cref="KeyNotFoundException">No oracle has this id; the message lists near matches.</exception>
    public static IOracle Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = All.FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.Ordinal));
        if (found is not null)
        {
            return found;
        }

        var near = All.Where(o => o.Id.Contains(id, StringComparison.OrdinalIgnoreCase)).Select(o => o.Id).Take(5).ToArray();
        throw new KeyNotFoundException(near.Length == 0
            ? $"No oracle has id '{id}'. Run 'oracles list' for the catalogue."
            : $"No oracle has id '{id}'. Did you mean: {string.Join(", ", near)}?");
    }

    /// <summary>The oracle with this id, or null.</summary>
    /// <param name="id">The catalogue id.</param>
    /// <returns>The oracle or null.</returns>
    public static IOracle? Find(string id) => All.FirstOrDefault(o => string.Equals(o.Id, id, StringComparison.Ordinal));

    private static IReadOnlyList<IOracle> Discover()
    {
        var oracles = typeof(OracleRegistry).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IOracle).IsAssignableFrom(t)
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IOracle)Activator.CreateInstance(t)!)
            .OrderBy(o => o.Id, StringComparer.Ordinal)
            .ToArray();
        var duplicate = oracles.GroupBy(o => o.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Oracle id '{duplicate.Key}' is registered twice.");
        }

        return oracles;
    }

    /// <summary>The <see cref="CitesAttribute"/>s of an oracle's type.</summary>
    /// <param name="oracle">The oracle.</param>
    /// <returns>The citations.</returns>
    public static IReadOnlyList<CitesAttribute> CitationsOf(IOracle oracle)
    {
        ArgumentNullException.ThrowIfNull(oracle);
        return oracle.GetType().GetCustomAttributes<CitesAttribute>().ToArray();
    }
}
