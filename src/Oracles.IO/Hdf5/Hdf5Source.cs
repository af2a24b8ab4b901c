using System.Globalization;
using Oracles.IO.Schema;
using PureHDF;
using PureHDF.Selections;
using PureHDF.VOL.Native;

namespace Oracles.IO.Hdf5;

/// <summary>
/// Reads the trajectory schema from an HDF5 file through PureHDF (pure managed). Every PureHDF call is fenced: its
/// failures become <see cref="TrajectoryFormatException"/>s naming the field, and claimed sizes are checked against
/// the file length before anything is allocated for them.
/// </summary>
/// <remarks>
/// <para>Accepted element types: IEEE float32/float64 (little- or big-endian) for real fields; for ψ the compound
/// h5py writes for complex numbers (two float members named <c>r</c>, <c>i</c> — also <c>real</c>/<c>imag</c>,
/// <c>re</c>/<c>im</c>), a real array with a trailing axis of 2, or the pair <c>psi_re</c>/<c>psi_im</c>. Attributes
/// are strings, integers or floats, little-endian (PureHDF cannot decode big-endian attributes).</para>
/// </remarks>
internal sealed class Hdf5Source : TrajectorySource
{
    /// <summary>The HDF5 format signature, <c>\x89HDF\r\n\x1a\n</c>.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly GuardedReadStream stream;
    private readonly NativeFile file;
    private readonly long fileLength;

    private Hdf5Source(string path, GuardedReadStream stream, NativeFile file)
        : base(path)
    {
        this.stream = stream;
        this.file = file;
        fileLength = stream.Length;
    }

    /// <summary>Opens <paramref name="fileStream"/> (owned from here on) as HDF5.</summary>
    /// <param name="path">The file name for messages.</param>
    /// <param name="fileStream">The opened file.</param>
    /// <param name="signatureOffset">Where the signature was found (0, or a user-block size).</param>
    /// <returns>The source.</returns>
    public static Hdf5Source Open(string path, Stream fileStream, long signatureOffset)
    {
        var guarded = new GuardedReadStream(fileStream);
        try
        {
            Fence(path, null, "check the structure of", () =>
            {
                Hdf5Preflight.Check(path, guarded, signatureOffset);
                return 0;
            });
            var file = Fence(path, null, "open the file", () => H5File.Open(guarded, leaveOpen: true));
            return new Hdf5Source(path, guarded, file);
        }
        catch
        {
            guarded.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override bool HasGroup(string group)
    {
        return Fence(group, "look up the group", () =>
        {
            if (!file.LinkExists(group))
            {
                return false;
            }

            return file.Get(group) is IH5Group
                ? true
                : throw Error(group, $"`{group}` is not a group; the fluid trajectory lives in the group `{group}`.");
        });
    }

    /// <inheritdoc/>
    public override AttributeValue? ReadAttribute(string group, string name)
    {
        var field = FieldName(group, name);
        return Fence(field, "read the attribute", () =>
        {
            IH5Object owner = group.Length == 0 ? file : file.Group(group);
            if (!owner.AttributeExists(name))
            {
                return null;
            }

            var attribute = owner.Attribute(name);
            var count = ElementCount(attribute.Space);
            if (count != 1)
            {
                throw Error(field, $"`{field}` has {count.ToString(CultureInfo.InvariantCulture)} values; expected a single value.");
            }

            var type = attribute.Type;
            switch (type.Class)
            {
                case H5DataTypeClass.String:
                case H5DataTypeClass.VariableLength:
                    return new AttributeValue(field, attribute.Read<string>(), null, false, "string");

                case H5DataTypeClass.FixedPoint:
                    RequireLittleEndian(field, type);
                    var signed = type.FixedPoint.IsSigned;
                    double value = (type.Size, signed) switch
                    {
                        (1, true) => attribute.Read<sbyte>(),
                        (1, false) => attribute.Read<byte>(),
                        (2, true) => attribute.Read<short>(),
                        (2, false) => attribute.Read<ushort>(),
                        (4, true) => attribute.Read<int>(),
                        (4, false) => attribute.Read<uint>(),
                        (8, true) => attribute.Read<long>(),
                        (8, false) => attribute.Read<ulong>(),
                        _ => double.NaN,
                    };
                    var intName = $"{(signed ? "int" : "uint")}{(8 * type.Size).ToString(CultureInfo.InvariantCulture)}";
                    return double.IsNaN(value)
                        ? new AttributeValue(field, null, null, false, intName)
                        : new AttributeValue(field, null, value, true, intName);

                case H5DataTypeClass.FloatingPoint:
                    RequireLittleEndian(field, type);
                    return type.Size switch
                    {
                        4 => new AttributeValue(field, null, attribute.Read<float>(), false, "float32"),
                        8 => new AttributeValue(field, null, attribute.Read<double>(), false, "float64"),
                        _ => new AttributeValue(field, null, null, false, $"float{(8 * type.Size).ToString(CultureInfo.InvariantCulture)}"),
                    };

                default:
                    return new AttributeValue(field, null, null, false, type.Class.ToString().ToLowerInvariant());
            }
        });
    }

    /// <inheritdoc/>
    public override SourceArray? OpenArray(string group, string name)
    {
        var field = FieldName(group, name);
        return Fence(field, "open the dataset", () =>
        {
            IH5Group owner = group.Length == 0 ? file : file.Group(group);
            if (!owner.LinkExists(name))
            {
                return null;
            }

            if (owner.Get(name) is not IH5Dataset dataset)
            {
                throw Error(field, $"`{field}` is not a dataset.");
            }

            var shape = Shape(dataset.Space);
            var (type, layout) = Describe(field, dataset.Type);
            CheckClaimedSize(field, dataset, shape, layout.ElementSize);
            return new Hdf5Array(this, field, dataset, shape, type, layout);
        });
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
            stream.Dispose();
        }
    }

    /// <summary>Runs a PureHDF call; any failure other than our own becomes a typed error naming the field.</summary>
    private T Fence<T>(string? field, string action, Func<T> call) => Fence(File, field, action, call);

    private static T Fence<T>(string path, string? field, string action, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (TrajectoryFormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ThreadInterruptedException))
        {
            // PureHDF reports corrupt structures with whatever exception the decoder hits (EndOfStream, Overflow,
            // IndexOutOfRange, plain Exception, OutOfMemory for absurd lengths, our stream's budget). All of them mean
            // "this HDF5 file cannot be decoded here".
            var what = field is null ? "the file" : $"`{field}`";
            throw new TrajectoryFormatException(
                path,
                field,
                $"cannot {action} {what}: the HDF5 structure is truncated, corrupt or unsupported ({ex.GetType().Name}: {ex.Message}).",
                ex);
        }
    }

    private void RequireLittleEndian(string field, IH5DataType type)
    {
        var order = PureHdfTypes.ByteOrder(type);
        if (order != "LittleEndian")
        {
            throw Error(field, $"`{field}` is stored {(order ?? "in an unknown byte order").Replace("Endian", "-endian", StringComparison.Ordinal).ToLowerInvariant()}; attributes must be little-endian (h5py's default).");
        }
    }

    private static long ElementCount(IH5Dataspace space) => space.Type switch
    {
        H5DataspaceType.Scalar => 1,
        H5DataspaceType.Null => 0,
        _ => space.Dimensions.Aggregate(1L, (a, n) => n > (ulong)(long.MaxValue / Math.Max(a, 1)) ? long.MaxValue : a * (long)n),
    };

    private static long[] Shape(IH5Dataspace space)
    {
        if (space.Type != H5DataspaceType.Simple)
        {
            return [];
        }

        var dims = space.Dimensions;
        var shape = new long[dims.Length];
        for (var a = 0; a < dims.Length; a++)
        {
            shape[a] = dims[a] > long.MaxValue ? long.MaxValue : (long)dims[a];
        }

        return shape;
    }

    private (ElementType Type, Hdf5Layout Layout) Describe(string field, IH5DataType type)
    {
        var size = type.Size;
        switch (type.Class)
        {
            case H5DataTypeClass.FloatingPoint when size is 4 or 8:
                return (ElementType.Float(size, BigEndian(field, type)), new Hdf5Layout(size, 0, 0));

            case H5DataTypeClass.FloatingPoint:
                return (new ElementType(ElementKind.Unsupported, size, false, $"float{(8 * size).ToString(CultureInfo.InvariantCulture)}"), new Hdf5Layout(size, 0, 0));

            case H5DataTypeClass.FixedPoint:
                var name = $"{(type.FixedPoint.IsSigned ? "int" : "uint")}{(8 * size).ToString(CultureInfo.InvariantCulture)}";
                return (new ElementType(ElementKind.Integer, size, false, name), new Hdf5Layout(size, 0, 0));

            case H5DataTypeClass.Compound:
                return DescribeCompound(field, type);

            case H5DataTypeClass.String:
            case H5DataTypeClass.VariableLength:
                return (new ElementType(ElementKind.Text, size, false, "string"), new Hdf5Layout(size, 0, 0));

            default:
                return (new ElementType(ElementKind.Unsupported, size, false, type.Class.ToString().ToLowerInvariant()), new Hdf5Layout(size, 0, 0));
        }
    }

    private (ElementType Type, Hdf5Layout Layout) DescribeCompound(string field, IH5DataType type)
    {
        var members = type.Compound.Members;
        var names = string.Join(", ", members.Select(m => m.Name));
        var unsupported = (new ElementType(ElementKind.Unsupported, type.Size, false, $"compound {{{names}}}"), new Hdf5Layout(type.Size, 0, 0));
        if (members.Length != 2)
        {
            return unsupported;
        }

        CompoundMember? re = null, im = null;
        foreach (var m in members)
        {
            if (m.Name is "r" or "real" or "re")
            {
                re = m;
            }
            else if (m.Name is "i" or "imag" or "im")
            {
                im = m;
            }
        }

        if (re is null || im is null
            || re.Type.Class != H5DataTypeClass.FloatingPoint || im.Type.Class != H5DataTypeClass.FloatingPoint
            || re.Type.Size != im.Type.Size || re.Type.Size is not (4 or 8)
            || re.Offset < 0 || im.Offset < 0 || re.Offset + re.Type.Size > type.Size || im.Offset + im.Type.Size > type.Size)
        {
            return unsupported;
        }

        var bigEndian = BigEndian(field, re.Type);
        if (bigEndian != BigEndian(field, im.Type))
        {
            throw Error(field, $"`{field}` is a compound whose members {re.Name} and {im.Name} have different byte orders.");
        }

        return (ElementType.ComplexOf(re.Type.Size, bigEndian), new Hdf5Layout(type.Size, re.Offset, im.Offset));
    }

    private bool BigEndian(string field, IH5DataType type) => PureHdfTypes.ByteOrder(type) switch
    {
        "LittleEndian" => false,
        "BigEndian" => true,
        var other => throw Error(
            field,
            $"`{field}` has floats in byte order '{other ?? "unknown"}'; expected little- or big-endian IEEE floats."),
    };

    private void CheckClaimedSize(string field, IH5Dataset dataset, long[] shape, int elementSize)
    {
        // Bound the bytes a dataset may decode to by what the file can hold: contiguous data is stored verbatim, so
        // it fits in the file; chunked data may be deflated, and deflate's largest expansion is 1032:1 (RFC 1951: a
        // 258-byte match costs at least 2 bits); compact data lives in a 64 KiB object-header message. A larger claim
        // is a corrupt header, and nothing is allocated for it.
        var layout = dataset.Layout;
        var bound = layout.Class switch
        {
            H5DataLayoutClass.Compact => 1L << 16,
            H5DataLayoutClass.Contiguous => fileLength,
            H5DataLayoutClass.Chunked => fileLength > long.MaxValue / 1032 ? long.MaxValue : fileLength * 1032,
            _ => throw Error(field, $"`{field}` uses the {layout.Class} layout; expected contiguous, chunked or compact storage."),
        };
        var claimed = Bytes(shape, elementSize);
        if (claimed > bound)
        {
            throw Error(
                field,
                $"`{field}` claims {SourceArray.FormatShape(shape)} × {elementSize.ToString(CultureInfo.InvariantCulture)} bytes but the file has {fileLength.ToString(CultureInfo.InvariantCulture)} bytes; it is truncated or corrupt.");
        }

        if (layout.Class == H5DataLayoutClass.Chunked)
        {
            var chunk = layout.Chunks.Select(c => (long)c).ToArray();
            if (chunk.Length != shape.Length || chunk.Any(c => c < 1) || Bytes(chunk, elementSize) > bound)
            {
                throw Error(field, $"`{field}` has chunks {SourceArray.FormatShape(chunk)} that do not fit its shape {SourceArray.FormatShape(shape)} or the file; it is corrupt.");
            }
        }
    }

    private static long Bytes(long[] shape, long elementSize)
    {
        var bytes = elementSize;
        foreach (var n in shape)
        {
            if (n < 0 || (n > 0 && bytes > long.MaxValue / n))
            {
                return long.MaxValue;
            }

            bytes *= n;
        }

        return bytes;
    }

    /// <summary>Where the parts of one stored element sit: its size and, for complex compounds, the member offsets.</summary>
    private readonly record struct Hdf5Layout(int ElementSize, int RealOffset, int ImaginaryOffset);

    /// <summary>A dataset read by hyperslabs of whole frames, a block of frames at a time (one chunk row for chunked data).</summary>
    private sealed class Hdf5Array : SourceArray
    {
        // Frames are fetched in blocks of up to 64 MiB so that chunked datasets are decompressed about once.
        private const long BlockBytes = 64L << 20;

        private readonly Hdf5Source owner;
        private readonly IH5Dataset dataset;
        private readonly Hdf5Layout layout;
        private readonly int blockFrames;
        private byte[]? block;
        private int blockFirst = -1;
        private int blockCount;

        public Hdf5Array(Hdf5Source owner, string field, IH5Dataset dataset, long[] shape, ElementType type, Hdf5Layout layout)
            : base(field, shape, type)
        {
            this.owner = owner;
            this.dataset = dataset;
            this.layout = layout;
            var frameBytes = Math.Max(1, FrameElements * layout.ElementSize);
            var chunkRows = dataset.Layout.Class == H5DataLayoutClass.Chunked && shape.Length > 0 ? (long)dataset.Layout.Chunks[0] : 1;
            blockFrames = (int)Math.Clamp(Math.Min(chunkRows, BlockBytes / frameBytes), 1, int.MaxValue);
        }

        public override void ReadFrames(int first, int count, Span<double> destination)
        {
            var perFrame = checked((int)FrameElements * Type.ValuesPerElement);
            if (destination.Length != checked(count * perFrame) || Shape.Count == 0 || first < 0 || first + count > Shape[0])
            {
                throw new InvalidOperationException($"Frame request outside `{Field}` {ShapeText} (internal error).");
            }

            if (count > 1)
            {
                // Bulk reads (the time axis) go straight through.
                Decode(Read(first, count), destination);
                return;
            }

            if (block is null || first < blockFirst || first >= blockFirst + blockCount)
            {
                blockCount = (int)Math.Min(blockFrames, Shape[0] - first);
                block = Read(first, blockCount);
                blockFirst = first;
            }

            var frameBytes = checked((int)FrameElements * layout.ElementSize);
            Decode(block.AsSpan((first - blockFirst) * frameBytes, frameBytes), destination);
        }

        private byte[] Read(int first, int count)
        {
            var rank = Shape.Count;
            var start = new ulong[rank];
            var extent = new ulong[rank];
            start[0] = (ulong)first;
            extent[0] = (ulong)count;
            for (var a = 1; a < rank; a++)
            {
                extent[a] = (ulong)Shape[a];
            }

            var bytes = checked((ulong)count * (ulong)FrameElements * (ulong)layout.ElementSize);
            var raw = owner.Fence(Field, "read the dataset", () => dataset.Read<byte[]>(
                fileSelection: new HyperslabSelection(rank, start, extent),
                memoryDims: [bytes]));
            if ((ulong)raw.LongLength != bytes)
            {
                throw owner.Error(Field, $"`{Field}` returned {raw.LongLength.ToString(CultureInfo.InvariantCulture)} bytes for {count.ToString(CultureInfo.InvariantCulture)} frames; expected {bytes.ToString(CultureInfo.InvariantCulture)}. The file is corrupt.");
            }

            return raw;
        }

        private void Decode(ReadOnlySpan<byte> raw, Span<double> destination)
        {
            var size = Type.ComponentSize;
            if (Type.Kind == ElementKind.Real)
            {
                DecodeFloats(raw, size, Type.BigEndian, destination);
                return;
            }

            if (Type.Kind != ElementKind.Complex)
            {
                throw new InvalidOperationException($"`{Field}` of type {Type.Description} cannot be read as floats (internal error).");
            }

            if (layout.RealOffset == 0 && layout.ImaginaryOffset == size && layout.ElementSize == 2 * size)
            {
                // h5py's layout {r at 0, i at size}: the bytes are already interleaved (re, im) pairs.
                DecodeFloats(raw, size, Type.BigEndian, destination);
                return;
            }

            var n = destination.Length / 2;
            for (var j = 0; j < n; j++)
            {
                var element = raw.Slice(j * layout.ElementSize, layout.ElementSize);
                DecodeFloats(element.Slice(layout.RealOffset, size), size, Type.BigEndian, destination.Slice(2 * j, 1));
                DecodeFloats(element.Slice(layout.ImaginaryOffset, size), size, Type.BigEndian, destination.Slice((2 * j) + 1, 1));
            }
        }
    }
}
