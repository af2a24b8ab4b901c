using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Oracles.IO.Schema;

/// <summary>What an array's elements are, as far as the schema cares.</summary>
internal enum ElementKind
{
    /// <summary>IEEE float32 or float64.</summary>
    Real,

    /// <summary>A pair of IEEE float32 or float64 (re, im).</summary>
    Complex,

    /// <summary>A signed or unsigned integer.</summary>
    Integer,

    /// <summary>A string.</summary>
    Text,

    /// <summary>Anything else (described in <see cref="ElementType.Description"/>).</summary>
    Unsupported,
}

/// <summary>The element type of a stored array.</summary>
/// <param name="Kind">What the elements are.</param>
/// <param name="ComponentSize">Bytes per real component (4 or 8 for <see cref="ElementKind.Real"/> and
/// <see cref="ElementKind.Complex"/>; the integer size for <see cref="ElementKind.Integer"/>).</param>
/// <param name="BigEndian">True when the stored bytes are big-endian.</param>
/// <param name="Description">A short name for messages (<c>float64</c>, <c>complex64</c>, <c>int32</c>, …).</param>
internal readonly record struct ElementType(ElementKind Kind, int ComponentSize, bool BigEndian, string Description)
{
    /// <summary>Real values per element: 2 for complex, 1 otherwise.</summary>
    public int ValuesPerElement => Kind == ElementKind.Complex ? 2 : 1;

    /// <summary>A real float type of the given size.</summary>
    public static ElementType Float(int size, bool bigEndian) =>
        new(ElementKind.Real, size, bigEndian, size == 4 ? "float32" : "float64");

    /// <summary>A complex float type with components of the given size.</summary>
    public static ElementType ComplexOf(int componentSize, bool bigEndian) =>
        new(ElementKind.Complex, componentSize, bigEndian, componentSize == 4 ? "complex64" : "complex128");
}

/// <summary>
/// A stored array opened for reading: its shape, its element type and a way to read whole frames (slabs along axis 0)
/// in row-major order, widened to double. Sources check the claimed size against the file before handing one out.
/// </summary>
internal abstract class SourceArray
{
    /// <summary>Creates the description.</summary>
    /// <param name="field">The field name for messages (<c>psi</c>, <c>fluid/rho</c>).</param>
    /// <param name="shape">The extents, axis 0 first.</param>
    /// <param name="type">The element type.</param>
    protected SourceArray(string field, long[] shape, ElementType type)
    {
        Field = field;
        Shape = shape;
        Type = type;
        long frame = 1;
        for (var a = 1; a < shape.Length; a++)
        {
            frame = checked(frame * shape[a]);
        }

        FrameElements = frame;
    }

    /// <summary>The field name for messages.</summary>
    public string Field { get; }

    /// <summary>The extents, axis 0 first (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>The element type.</summary>
    public ElementType Type { get; }

    /// <summary>Elements per frame: the product of the extents after the first (1 for rank ≤ 1).</summary>
    public long FrameElements { get; }

    /// <summary>Text such as <c>[201, 128]</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    /// <summary>Formats a shape as <c>[a, b, c]</c>.</summary>
    /// <param name="shape">The extents.</param>
    /// <returns>The text.</returns>
    public static string FormatShape(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(n => n.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Reads frames [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) in row-major order
    /// as doubles (complex elements interleaved re, im) into <paramref name="destination"/>, whose length must be
    /// count · <see cref="FrameElements"/> · <see cref="ElementType.ValuesPerElement"/>.
    /// </summary>
    /// <param name="first">The first frame.</param>
    /// <param name="count">The number of frames.</param>
    /// <param name="destination">Where the values go.</param>
    public abstract void ReadFrames(int first, int count, Span<double> destination);

    /// <summary>Decodes IEEE floats of <paramref name="size"/> bytes from <paramref name="source"/> into doubles.</summary>
    /// <param name="source">Packed floats.</param>
    /// <param name="size">4 or 8.</param>
    /// <param name="bigEndian">Byte order of the source.</param>
    /// <param name="destination">One double per float.</param>
    public static void DecodeFloats(ReadOnlySpan<byte> source, int size, bool bigEndian, Span<double> destination)
    {
        if (source.Length != destination.Length * size)
        {
            throw new InvalidOperationException("Decoder buffer sizes disagree (internal error).");
        }

        switch (size, bigEndian == BitConverter.IsLittleEndian)
        {
            case (8, false):
                // Stored in the machine's byte order: a straight copy.
                MemoryMarshal.Cast<byte, double>(source).CopyTo(destination);
                break;
            case (8, true):
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReverseEndianness(MemoryMarshal.Read<long>(source[(8 * i)..])));
                }

                break;
            case (4, false):
                var floats = MemoryMarshal.Cast<byte, float>(source);
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = floats[i];
                }

                break;
            case (4, true):
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(MemoryMarshal.Read<int>(source[(4 * i)..])));
                }

                break;
            default:
                throw new InvalidOperationException($"Unsupported float size {size} (internal error).");
        }
    }
}

/// <summary>A scalar attribute as read from a file: text or a number.</summary>
/// <param name="Field">The field name for messages.</param>
/// <param name="Text">The string value, when the attribute is a string.</param>
/// <param name="Number">The numeric value, when the attribute is a number (integers are converted exactly up to 2⁵³).</param>
/// <param name="IsInteger">True when the stored type is an integer.</param>
/// <param name="TypeDescription">The stored type, for messages.</param>
internal sealed record AttributeValue(string Field, string? Text, double? Number, bool IsInteger, string TypeDescription)
{
    /// <summary>The value as it would be printed in a message.</summary>
    public string Display => Text is not null
        ? $"'{Text}'"
        : Number is { } x ? x.ToString("R", CultureInfo.InvariantCulture) : "(no value)";
}
