using Oracles.Core.Threading;

namespace Oracles.Catalog.Infrastructure;

/// <summary>
/// Derived values of trajectory frames, computed on demand and kept: all of them when they are small (then they can also
/// be computed all at once, frames in parallel, by <see cref="Fill"/>), otherwise the last <c>capacity</c> computed
/// (memory O(capacity·N) instead of O(frames·N) while a five-point stencil slides over the samples).
/// </summary>
/// <typeparam name="T">The derived value of one frame (a field, or a small record).</typeparam>
/// <remarks>
/// <para>Thread-safe and lock-free when every frame is kept: a frame's value is a pure function of the frame (same code,
/// same inputs, whichever thread computes it), so two threads that compute it at once produce the same bits and the first
/// to publish wins. The values handed out are never written again.</para>
/// </remarks>
internal sealed class FrameCache<T>
    where T : class
{
    private readonly Func<int, T> compute;
    private readonly int capacity;
    private readonly Slot[]? slots;
    private readonly Dictionary<int, T>? map;
    private int filled;

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

    /// <summary>The value of frame n, computed if needed.</summary>
    public T this[int n]
    {
        get
        {
            if (slots is not null)
            {
                if (Volatile.Read(ref slots[n].Value) is { } kept)
                {
                    return kept;
                }

                var value = compute(n);
                return Interlocked.CompareExchange(ref slots[n].Value, value, null) ?? value;
            }

            lock (map!)
            {
                if (map.TryGetValue(n, out var kept))
                {
                    return kept;
                }
            }

            var v = compute(n);
            lock (map)
            {
                if (!map.TryGetValue(n, out var kept))
                {
                    if (map.Count >= capacity)
                    {
                        EvictOldest();
                    }

                    map[n] = kept = v;
                }

                return kept;
            }
        }
    }

    /// <summary>The value of frame n if it is computed and every frame is kept, else null.</summary>
    public T? Peek(int n) => slots is null ? null : Volatile.Read(ref slots[n].Value);

    /// <summary>
    /// Computes every frame once, frames in parallel (<see cref="ParallelChunks"/>), when every frame is kept; nothing
    /// otherwise, or when already done or under way. A frame whose computation throws is left for the indexer, which
    /// computes it again (and throws) when an oracle asks for that frame.
    /// </summary>
    public void Fill()
    {
        if (slots is null || FrameFill.Active || Interlocked.Exchange(ref filled, 1) != 0)
        {
            return;
        }

        ParallelChunks.Run(new FrameFill(n => _ = this[n]), slots.Length);
    }

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

/// <summary>A scalar per frame, computed on demand and kept (O(frames) memory); thread-safe and lock-free as <see cref="FrameCache{T}"/>.</summary>
internal sealed class FrameScalars(int count, Func<int, double> compute)
{
    private readonly double[] values = new double[count];
    private readonly bool[] done = new bool[count];
    private int filled;

    /// <summary>The value of frame n, computed if needed.</summary>
    public double this[int n]
    {
        get
        {
            if (!Volatile.Read(ref done[n]))
            {
                // Racing threads compute the same bits; whichever writes last writes the same value.
                values[n] = compute(n);
                Volatile.Write(ref done[n], true);
            }

            return values[n];
        }
    }

    /// <summary>Whether frame n is computed, and its value.</summary>
    public bool TryPeek(int n, out double value)
    {
        var ready = Volatile.Read(ref done[n]);
        value = ready ? values[n] : 0;
        return ready;
    }

    /// <summary>Computes every frame once, frames in parallel (as <see cref="FrameCache{T}.Fill"/>).</summary>
    public void Fill()
    {
        if (FrameFill.Active || Interlocked.Exchange(ref filled, 1) != 0)
        {
            return;
        }

        ParallelChunks.Run(new FrameFill(n => _ = this[n]), values.Length);
    }
}

/// <summary>
/// The job of a frame-parallel fill: chunk n computes frame n. Inside it, other caches compute only the frames asked for
/// (<see cref="Active"/>), so the frames of one fill are spread over the threads instead of one thread filling a whole
/// dependency on its own.
/// </summary>
internal sealed class FrameFill(Action<int> frame) : IChunkJob
{
    [ThreadStatic]
    private static bool active;

    /// <summary>True on a thread that is running a chunk of a fill.</summary>
    public static bool Active => active;

    /// <inheritdoc/>
    public void Execute(int chunk)
    {
        var previous = active;
        active = true;
        try
        {
            frame(chunk);
        }
#pragma warning disable CA1031 // A frame that fails here is computed again, and throws to the oracle that asks for it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            active = previous;
        }
    }
}
