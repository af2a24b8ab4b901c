using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Oracles.Core.Spectral;

/// <summary>
/// A buffer whose first element sits on a 64-byte boundary (a cache line, and the alignment FFTW plans for), on the
/// pinned object heap so it never moves. Hold fields that go through <see cref="Fft"/> in one to let the native
/// backend run without copies or unaligned plans; the managed backend gains whole-line SIMD loads.
/// </summary>
/// <typeparam name="T">An unmanaged element type (<see cref="double"/> or <see cref="System.Numerics.Complex"/>).</typeparam>
/// <threadsafety>The buffer is plain memory: concurrent writers must coordinate as with an array.</threadsafety>
public sealed class AlignedBuffer<T>
    where T : unmanaged
{
    /// <summary>The alignment in bytes.</summary>
    public const int Alignment = 64;

    private readonly byte[] storage;
    private readonly int offset;

    /// <summary>Allocates a zeroed buffer.</summary>
    /// <param name="length">Number of elements (≥ 0).</param>
    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        var bytes = checked((length * Unsafe.SizeOf<T>()) + Alignment);
        storage = GC.AllocateArray<byte>(bytes, pinned: true);
        var address = Marshal.UnsafeAddrOfPinnedArrayElement(storage, 0);
        var misalignment = (int)(address % Alignment);
        offset = misalignment == 0 ? 0 : Alignment - misalignment;
    }

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    /// <summary>The elements.</summary>
    public Span<T> Span => MemoryMarshal.Cast<byte, T>(storage.AsSpan(offset, Length * Unsafe.SizeOf<T>()));

    /// <summary>The address of the first element (stable: the storage is pinned).</summary>
    internal nint Address => Marshal.UnsafeAddrOfPinnedArrayElement(storage, offset);
}

/// <summary>Alignment queries for spans (see <see cref="AlignedBuffer{T}"/>).</summary>
public static class AlignedBuffer
{
    /// <summary>
    /// Whether the span's first element sits on a 64-byte boundary now. Stable only for memory that cannot move
    /// (an <see cref="AlignedBuffer{T}"/>, native or pinned memory); use it to pick a faster path, never for correctness.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="span">The span.</param>
    /// <returns>True when 64-byte aligned.</returns>
    public static bool IsAligned<T>(ReadOnlySpan<T> span)
        where T : unmanaged =>
        Unsafe.ByteOffset(ref Unsafe.NullRef<T>(), ref MemoryMarshal.GetReference(span)) % AlignedBuffer<T>.Alignment == 0;
}
