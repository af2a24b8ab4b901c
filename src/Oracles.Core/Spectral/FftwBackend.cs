using System.Globalization;
using System.Numerics;
using System.Runtime;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Oracles.Core.Spectral;

/// <summary>
/// The optional native backend: FFTW 3 loaded at run time (never shipped; GPL), FFTW_MEASURE plans per shape, wisdom
/// persisted in the user's cache directory so the measuring is paid once per machine.
/// </summary>
/// <remarks>
/// <para>Plans are made on 64-byte-aligned buffers. A call whose arrays are large (so the GC never moves them: large
/// object heap, pinned heap, native or stack memory) runs FFTW on them directly, with the aligned plan when they start
/// on a 64-byte boundary (hold the data in an <see cref="AlignedBuffer{T}"/> for this) and otherwise with a second plan
/// made with FFTW_UNALIGNED. Small arrays, which the GC may move, are copied through an aligned per-thread buffer.</para>
/// <para>Threads: <c>ORACLES_FFT_THREADS</c>, else <c>ORACLES_THREADS</c>, else the processor count (when
/// libfftw3_threads loads), and only for transforms of at least 2^16 points (smaller ones lose to the threading
/// overhead; they run on one thread). Wisdom goes to <c>ORACLES_FFTW_WISDOM</c> or
/// <c>$XDG_CACHE_HOME/oracles/fftw3-wisdom</c> (default <c>~/.cache/oracles/fftw3-wisdom</c>).</para>
/// </remarks>
public sealed class FftwBackend : IFftBackend
{
    private static readonly Lazy<(FftwBackend? Backend, string Reason)> Loaded = new(Load);

    private FftwBackend(FftwNative native, string? wisdomPath, int threads)
    {
        Native = native;
        WisdomPath = wisdomPath;
        Threads = threads;
    }

    /// <inheritdoc/>
    public string Name => "fftw";

    /// <inheritdoc/>
    public string Description =>
        $"{Native.Version} ({Native.Library}, FFTW_MEASURE, {Threads} thread{(Threads == 1 ? string.Empty : "s")}, wisdom {WisdomPath ?? "not persisted"})";

    /// <summary>Where wisdom is persisted, or null when no cache directory is writable.</summary>
    public string? WisdomPath { get; }

    /// <summary>Threads FFTW may use on transforms of at least 2^16 points.</summary>
    public int Threads { get; }

    internal FftwNative Native { get; }

    /// <summary>Loads FFTW once per process.</summary>
    /// <param name="backend">The backend when FFTW could be loaded.</param>
    /// <param name="reason">Why it could not, otherwise empty.</param>
    /// <returns>True when FFTW is available.</returns>
    public static bool TryLoad([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out FftwBackend? backend, out string reason)
    {
        (backend, reason) = Loaded.Value;
        return backend is not null;
    }

    /// <inheritdoc/>
    public IFftPlan CreatePlan(IReadOnlyList<int> shape) => new FftwPlan(this, shape);

    /// <summary>Writes the accumulated wisdom (after new plans were measured); failures only cost re-measuring later.</summary>
    internal void SaveWisdom()
    {
        if (WisdomPath is null)
        {
            return;
        }

        try
        {
            var temporary = $"{WisdomPath}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
            if (Native.ExportWisdom(temporary) != 0)
            {
                File.Move(temporary, WisdomPath, overwrite: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static (FftwBackend?, string) Load()
    {
        var native = FftwNative.TryLoad(out var reason);
        if (native is null)
        {
            return (null, reason);
        }

        // ORACLES_FFT_THREADS if set, else the library-wide ORACLES_THREADS (default: the processor count).
        var asked = int.TryParse(Environment.GetEnvironmentVariable("ORACLES_FFT_THREADS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : Threading.ParallelChunks.Threads;
        var threads = asked > 1 && native.TryEnableThreads() ? asked : 1;

        var wisdom = WisdomFile();
        if (wisdom is not null && File.Exists(wisdom))
        {
            lock (native.PlannerLock)
            {
                native.ImportWisdom(wisdom);
            }
        }

        return (new FftwBackend(native, wisdom, threads), string.Empty);
    }

    private static string? WisdomFile()
    {
        try
        {
            var explicitPath = Environment.GetEnvironmentVariable("ORACLES_FFTW_WISDOM");
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                return explicitPath;
            }

            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(cache))
            {
                var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                if (string.IsNullOrEmpty(home))
                {
                    return null;
                }

                cache = Path.Combine(home, ".cache");
            }

            var directory = Path.Combine(cache, "oracles");
            Directory.CreateDirectory(directory);
            return Path.Combine(directory, "fftw3-wisdom");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>FFTW plans (aligned and, on demand, unaligned) for one shape.</summary>
internal sealed class FftwPlan : IFftPlan
{
    private const int ThreadThreshold = 1 << 16;

    private static readonly int DirectThresholdBytes = DirectThreshold();

    [ThreadStatic]
    private static AlignedBuffer<double>? scratchA;

    [ThreadStatic]
    private static AlignedBuffer<double>? scratchB;

    private readonly FftwBackend backend;
    private readonly int[] shape;
    private readonly int[] spectrumShape;
    private readonly IntPtr[] plans = new IntPtr[8]; // kind × {aligned, unaligned}

    public FftwPlan(FftwBackend backend, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count is < 1 or > 3)
        {
            throw new ArgumentException($"FFT plans have 1 to 3 axes; got {shape.Count}.", nameof(shape));
        }

        this.backend = backend;
        this.shape = shape.ToArray();
        Count = 1;
        foreach (var n in this.shape)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(n, 1, nameof(shape));
            Count = checked(Count * n);
        }

        spectrumShape = this.shape.ToArray();
        spectrumShape[^1] = (this.shape[^1] / 2) + 1;
        SpectrumCount = Count / this.shape[^1] * spectrumShape[^1];
    }

    private enum Kind
    {
        Forward = 0,
        Backward = 1,
        RealForward = 2,
        RealBackward = 3,
    }

    public IReadOnlyList<int> Shape => shape;

    public int Count { get; }

    public IReadOnlyList<int> SpectrumShape => spectrumShape;

    public int SpectrumCount { get; }

    public void ForwardUnscaled(Span<Complex> data) => Execute(Kind.Forward, data, 1.0);

    public void BackwardUnscaled(Span<Complex> data) => Execute(Kind.Backward, data, 1.0);

    public void Backward(Span<Complex> data, double scale) => Execute(Kind.Backward, data, scale);

    public void ForwardReal(ReadOnlySpan<double> field, Span<Complex> spectrum)
    {
        Guard.Length(field.Length, Count, nameof(field));
        Guard.Length(spectrum.Length, SpectrumCount, nameof(spectrum));
        var native = backend.Native;
        ref var input = ref MemoryMarshal.GetReference(field);
        ref var output = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetReference(spectrum));
        if (TryDirect(ref input, field.Length * sizeof(double), ref output, spectrum.Length * 16, out var aligned))
        {
            native.ExecuteDftR2C(Get(Kind.RealForward, aligned), ref input, ref output);
            return;
        }

        var a = Scratch(ref scratchA, Count);
        var b = Scratch(ref scratchB, 2 * SpectrumCount);
        field.CopyTo(a);
        native.ExecuteDftR2C(Get(Kind.RealForward, aligned: true), ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));
        MemoryMarshal.Cast<double, Complex>(b).CopyTo(spectrum);
    }

    public void BackwardReal(Span<Complex> spectrum, Span<double> field, double scale)
    {
        Guard.Length(spectrum.Length, SpectrumCount, nameof(spectrum));
        Guard.Length(field.Length, Count, nameof(field));
        var native = backend.Native;
        ref var input = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetReference(spectrum));
        ref var output = ref MemoryMarshal.GetReference(field);
        if (TryDirect(ref input, spectrum.Length * 16, ref output, field.Length * sizeof(double), out var aligned))
        {
            native.ExecuteDftC2R(Get(Kind.RealBackward, aligned), ref input, ref output);
            Scale(field, scale);
            return;
        }

        var a = Scratch(ref scratchA, 2 * SpectrumCount);
        var b = Scratch(ref scratchB, Count);
        MemoryMarshal.Cast<Complex, double>(spectrum).CopyTo(a);
        native.ExecuteDftC2R(Get(Kind.RealBackward, aligned: true), ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));
        Scale(b, scale);
        b.CopyTo(field);
    }

    private void Execute(Kind kind, Span<Complex> data, double scale)
    {
        Guard.Length(data.Length, Count, nameof(data));
        var native = backend.Native;
        ref var x = ref Unsafe.As<Complex, double>(ref MemoryMarshal.GetReference(data));
        var bytes = data.Length * 16;
        if (TryDirect(ref x, bytes, ref x, bytes, out var aligned))
        {
            native.ExecuteDft(Get(kind, aligned), ref x, ref x);
            Scale(MemoryMarshal.Cast<Complex, double>(data), scale);
            return;
        }

        var a = Scratch(ref scratchA, 2 * Count);
        MemoryMarshal.Cast<Complex, double>(data).CopyTo(a);
        ref var s = ref MemoryMarshal.GetReference(a);
        native.ExecuteDft(Get(kind, aligned: true), ref s, ref s);
        Scale(a, scale);
        MemoryMarshal.Cast<double, Complex>(a).CopyTo(data);
    }

    /// <summary>
    /// True when FFTW may run on the caller's memory: both arrays are large enough that the GC does not move them
    /// (and the large object heap is not being compacted). <paramref name="aligned"/> says whether both start on
    /// a 64-byte boundary (aligned plan) or not (FFTW_UNALIGNED plan).
    /// </summary>
    private static bool TryDirect(ref double input, int inputBytes, ref double output, int outputBytes, out bool aligned)
    {
        aligned = true;
        if (inputBytes < DirectThresholdBytes || outputBytes < DirectThresholdBytes
            || GCSettings.LargeObjectHeapCompactionMode != GCLargeObjectHeapCompactionMode.Default)
        {
            return false;
        }

        aligned = Address(ref input) % AlignedBuffer<double>.Alignment == 0 && Address(ref output) % AlignedBuffer<double>.Alignment == 0;
        return true;
    }

    private static nint Address(ref double x) => Unsafe.ByteOffset(ref Unsafe.NullRef<double>(), ref x);

    private static Span<double> Scratch(ref AlignedBuffer<double>? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
        {
            buffer = new AlignedBuffer<double>(length);
        }

        return buffer.Span[..length];
    }

    private static void Scale(Span<double> x, double scale)
    {
        if (scale == 1.0)
        {
            return;
        }

        ref var r = ref MemoryMarshal.GetReference(x);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; i <= x.Length - 4; i += 4)
            {
                (Vector256.LoadUnsafe(ref r, (nuint)i) * s).StoreUnsafe(ref r, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            x[i] *= scale;
        }
    }

    private IntPtr Get(Kind kind, bool aligned)
    {
        var slot = (2 * (int)kind) + (aligned ? 0 : 1);
        var plan = Volatile.Read(ref plans[slot]);
        return plan != IntPtr.Zero ? plan : Create(kind, aligned, slot);
    }

    private IntPtr Create(Kind kind, bool aligned, int slot)
    {
        var native = backend.Native;
        lock (native.PlannerLock)
        {
            if (plans[slot] != IntPtr.Zero)
            {
                return plans[slot];
            }

            native.PlanWithThreads?.Invoke(Count >= ThreadThreshold ? backend.Threads : 1);
            var flags = FftwNative.Measure | (aligned ? 0 : FftwNative.Unaligned);

            // FFTW_MEASURE overwrites the arrays it plans on: plan on private aligned buffers, never on user data.
            var realCount = kind is Kind.RealForward or Kind.RealBackward;
            var inLength = kind switch
            {
                Kind.RealForward => Count,
                Kind.RealBackward => 2 * SpectrumCount,
                _ => 2 * Count,
            };
            var outLength = kind switch
            {
                Kind.RealForward => 2 * SpectrumCount,
                Kind.RealBackward => Count,
                _ => 0,
            };
            var input = new AlignedBuffer<double>(inLength);
            var output = outLength > 0 ? new AlignedBuffer<double>(outLength) : input;
            ref var i = ref MemoryMarshal.GetReference(input.Span);
            ref var o = ref MemoryMarshal.GetReference(output.Span);
            var plan = kind switch
            {
                Kind.Forward => native.PlanDft(shape.Length, shape, ref i, ref o, FftwNative.ForwardSign, flags),
                Kind.Backward => native.PlanDft(shape.Length, shape, ref i, ref o, FftwNative.BackwardSign, flags),
                Kind.RealForward => native.PlanDftR2C(shape.Length, shape, ref i, ref o, flags),
                _ => native.PlanDftC2R(shape.Length, shape, ref i, ref o, flags),
            };
            GC.KeepAlive(input);
            GC.KeepAlive(output);
            if (plan == IntPtr.Zero)
            {
                throw new InvalidOperationException(
                    $"FFTW could not plan a {kind} transform of shape [{string.Join(',', shape)}]{(realCount ? " (real)" : string.Empty)}.");
            }

            Volatile.Write(ref plans[slot], plan);
            backend.SaveWisdom();
            return plan;
        }
    }

    private static int DirectThreshold()
    {
        // Objects of at least GCLOHThreshold bytes (default 85 000) live on the large object heap, which the GC does not
        // compact unless asked to; a configured threshold (it can only be raised) or memory conservation (which may
        // compact the LOH) is honoured by raising our limit or disabling direct calls.
        var threshold = 85_000L;
        if (AppContext.GetData("System.GC.LOHThreshold") is { } configured
            && long.TryParse(Convert.ToString(configured, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c))
        {
            threshold = Math.Max(threshold, c);
        }

        foreach (var prefix in new[] { "DOTNET_", "COMPlus_" })
        {
            if (long.TryParse(Environment.GetEnvironmentVariable(prefix + "GCLOHThreshold"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var e))
            {
                threshold = Math.Max(threshold, e);
            }

            var conserve = Environment.GetEnvironmentVariable(prefix + "GCConserveMemory");
            if (!string.IsNullOrEmpty(conserve) && conserve != "0")
            {
                return int.MaxValue;
            }
        }

        if (AppContext.GetData("System.GC.ConserveMemory") is { } conserveConfig
            && Convert.ToString(conserveConfig, CultureInfo.InvariantCulture) is { } text && text != "0")
        {
            return int.MaxValue;
        }

        return (int)Math.Min(int.MaxValue, threshold);
    }
}
