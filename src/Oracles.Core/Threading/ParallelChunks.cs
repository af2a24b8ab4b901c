using System.Globalization;
using System.Runtime.ExceptionServices;

namespace Oracles.Core.Threading;

/// <summary>
/// Work split into chunks that can be computed independently and in any order: chunk <c>c</c> reads what it needs and
/// writes only its own part of the output, and its result does not depend on which thread runs it or on which other
/// chunks ran before. That contract is what makes <see cref="ParallelChunks.Run"/> bit-identical for every thread count.
/// </summary>
public interface IChunkJob
{
    /// <summary>Computes chunk <paramref name="chunk"/>.</summary>
    /// <param name="chunk">0 ≤ chunk &lt; the count given to <see cref="ParallelChunks.Run"/>.</param>
    void Execute(int chunk);
}

/// <summary>
/// A small fixed pool of worker threads for the data-parallel loops of the reference solvers (FFT lines, pointwise
/// kicks): zero allocations per call, deterministic results whatever the thread count, and no nesting hazards.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="Parallel.For(int, int, Action{int})"/>: it allocates a closure, a loop state and task objects on every call
/// (≈ 1–2 kB), which would break the zero-bytes-per-step contract of the solvers (DESIGN.md §8), and it re-partitions
/// ranges in ways the caller cannot pin. Here the caller fixes the chunks; threads only pick which chunk to run next
/// (an atomic counter), so the arithmetic of each chunk — and hence every output bit — is the same with 1 or 64 threads.
/// Reductions must therefore be done by the caller per chunk and combined in chunk order.</para>
/// <para>Threads: <c>ORACLES_THREADS</c> (a positive integer; 1 disables the pool), default
/// <see cref="Environment.ProcessorCount"/>. One caller at a time uses the workers; a concurrent or nested caller
/// (another test thread, or a job that itself calls <see cref="Run"/>) runs its chunks inline on its own thread, which
/// gives the same result.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ParallelChunks
{
    private static readonly Lazy<Pool?> Workers = new(() => Threads > 1 ? new Pool(Threads - 1) : null, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static bool inlineOnThisThread;

    /// <summary>The number of threads a call may use (the caller plus <c>Threads − 1</c> workers).</summary>
    public static int Threads { get; } = ReadThreads(Environment.GetEnvironmentVariable("ORACLES_THREADS"));

    /// <summary>
    /// Runs <paramref name="job"/> on chunks 0 … <paramref name="chunks"/> − 1, on the calling thread and the workers,
    /// and returns when every chunk has finished. An exception thrown by a chunk is rethrown here (the first one, after
    /// all running chunks have stopped).
    /// </summary>
    /// <param name="job">The job (its chunks must be independent; see <see cref="IChunkJob"/>).</param>
    /// <param name="chunks">Number of chunks (≥ 0).</param>
    public static void Run(IChunkJob job, int chunks)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentOutOfRangeException.ThrowIfNegative(chunks);
        var pool = chunks > 1 && !inlineOnThisThread ? Workers.Value : null;
        if (pool is null || !pool.TryRun(job, chunks))
        {
            for (var c = 0; c < chunks; c++)
            {
                job.Execute(c);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> with every <see cref="Run"/> of this thread executed inline (one thread): lets
    /// tests compare the threaded and single-threaded results in one process.
    /// </summary>
    /// <param name="action">The work.</param>
    internal static void Inline(Action action)
    {
        var previous = inlineOnThisThread;
        inlineOnThisThread = true;
        try
        {
            action();
        }
        finally
        {
            inlineOnThisThread = previous;
        }
    }

    /// <summary>Parses <c>ORACLES_THREADS</c>: a positive integer, else the processor count.</summary>
    /// <param name="text">The variable's value (null when unset).</param>
    /// <returns>The thread count, 1 … 256.</returns>
    internal static int ReadThreads(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var asked) && asked >= 1
            ? Math.Min(asked, 256)
            : Math.Clamp(Environment.ProcessorCount, 1, 256);

#pragma warning disable CA1001 // The pool lives as long as the process (its workers are background threads); nothing to dispose early.
    private sealed class Pool
#pragma warning restore CA1001
    {
        private readonly int workers;
        private readonly SemaphoreSlim wake = new(0);
        private readonly ManualResetEventSlim done = new(false);
        private IChunkJob? job;
        private int chunks;
        private int next;
        private int active;
        private int busy;
        private Exception? failure;

        public Pool(int workers)
        {
            this.workers = workers;
            for (var w = 0; w < workers; w++)
            {
                new Thread(WorkerLoop) { IsBackground = true, Name = $"oracles-worker-{w + 1}" }.Start();
            }
        }

        public bool TryRun(IChunkJob work, int count)
        {
            if (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
            {
                return false; // Workers taken (a concurrent or nested caller): the caller runs inline.
            }

            try
            {
                job = work;
                chunks = count;
                failure = null;
                Volatile.Write(ref next, 0);
                var helpers = Math.Min(workers, count - 1);
                Volatile.Write(ref active, helpers + 1);
                done.Reset();
                wake.Release(helpers);
                Drain();
                if (Interlocked.Decrement(ref active) != 0)
                {
                    done.Wait();
                }

                job = null;
                if (failure is { } e)
                {
                    ExceptionDispatchInfo.Throw(e);
                }

                return true;
            }
            finally
            {
                Volatile.Write(ref busy, 0);
            }
        }

        private void WorkerLoop()
        {
            while (true)
            {
                wake.Wait();
                Drain();
                if (Interlocked.Decrement(ref active) == 0)
                {
                    done.Set();
                }
            }
        }

        private void Drain()
        {
            var work = job!;
            while (true)
            {
                var c = Interlocked.Increment(ref next) - 1;
                if (c >= chunks)
                {
                    return;
                }

                try
                {
                    work.Execute(c);
                }
#pragma warning disable CA1031 // Any exception of a chunk is captured and rethrown on the calling thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    Volatile.Write(ref next, chunks); // Stop handing out chunks.
                }
            }
        }
    }
}
