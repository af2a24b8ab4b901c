using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Oracles.IO.Schema;

namespace Oracles.IO.Npz;

/// <summary>
/// Reads the trajectory schema from a NumPy <c>.npz</c> archive (a zip of <c>.npy</c> files, stored or deflated, as
/// <c>np.savez</c> and <c>np.savez_compressed</c> write it). Keys are the entry names without <c>.npy</c>; attributes
/// are 0-d (or one-element) arrays; the fluid group is the key prefix <c>fluid/</c>.
/// </summary>
/// <remarks>
/// <para>Accepted dtypes for fields: <c>&lt;f8 &gt;f8 &lt;f4 &gt;f4</c> and <c>&lt;c16 &gt;c16 &lt;c8 &gt;c8</c>, C or Fortran
/// order; float32/complex64 are widened to double. Attributes: <c>U</c> or <c>S</c> strings, integers, floats.</para>
/// <para>Bounds: each entry's claimed size must agree with its <c>.npy</c> header, and may exceed its compressed size
/// at most by deflate's maximum ratio 1032:1; the compressed size cannot exceed the archive. C-order data are
/// streamed frame by frame, so memory grows only with data actually decoded.</para>
/// </remarks>
internal sealed class NpzSource : TrajectorySource
{
    // RFC 1951: the longest match (258 bytes) costs at least 2 bits, so deflate expands at most 258·8/2 = 1032 times.
    private const long MaxDeflateRatio = 1032;

    private readonly ZipArchive archive;
    private readonly Dictionary<string, ZipArchiveEntry> entries;
    private readonly long fileLength;
    private readonly List<NpyArray> opened = [];

    private NpzSource(string path, ZipArchive archive, Dictionary<string, ZipArchiveEntry> entries, long fileLength)
        : base(path)
    {
        this.archive = archive;
        this.entries = entries;
        this.fileLength = fileLength;
    }

    /// <summary>Opens <paramref name="stream"/> (owned from here on) as an <c>.npz</c> archive.</summary>
    /// <param name="path">The file name for messages.</param>
    /// <param name="stream">The opened file.</param>
    /// <returns>The source.</returns>
    public static NpzSource Open(string path, Stream stream)
    {
        var length = stream.Length;
        ZipArchive? archive = null;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                {
                    continue;
                }

                var key = entry.FullName[..^4];
                if (!entries.TryAdd(key, entry))
                {
                    throw new TrajectoryFormatException(path, key, $"the archive holds `{key}.npy` twice; keys must be unique.");
                }
            }

            return new NpzSource(path, archive, entries, length);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or ArgumentException or OverflowException)
        {
            archive?.Dispose();
            stream.Dispose();
            throw new TrajectoryFormatException(path, null, $"is not a readable zip (.npz) archive: {ex.Message}", ex);
        }
        catch
        {
            archive?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override bool HasGroup(string group) =>
        entries.Keys.Any(k => k.StartsWith(group + "/", StringComparison.Ordinal));

    /// <inheritdoc/>
    public override AttributeValue? ReadAttribute(string group, string name)
    {
        var field = FieldName(group, name);
        if (!entries.TryGetValue(field, out var entry))
        {
            return null;
        }

        return Fence(field, () =>
        {
            using var stream = entry.Open();
            var header = ReadHeader(field, entry, stream);
            if (header.ElementCount != 1)
            {
                throw Error(field, $"`{field}` has shape {SourceArray.FormatShape(header.Shape)}; an attribute is a 0-d array (np.array(value)) or holds a single value.");
            }

            var bytes = new byte[header.ItemSize];
            ReadData(field, stream, bytes);
            var type = header.Type;
            return type.Kind switch
            {
                ElementKind.Text => new AttributeValue(field, DecodeText(header, bytes), null, false, type.Description),
                ElementKind.Integer => new AttributeValue(field, null, DecodeInteger(header, bytes), true, type.Description),
                ElementKind.Real => new AttributeValue(field, null, Decode(bytes, type), false, type.Description),
                _ => new AttributeValue(field, null, null, false, type.Description),
            };
        });
    }

    /// <inheritdoc/>
    public override SourceArray? OpenArray(string group, string name)
    {
        var field = FieldName(group, name);
        if (!entries.TryGetValue(field, out var entry))
        {
            return null;
        }

        return Fence(field, () =>
        {
            NpyHeader header;
            using (var stream = entry.Open())
            {
                header = ReadHeader(field, entry, stream);
            }

            var array = new NpyArray(this, field, entry, header);
            opened.Add(array);
            return array;
        });
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var array in opened)
            {
                array.Close();
            }

            archive.Dispose();
        }
    }

    private T Fence<T>(string field, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (FormatException ex)
        {
            throw Error(field, $"`{field}` is not a valid .npy array: it {ex.Message}.", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or NotSupportedException or OverflowException)
        {
            // Corrupt deflate data, a bad local header, a size that overflows: the entry cannot be decoded.
            throw Error(field, $"`{field}` cannot be read from the archive: {ex.Message}", ex);
        }
    }

    private NpyHeader ReadHeader(string field, ZipArchiveEntry entry, Stream stream)
    {
        var claimed = entry.Length;
        var compressed = entry.CompressedLength;
        if (compressed < 0 || compressed > fileLength || claimed < 0
            || claimed > (compressed > long.MaxValue / MaxDeflateRatio ? long.MaxValue : (compressed * MaxDeflateRatio) + 64))
        {
            throw Error(
                field,
                $"`{field}` claims {claimed.ToString(CultureInfo.InvariantCulture)} bytes from {compressed.ToString(CultureInfo.InvariantCulture)} compressed bytes in a {fileLength.ToString(CultureInfo.InvariantCulture)}-byte archive; the archive is corrupt.");
        }

        var header = NpyHeader.Read(stream, claimed);
        long dataBytes;
        try
        {
            dataBytes = checked(header.ElementCount * header.ItemSize);
        }
        catch (OverflowException)
        {
            throw Error(field, $"`{field}` has shape {SourceArray.FormatShape(header.Shape)} whose size overflows; the header is corrupt.");
        }

        if (dataBytes != claimed - header.DataOffset)
        {
            throw Error(
                field,
                $"`{field}` has shape {SourceArray.FormatShape(header.Shape)} of '{header.Descr}' ({dataBytes.ToString(CultureInfo.InvariantCulture)} bytes) but its entry holds {(claimed - header.DataOffset).ToString(CultureInfo.InvariantCulture)} bytes of data; it is truncated or corrupt.");
        }

        return header;
    }

    private void ReadData(string field, Stream stream, Span<byte> buffer)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
        {
            throw Error(field, $"`{field}` ends before its data do; the archive is truncated or corrupt.");
        }
    }

    private static string DecodeText(NpyHeader header, byte[] bytes)
    {
        string text;
        if (header.Type.ComponentSize == 4)
        {
            // 'U': UTF-32 code points in the stated byte order, NUL-padded.
            var builder = new StringBuilder(bytes.Length / 4);
            for (var i = 0; i < bytes.Length; i += 4)
            {
                var cp = header.Type.BigEndian
                    ? BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(i))
                    : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
                if (cp == 0)
                {
                    break;
                }

                if (!Rune.IsValid(cp))
                {
                    throw new FormatException($"holds an invalid code point U+{cp.ToString("X", CultureInfo.InvariantCulture)}");
                }

                builder.Append(new Rune(cp).ToString());
            }

            text = builder.ToString();
        }
        else
        {
            // 'S': bytes, NUL-padded; UTF-8 (ASCII in practice).
            var end = Array.IndexOf(bytes, (byte)0);
            text = Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
        }

        return text;
    }

    private static double DecodeInteger(NpyHeader header, byte[] bytes)
    {
        var signed = header.Type.Description.StartsWith("int", StringComparison.Ordinal);
        var be = header.Type.BigEndian;
        return (bytes.Length, signed) switch
        {
            (1, true) => (sbyte)bytes[0],
            (1, false) => bytes[0],
            (2, true) => be ? BinaryPrimitives.ReadInt16BigEndian(bytes) : BinaryPrimitives.ReadInt16LittleEndian(bytes),
            (2, false) => be ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            (4, true) => be ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes),
            (4, false) => be ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            (8, true) => be ? BinaryPrimitives.ReadInt64BigEndian(bytes) : BinaryPrimitives.ReadInt64LittleEndian(bytes),
            _ => be ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes),
        };
    }

    private static double Decode(byte[] bytes, ElementType type)
    {
        Span<double> one = stackalloc double[1];
        SourceArray.DecodeFloats(bytes, type.ComponentSize, type.BigEndian, one);
        return one[0];
    }

    /// <summary>An array inside the archive: C-order data streamed frame by frame, Fortran-order data loaded once.</summary>
    private sealed class NpyArray : SourceArray
    {
        private readonly NpzSource owner;
        private readonly ZipArchiveEntry entry;
        private readonly NpyHeader header;
        private Stream? stream;
        private long nextFrame;
        private byte[]? fortranData;
        private byte[]? buffer;

        public NpyArray(NpzSource owner, string field, ZipArchiveEntry entry, NpyHeader header)
            : base(field, header.Shape, header.Type)
        {
            this.owner = owner;
            this.entry = entry;
            this.header = header;
        }

        public override void ReadFrames(int first, int count, Span<double> destination)
        {
            var perFrame = checked((int)FrameElements * Type.ValuesPerElement);
            if (destination.Length != checked(count * perFrame) || Shape.Count == 0 || first < 0 || first + count > Shape[0]
                || Type.Kind is not (ElementKind.Real or ElementKind.Complex))
            {
                throw new InvalidOperationException($"Frame request outside `{Field}` {ShapeText} (internal error).");
            }

            var frameBytes = checked(FrameElements * header.ItemSize);
            var size = checked((int)(count * frameBytes));
            if (buffer is null || buffer.Length != size)
            {
                buffer = new byte[size];
            }

            var raw = buffer;
            owner.Fence(Field, () =>
            {
                if (header.FortranOrder && Shape.Count > 1)
                {
                    GatherFortran(first, count, raw);
                }
                else
                {
                    ReadSequential(first, raw, frameBytes);
                    nextFrame = first + count;
                }

                return 0;
            });
            DecodeFloats(raw, Type.ComponentSize, Type.BigEndian, destination);
        }

        public void Close()
        {
            stream?.Dispose();
            stream = null;
        }

        private void ReadSequential(int first, byte[] raw, long frameBytes)
        {
            if (stream is null || first != nextFrame)
            {
                // Deflate streams cannot seek: reopen and skip forward (frames are read in order, so this is rare).
                stream?.Dispose();
                stream = entry.Open();
                Skip(stream, checked(header.DataOffset + (first * frameBytes)));
            }

            owner.ReadData(Field, stream, raw);
        }

        private void Skip(Stream s, long bytes)
        {
            var scratch = new byte[(int)Math.Min(bytes, 1 << 16)];
            while (bytes > 0)
            {
                var n = s.Read(scratch, 0, (int)Math.Min(bytes, scratch.Length));
                if (n == 0)
                {
                    throw owner.Error(Field, $"`{Field}` ends before its data do; the archive is truncated or corrupt.");
                }

                bytes -= n;
            }
        }

        private void GatherFortran(int first, int count, byte[] raw)
        {
            if (fortranData is null)
            {
                var total = checked(header.ElementCount * header.ItemSize);
                if (total > Array.MaxLength)
                {
                    throw owner.Error(Field, $"`{Field}` is a Fortran-order array of {total.ToString(CultureInfo.InvariantCulture)} bytes; above 2 GiB only C order is supported (save with np.ascontiguousarray).");
                }

                using var s = entry.Open();
                Skip(s, header.DataOffset);
                var data = new byte[total];
                owner.ReadData(Field, s, data);
                fortranData = data;
            }

            // Column-major: element (i₀, i₁, …) sits at i₀ + n₀·(i₁ + n₁·(i₂ + …)). Walk the trailing axes in C order.
            var rank = Shape.Count;
            var stride = new long[rank];
            stride[0] = 1;
            for (var a = 1; a < rank; a++)
            {
                stride[a] = stride[a - 1] * Shape[a - 1];
            }

            var size = header.ItemSize;
            var index = new long[rank];
            var o = 0;
            for (var f = first; f < first + count; f++)
            {
                Array.Clear(index);
                for (long e = 0; e < FrameElements; e++)
                {
                    var offset = f * stride[0];
                    for (var a = 1; a < rank; a++)
                    {
                        offset += index[a] * stride[a];
                    }

                    fortranData.AsSpan((int)(offset * size), size).CopyTo(raw.AsSpan(o, size));
                    o += size;
                    for (var a = rank - 1; a >= 1; a--)
                    {
                        if (++index[a] < Shape[a])
                        {
                            break;
                        }

                        index[a] = 0;
                    }
                }
            }
        }
    }
}
