namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// Derived values of trajectory frames computed on demand and kept: all of them when they are small, otherwise the
/// last <c>capacity</c> computed (memory O(capacity·N) instead of O(frames·N) while a five-point stencil slides over the
/// samples).
/// </summary>
/// <typeparam name="T">The derived value of one frame (a field, or a small record).</typeparam>
/// <remarks>The indexer is not thread-safe: the owner serialises it (<see cref="SharedFrames"/> holds its lock around
/// it). <see cref="Peek"/> may be called without the lock: when every frame is kept, a value once computed is published
/// in a slot that never changes again. Values handed out are never written again, so they may be read after the lock
/// is released.</remarks>
internal sealed class FrameCache<T>
    where T : class
{
    private readonly Func<int, T> compute;
    private readonly int capacity;
    private readonly Slot[]? slots;
    private readonly Dictionary<int, T>? map;

    /// <summary>Creates the cache of <paramref name="count"/> frames keeping at most <paramref name="capacity"/> of them.</summary>
    public FrameCache(int count, Func<int, T> compute, int capacity = int.MaxValue)
    {
        this.compute = compute;
        this.capacity = capacity;
        if (capacity >= count)
        {
            slots = new Slot[count];
        }
        else
        {
            map = [];
        }
    }

    /// <summary>The value of frame n, computed if needed (call under the owner's lock).</summary>
    public T this[int n]
    {
        get
        {
            if (slots is not null)
            {
                if (slots[n].Value is { } kept)
                {
                    return kept;
                }

                var value = compute(n);
                Volatile.Write(ref slots[n].Value, value);
                return value;
            }

            if (!map!.TryGetValue(n, out var v))
            {
                v = compute(n);
                if (map.Count >= capacity)
                {
                    EvictOldest();
                }

                map[n] = v;
            }

            return v;
        }
    }

    /// <summary>The value of frame n if it is computed and every frame is kept, else null (no lock needed).</summary>
    public T? Peek(int n) => slots is null ? null : Volatile.Read(ref slots[n].Value);

    /// <summary>A slot of the array: a struct, so that taking its address needs no covariance check of the (shared generic) element type.</summary>
    private struct Slot
    {
        public T? Value;
    }

    private void EvictOldest()
    {
        var oldest = int.MaxValue;
        foreach (var k in map!.Keys)
        {
            oldest = Math.Min(oldest, k);
        }

        map.Remove(oldest);
    }
}

/// <summary>A scalar per frame, computed on demand and kept (O(frames) memory); locking as <see cref="FrameCache{T}"/>.</summary>
internal sealed class FrameScalars(int count, Func<int, double> compute)
{
    private readonly double[] values = new double[count];
    private readonly bool[] done = new bool[count];

    /// <summary>The value of frame n, computed if needed (call under the owner's lock).</summary>
    public double this[int n]
    {
        get
        {
            if (!done[n])
            {
                values[n] = compute(n);
                Volatile.Write(ref done[n], true);
            }

            return values[n];
        }
    }

    /// <summary>Whether frame n is computed, and its value (no lock needed).</summary>
    public bool TryPeek(int n, out double value)
    {
        var ready = Volatile.Read(ref done[n]);
        value = ready ? values[n] : 0;
        return ready;
    }
}
