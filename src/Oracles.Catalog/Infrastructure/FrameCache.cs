namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// Derived fields of trajectory frames computed on demand and kept while a five-point stencil slides over the
/// samples (memory O(5·N) instead of O(frames·N)).
/// </summary>
internal sealed class FrameCache(Func<int, double[]> compute)
{
    private readonly Dictionary<int, double[]> map = [];

    /// <summary>The field of frame n.</summary>
    public double[] this[int n]
    {
        get
        {
            if (!map.TryGetValue(n, out var v))
            {
                v = compute(n);
                map[n] = v;
            }

            return v;
        }
    }

    /// <summary>Drops frames before <paramref name="first"/>.</summary>
    public void Evict(int first)
    {
        foreach (var k in map.Keys.Where(k => k < first).ToArray())
        {
            map.Remove(k);
        }
    }
}
