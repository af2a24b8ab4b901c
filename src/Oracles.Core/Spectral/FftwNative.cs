using System.Runtime.InteropServices;

namespace Oracles.Core.Spectral;

/// <summary>
/// FFTW 3 (double precision) loaded at run time with <see cref="NativeLibrary"/>. Nothing of FFTW is shipped: it is
/// GPL software the user installs (e.g. <c>apt-get install libfftw3-double3</c>), and without it the managed
/// backend is used.
/// </summary>
/// <remarks>Only the execute functions of FFTW are thread-safe; every planner and wisdom call holds <see cref="PlannerLock"/>.</remarks>
internal sealed class FftwNative
{
    /// <summary>FFTW_MEASURE: time several algorithms and keep the fastest.</summary>
    public const uint Measure = 0;

    /// <summary>FFTW_UNALIGNED: the plan may be executed on arrays of any alignment.</summary>
    public const uint Unaligned = 1u << 1;

    /// <summary>FFTW_FORWARD (sign −1).</summary>
    public const int ForwardSign = -1;

    /// <summary>FFTW_BACKWARD (sign +1).</summary>
    public const int BackwardSign = 1;

    private static readonly string[] LibraryNames =
    [
        "libfftw3.so.3", "libfftw3.so", "libfftw3.3.dylib", "libfftw3.dylib", "libfftw3-3.dll", "libfftw3-3", "fftw3",
    ];

    private static readonly string[] ThreadLibraryNames = ["libfftw3_threads.so.3", "libfftw3_threads.so", "libfftw3_threads.3.dylib"];

    private FftwNative(IntPtr handle, string library)
    {
        Library = library;
        PlanDft = Export<PlanDftFn>(handle, "fftw_plan_dft");
        PlanDftR2C = Export<PlanRealFn>(handle, "fftw_plan_dft_r2c");
        PlanDftC2R = Export<PlanRealFn>(handle, "fftw_plan_dft_c2r");
        ExecuteDft = Export<ExecuteFn>(handle, "fftw_execute_dft");
        ExecuteDftR2C = Export<ExecuteFn>(handle, "fftw_execute_dft_r2c");
        ExecuteDftC2R = Export<ExecuteFn>(handle, "fftw_execute_dft_c2r");
        ImportWisdom = Export<WisdomFn>(handle, "fftw_import_wisdom_from_filename");
        ExportWisdom = Export<WisdomFn>(handle, "fftw_export_wisdom_to_filename");
        Version = NativeLibrary.TryGetExport(handle, "fftw_version", out var version)
            ? Marshal.PtrToStringAnsi(version) ?? "fftw-3"
            : "fftw-3";
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr PlanDftFn(int rank, int[] n, ref double input, ref double output, int sign, uint flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate IntPtr PlanRealFn(int rank, int[] n, ref double input, ref double output, uint flags);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void ExecuteFn(IntPtr plan, ref double input, ref double output);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int WisdomFn([MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int InitThreadsFn();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void PlanWithThreadsFn(int threads);

    /// <summary>Serialises the planner and wisdom (FFTW's planner is not thread-safe).</summary>
    public object PlannerLock { get; } = new();

    public string Library { get; }

    public string Version { get; }

    public PlanDftFn PlanDft { get; }

    public PlanRealFn PlanDftR2C { get; }

    public PlanRealFn PlanDftC2R { get; }

    public ExecuteFn ExecuteDft { get; }

    public ExecuteFn ExecuteDftR2C { get; }

    public ExecuteFn ExecuteDftC2R { get; }

    public WisdomFn ImportWisdom { get; }

    public WisdomFn ExportWisdom { get; }

    /// <summary><c>fftw_plan_with_nthreads</c> when libfftw3_threads loaded and initialised, else null.</summary>
    public PlanWithThreadsFn? PlanWithThreads { get; private set; }

    /// <summary>Loads FFTW, or says why it could not.</summary>
    public static FftwNative? TryLoad(out string reason)
    {
        var explicitPath = Environment.GetEnvironmentVariable("ORACLES_FFTW_LIBRARY");
        var candidates = string.IsNullOrWhiteSpace(explicitPath) ? LibraryNames : [explicitPath, .. LibraryNames];
        foreach (var name in candidates)
        {
            if (!NativeLibrary.TryLoad(name, typeof(FftwNative).Assembly, DllImportSearchPath.SafeDirectories, out var handle))
            {
                continue;
            }

            try
            {
                var native = new FftwNative(handle, name);
                reason = string.Empty;
                return native;
            }
            catch (EntryPointNotFoundException e)
            {
                reason = $"{name} loaded but lacks {e.Message}";
                return null;
            }
        }

        reason = $"none of {string.Join(", ", LibraryNames)} could be loaded.";
        return null;
    }

    /// <summary>Loads libfftw3_threads and enables multi-threaded planning (used only when more than one thread is asked for).</summary>
    public bool TryEnableThreads()
    {
        foreach (var name in ThreadLibraryNames)
        {
            if (!NativeLibrary.TryLoad(name, typeof(FftwNative).Assembly, DllImportSearchPath.SafeDirectories, out var handle))
            {
                continue;
            }

            if (!NativeLibrary.TryGetExport(handle, "fftw_init_threads", out var init)
                || !NativeLibrary.TryGetExport(handle, "fftw_plan_with_nthreads", out var with))
            {
                continue;
            }

            if (Marshal.GetDelegateForFunctionPointer<InitThreadsFn>(init)() == 0)
            {
                return false;
            }

            PlanWithThreads = Marshal.GetDelegateForFunctionPointer<PlanWithThreadsFn>(with);
            return true;
        }

        return false;
    }

    private static TDelegate Export<TDelegate>(IntPtr handle, string name)
        where TDelegate : Delegate =>
        NativeLibrary.TryGetExport(handle, name, out var address)
            ? Marshal.GetDelegateForFunctionPointer<TDelegate>(address)
            : throw new EntryPointNotFoundException(name);
}
