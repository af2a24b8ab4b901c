using System.Buffers.Binary;
using System.Globalization;

namespace Oracles.IO.Hdf5;

/// <summary>
/// A bounded walk over the HDF5 metadata reachable from the root group that checks every length PureHDF would
/// allocate from, before PureHDF decodes anything. PureHDF 2.2 sizes buffers from header fields without comparing
/// them with the enclosing structure or the file (attribute data = dataspace × datatype size, fill values, global-heap
/// objects, local-heap segments, chunk sizes): a single flipped bit then costs up to 2 GiB. Here each such length must
/// fit inside its message, heap or file; otherwise the file is refused as corrupt.
/// </summary>
/// <remarks>
/// <para>Walked: superblock v0–v3; object headers v1 and v2 (with continuation blocks, and the Jenkins lookup3
/// checksums of v2 headers, continuation blocks and v2/v3 superblocks); groups stored as symbol tables (B-tree v1,
/// SNOD, local heap) or as compact link messages; attribute, fill-value and layout messages; the global-heap
/// collections that variable-length string attributes point to; B-tree v1 chunk indexes. Not walked: dense link or
/// attribute storage (fractal heaps) and layout-v4 chunk indexes other than a single chunk — PureHDF's own checks
/// apply there. The walk is bounded by a visited set and a node budget, so cycles cannot hang it.</para>
/// <para>Format reference: "HDF5 File Format Specification Version 3.0", sections II–IV.</para>
/// </remarks>
internal sealed class Hdf5Preflight
{
    private const ulong Undefined = ulong.MaxValue;
    private const int MaxNodes = 100_000;

    private readonly string path;
    private readonly Stream stream;
    private readonly long length;
    private readonly ulong baseAddress;
    private readonly HashSet<ulong> visited = [];
    private readonly Queue<ulong> headers = new();
    private int nodes;

    private Hdf5Preflight(string path, Stream stream, ulong baseAddress)
    {
        this.path = path;
        this.stream = stream;
        length = stream.Length;
        this.baseAddress = baseAddress;
    }

    /// <summary>Checks the file; throws <see cref="TrajectoryFormatException"/> on the first inconsistent length.</summary>
    /// <param name="path">The file name for messages.</param>
    /// <param name="stream">The file.</param>
    /// <param name="signatureOffset">Where the superblock starts.</param>
    public static void Check(string path, Stream stream, long signatureOffset)
    {
        var head = new byte[96];
        stream.Position = signatureOffset;
        var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read < 48)
        {
            throw new TrajectoryFormatException(path, null, $"is truncated: {read.ToString(CultureInfo.InvariantCulture)} bytes after the HDF5 signature cannot hold a superblock.");
        }

        var version = head[8];
        int sizeOfOffsets, sizeOfLengths, addressStart;
        switch (version)
        {
            case 0 or 1:
                sizeOfOffsets = head[13];
                sizeOfLengths = head[14];
                addressStart = version == 0 ? 24 : 28;
                break;
            case 2 or 3:
                sizeOfOffsets = head[9];
                sizeOfLengths = head[10];
                addressStart = 12;
                break;
            default:
                throw new TrajectoryFormatException(path, null, $"has HDF5 superblock version {version.ToString(CultureInfo.InvariantCulture)}; versions 0–3 are supported.");
        }

        if (sizeOfOffsets != 8 || sizeOfLengths != 8)
        {
            throw new TrajectoryFormatException(
                path,
                null,
                $"uses {sizeOfOffsets.ToString(CultureInfo.InvariantCulture)}-byte addresses and {sizeOfLengths.ToString(CultureInfo.InvariantCulture)}-byte lengths; only 8-byte ones (every current HDF5 writer) are supported.");
        }

        if (version >= 2 && Lookup3.Hash(head.AsSpan(0, 44)) != BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(44)))
        {
            throw new TrajectoryFormatException(path, null, "is corrupt: the HDF5 superblock checksum does not match.");
        }

        // Base address, then (v0/1) free-space or (v2/3) extension address, then the end-of-file address, which
        // counts the user block too. A file shorter than its recorded end is truncated (the HDF5 library refuses
        // those as well: "truncated file: eof = …, stored_eof = …").
        var baseAddress = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(addressStart));
        var endOfFile = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(addressStart + 16));
        var fileLength = (ulong)stream.Length;
        if (baseAddress != (ulong)signatureOffset || endOfFile > fileLength)
        {
            throw new TrajectoryFormatException(
                path,
                null,
                $"is truncated or corrupt: the HDF5 superblock records a file of {endOfFile.ToString(CultureInfo.InvariantCulture)} bytes (base address {baseAddress.ToString(CultureInfo.InvariantCulture)}) but the file has {fileLength.ToString(CultureInfo.InvariantCulture)} bytes with the superblock at {signatureOffset.ToString(CultureInfo.InvariantCulture)}.");
        }

        // v0/1: the root group's symbol-table entry follows the four addresses (its object header address is its
        // second field); v2/3: the root object header address is the fourth address.
        var rootAddress = version < 2
            ? BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(addressStart + 32 + 8))
            : BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(addressStart + 24));
        var walk = new Hdf5Preflight(path, stream, baseAddress);
        walk.headers.Enqueue(rootAddress);
        while (walk.headers.Count > 0)
        {
            walk.ObjectHeader(walk.headers.Dequeue());
        }

        stream.Position = 0;
    }

    private TrajectoryFormatException Corrupt(string what, ulong address) =>
        new(path, null, $"is corrupt: {what} (HDF5 structure at byte {(address == Undefined ? "undefined" : (baseAddress + address).ToString(CultureInfo.InvariantCulture))}).");

    private TrajectoryFormatException Unsupported(string what, ulong address) =>
        new(path, null, $"uses an HDF5 feature this reader does not support: {what} (at byte {(baseAddress + address).ToString(CultureInfo.InvariantCulture)}).");

    private void Count(ulong address)
    {
        if (++nodes > MaxNodes)
        {
            throw Corrupt($"more than {MaxNodes.ToString(CultureInfo.InvariantCulture)} metadata structures (a cycle?)", address);
        }
    }

    /// <summary>Reads <paramref name="count"/> bytes at relative address <paramref name="address"/>, which must lie inside the file.</summary>
    private byte[] Read(ulong address, long count, string what)
    {
        if (count < 0 || count > length || address == Undefined || address > (ulong)length
            || baseAddress + address > (ulong)(length - count))
        {
            throw Corrupt($"{what} lies outside the file", address);
        }

        var buffer = new byte[count];
        stream.Position = (long)(baseAddress + address);
        stream.ReadExactly(buffer);
        return buffer;
    }

    private bool InFile(ulong address, ulong count) =>
        address != Undefined && address <= (ulong)length && count <= (ulong)length && baseAddress + address <= (ulong)length - count;

    private void ObjectHeader(ulong address)
    {
        if (address == Undefined || !visited.Add(address))
        {
            return;
        }

        Count(address);
        var prefix = Read(address, 16, "an object header");
        var blocks = new Queue<(ulong Address, byte[] Bytes, int Version)>();
        if (prefix.AsSpan(0, 4).SequenceEqual("OHDR"u8))
        {
            var flags = prefix[5];
            var offset = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            var sizeBytes = 1 << (flags & 3);
            var head = Read(address, offset + sizeBytes, "an object header");
            ulong chunk = 0;
            for (var i = 0; i < sizeBytes; i++)
            {
                chunk |= (ulong)head[offset + i] << (8 * i);
            }

            if (prefix[4] != 2 || chunk > (ulong)length)
            {
                throw Corrupt("an object header (v2) with a bad version or size", address);
            }

            var whole = Read(address, offset + sizeBytes + (long)chunk + 4, "an object header");
            VerifyChecksum(whole, address, "object header");
            blocks.Enqueue((address, whole[(offset + sizeBytes)..^4], (flags & 0x04) != 0 ? 3 : 2));
        }
        else if (prefix[0] == 1)
        {
            var size = BinaryPrimitives.ReadUInt32LittleEndian(prefix.AsSpan(8));
            blocks.Enqueue((address + 16, Read(address + 16, size, "an object header"), 1));
        }
        else
        {
            throw Corrupt($"an object header with version {prefix[0].ToString(CultureInfo.InvariantCulture)}", address);
        }

        while (blocks.Count > 0)
        {
            var (blockAddress, block, version) = blocks.Dequeue();
            Messages(blockAddress, block, version, blocks);
        }
    }

    private void Messages(ulong blockAddress, byte[] block, int version, Queue<(ulong, byte[], int)> blocks)
    {
        // v1 messages: type u16, size u16, flags u8, 3 reserved. v2: type u8, size u16, flags u8 (+ creation order u16).
        var headerSize = version == 1 ? 8 : version == 2 ? 4 : 6;
        var p = 0;
        while (p + headerSize <= block.Length)
        {
            int type = version == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(p)) : block[p];
            int size = BinaryPrimitives.ReadUInt16LittleEndian(block.AsSpan(p + (version == 1 ? 2 : 1)));
            var flags = block[p + (version == 1 ? 4 : 3)];
            var start = p + headerSize;
            if (start + size > block.Length)
            {
                throw Corrupt("a header message runs past its object header", blockAddress + (ulong)p);
            }

            var body = block.AsSpan(start, size);
            var at = blockAddress + (ulong)start;
            if ((flags & 0x02) != 0)
            {
                // A shared message: the body points at the real one elsewhere. PureHDF cannot decode shared
                // attributes; shared datatypes and dataspaces carry no lengths that are allocated from.
                if (type == 0x0C)
                {
                    throw Unsupported("a shared attribute message", at);
                }
            }
            else
            {
                Message(type, body, at, version, blocks);
            }

            p = start + size;
        }
    }

    private void Message(int type, ReadOnlySpan<byte> body, ulong at, int version, Queue<(ulong, byte[], int)> blocks)
    {
        switch (type)
        {
            case 0x04:
                // Old fill value: size u32, then the value.
                Require(body.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(body) <= (uint)(body.Length - 4), "a fill value larger than its message", at);
                break;
            case 0x05:
                FillValue(body, at);
                break;
            case 0x06:
                Link(body, at);
                break;
            case 0x08:
                Layout(body, at);
                break;
            case 0x0C:
                Attribute(body, at);
                break;
            case 0x10:
                {
                    Require(body.Length >= 16, "a short continuation message", at);
                    var address = BinaryPrimitives.ReadUInt64LittleEndian(body);
                    var size = BinaryPrimitives.ReadUInt64LittleEndian(body[8..]);
                    Require(InFile(address, size) && size >= 4, "a continuation block outside the file", at);
                    Count(address);
                    var bytes = Read(address, (long)size, "a continuation block");
                    if (version == 1)
                    {
                        blocks.Enqueue((address, bytes, 1));
                    }
                    else
                    {
                        Require(bytes.AsSpan(0, 4).SequenceEqual("OCHK"u8), "a continuation block without its signature", address);
                        VerifyChecksum(bytes, address, "continuation block");
                        blocks.Enqueue((address + 4, bytes[4..^4], version));
                    }

                    break;
                }

            case 0x11:
                {
                    Require(body.Length >= 16, "a short symbol-table message", at);
                    LocalHeap(BinaryPrimitives.ReadUInt64LittleEndian(body[8..]));
                    GroupTree(BinaryPrimitives.ReadUInt64LittleEndian(body), expectedLevel: -1);
                    break;
                }

            default:
                break;
        }
    }

    private void Require(bool condition, string what, ulong at)
    {
        if (!condition)
        {
            throw Corrupt(what, at);
        }
    }

    private void FillValue(ReadOnlySpan<byte> body, ulong at)
    {
        Require(body.Length >= 1, "an empty fill-value message", at);
        var version = body[0];
        int sizeAt;
        if (version is 1 or 2)
        {
            Require(body.Length >= 4, "a short fill-value message", at);
            if (version == 2 && body[3] == 0)
            {
                return;
            }

            sizeAt = 4;
        }
        else if (version == 3)
        {
            Require(body.Length >= 2, "a short fill-value message", at);
            if ((body[1] & 0x20) == 0)
            {
                return;
            }

            sizeAt = 2;
        }
        else
        {
            throw Corrupt($"a fill-value message of version {version.ToString(CultureInfo.InvariantCulture)}", at);
        }

        Require(body.Length >= sizeAt + 4 && BinaryPrimitives.ReadUInt32LittleEndian(body[sizeAt..]) <= (uint)(body.Length - sizeAt - 4), "a fill value larger than its message", at);
    }

    private void Link(ReadOnlySpan<byte> body, ulong at)
    {
        Require(body.Length >= 2 && body[0] == 1, "a link message of unknown version", at);
        var flags = body[1];
        var p = 2;
        var linkType = 0;
        if ((flags & 0x08) != 0)
        {
            Require(body.Length > p, "a short link message", at);
            linkType = body[p++];
        }

        p += (flags & 0x04) != 0 ? 8 : 0;
        p += (flags & 0x10) != 0 ? 1 : 0;
        var lengthBytes = 1 << (flags & 3);
        Require(body.Length >= p + lengthBytes, "a short link message", at);
        ulong nameLength = 0;
        for (var i = 0; i < lengthBytes; i++)
        {
            nameLength |= (ulong)body[p + i] << (8 * i);
        }

        p += lengthBytes;
        Require(nameLength <= (ulong)(body.Length - p), "a link name longer than its message", at);
        p += (int)nameLength;
        if (linkType == 0)
        {
            Require(body.Length >= p + 8, "a short hard link", at);
            headers.Enqueue(BinaryPrimitives.ReadUInt64LittleEndian(body[p..]));
        }
    }

    private void Layout(ReadOnlySpan<byte> body, ulong at)
    {
        Require(body.Length >= 2, "a short layout message", at);
        var version = body[0];
        var layoutClass = body[1];
        if (version == 3)
        {
            switch (layoutClass)
            {
                case 0:
                    Require(body.Length >= 4 && BinaryPrimitives.ReadUInt16LittleEndian(body[2..]) <= body.Length - 4, "compact data larger than its message", at);
                    break;
                case 1:
                    {
                        Require(body.Length >= 18, "a short layout message", at);
                        var address = BinaryPrimitives.ReadUInt64LittleEndian(body[2..]);
                        var size = BinaryPrimitives.ReadUInt64LittleEndian(body[10..]);
                        Require(address == Undefined || InFile(address, size), "contiguous data outside the file", at);
                        break;
                    }

                case 2:
                    {
                        Require(body.Length >= 11, "a short layout message", at);
                        var dimensionality = body[2];
                        Require(dimensionality is >= 1 and <= 33, "a chunked layout of bad rank", at);
                        var address = BinaryPrimitives.ReadUInt64LittleEndian(body[3..]);
                        if (address != Undefined)
                        {
                            ChunkTree(address, dimensionality, expectedLevel: -1);
                        }

                        break;
                    }

                default:
                    break;
            }
        }
        else if (version == 4 && layoutClass == 2)
        {
            // Layout v4, chunked: flags, rank, dimension-size width, dims, index type (1 = single chunk) …
            Require(body.Length >= 4, "a short layout message", at);
            var flags = body[2];
            var rank = body[3];
            Require(body.Length >= 5, "a short layout message", at);
            var width = body[4];
            var p = 5 + (rank * width);
            Require(width is >= 1 and <= 8 && body.Length > p, "a short layout message", at);
            var indexType = body[p++];
            if (indexType == 1 && (flags & 0x02) != 0)
            {
                Require(body.Length >= p + 12 + 8, "a short layout message", at);
                var size = BinaryPrimitives.ReadUInt64LittleEndian(body[p..]);
                var address = BinaryPrimitives.ReadUInt64LittleEndian(body[(p + 12)..]);
                Require(address == Undefined || InFile(address, size), "a chunk outside the file", at);
            }
        }
        else if (version == 4 && layoutClass == 1)
        {
            Require(body.Length >= 18, "a short layout message", at);
            var address = BinaryPrimitives.ReadUInt64LittleEndian(body[2..]);
            var size = BinaryPrimitives.ReadUInt64LittleEndian(body[10..]);
            Require(address == Undefined || InFile(address, size), "contiguous data outside the file", at);
        }
    }

    private void Attribute(ReadOnlySpan<byte> body, ulong at)
    {
        Require(body.Length >= 8, "a short attribute message", at);
        var version = body[0];
        Require(version is >= 1 and <= 3, "an attribute message of unknown version", at);
        int nameSize = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
        int datatypeSize = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        int dataspaceSize = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]);
        static int Pad(int n, int version) => version == 1 ? (n + 7) / 8 * 8 : n;
        var p = version == 3 ? 9 : 8;
        p += Pad(nameSize, version);
        var datatypeAt = p;
        p += Pad(datatypeSize, version);
        var dataspaceAt = p;
        p += Pad(dataspaceSize, version);
        Require(p <= body.Length && datatypeSize >= 8 && dataspaceSize >= 2, "an attribute whose parts overrun its message", at);
        if (version >= 2 && (body[1] & 0x03) != 0)
        {
            throw Unsupported("an attribute with a shared datatype or dataspace", at);
        }

        // The name must end within its declared size: PureHDF reads it up to the first NUL.
        Require(body.Slice(version == 3 ? 9 : 8, nameSize).Contains((byte)0), "an attribute name without its terminating NUL", at);

        var datatype = body.Slice(datatypeAt, datatypeSize);
        var elementSize = BinaryPrimitives.ReadUInt32LittleEndian(datatype[4..]);
        var elements = DataspaceElements(body.Slice(dataspaceAt, dataspaceSize), at);
        var dataSize = elements > ulong.MaxValue / Math.Max(elementSize, 1u) ? ulong.MaxValue : elements * elementSize;
        Require(dataSize <= (ulong)(body.Length - p), "an attribute whose data are larger than its message", at);

        // Variable-length strings (class 9) hold global-heap IDs: sequence length u32, collection address, index u32.
        if ((datatype[0] & 0x0F) == 9 && elementSize == 16)
        {
            for (var i = 0UL; i < elements; i++)
            {
                var id = body.Slice(p + (int)(16 * i), 16);
                var collection = BinaryPrimitives.ReadUInt64LittleEndian(id[4..]);
                if (collection != 0 && collection != Undefined)
                {
                    GlobalHeap(collection);
                }
            }
        }
    }

    private ulong DataspaceElements(ReadOnlySpan<byte> space, ulong at)
    {
        var version = space[0];
        var rank = space[1];
        Require(version is 1 or 2 && rank <= 32, "a dataspace of unknown version or rank", at);
        var dimsAt = version == 1 ? 8 : 4;
        Require(space.Length >= dimsAt + (8 * rank), "a dataspace shorter than its rank", at);
        if (version == 2 && space[3] == 2)
        {
            return 0;
        }

        ulong elements = 1;
        for (var a = 0; a < rank; a++)
        {
            var n = BinaryPrimitives.ReadUInt64LittleEndian(space[(dimsAt + (8 * a))..]);
            elements = n != 0 && elements > ulong.MaxValue / n ? ulong.MaxValue : elements * n;
        }

        return elements;
    }

    private void GlobalHeap(ulong address)
    {
        if (!visited.Add(address))
        {
            return;
        }

        Count(address);
        var head = Read(address, 16, "a global heap");
        var size = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(8));
        Require(head.AsSpan(0, 4).SequenceEqual("GCOL"u8) && size >= 16 && InFile(address, size), "a global heap collection that is malformed or outside the file", address);
        var heap = Read(address, (long)size, "a global heap");
        for (var p = 16L; p + 16 <= heap.Length;)
        {
            var index = BinaryPrimitives.ReadUInt16LittleEndian(heap.AsSpan((int)p));
            var objectSize = BinaryPrimitives.ReadUInt64LittleEndian(heap.AsSpan((int)p + 8));
            if (index == 0)
            {
                break;
            }

            Require(objectSize <= (ulong)(heap.Length - p - 16), "a global heap object larger than its collection", address + (ulong)p);
            p += 16 + (long)((objectSize + 7) / 8 * 8);
        }
    }

    private void LocalHeap(ulong address)
    {
        if (!visited.Add(address))
        {
            return;
        }

        Count(address);
        var head = Read(address, 32, "a local heap");
        var size = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(8));
        var data = BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(24));
        Require(head.AsSpan(0, 4).SequenceEqual("HEAP"u8) && InFile(data, size), "a local heap that is malformed or outside the file", address);
    }

    private void GroupTree(ulong address, int expectedLevel)
    {
        if (address == Undefined || !visited.Add(address))
        {
            return;
        }

        Count(address);
        var (level, entries, keySize) = TreeNode(address, nodeType: 0, dimensionality: 0, expectedLevel);
        var node = Read(address, 24 + ((entries + 1) * keySize) + (entries * 8), "a B-tree node");
        for (var i = 0; i < entries; i++)
        {
            var child = BinaryPrimitives.ReadUInt64LittleEndian(node.AsSpan(24 + keySize + (i * (keySize + 8))));
            if (level > 0)
            {
                GroupTree(child, level - 1);
            }
            else
            {
                SymbolNode(child);
            }
        }
    }

    private void SymbolNode(ulong address)
    {
        if (!visited.Add(address))
        {
            return;
        }

        Count(address);
        var head = Read(address, 8, "a symbol table node");
        var count = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6));
        Require(head.AsSpan(0, 4).SequenceEqual("SNOD"u8), "a symbol table node without its signature", address);
        var node = Read(address, 8 + (40L * count), "a symbol table node");
        for (var i = 0; i < count; i++)
        {
            headers.Enqueue(BinaryPrimitives.ReadUInt64LittleEndian(node.AsSpan(8 + (40 * i) + 8)));
        }
    }

    private void ChunkTree(ulong address, int dimensionality, int expectedLevel)
    {
        if (!visited.Add(address))
        {
            return;
        }

        Count(address);
        var (level, entries, keySize) = TreeNode(address, nodeType: 1, dimensionality, expectedLevel);
        var node = Read(address, 24 + ((entries + 1) * keySize) + (entries * 8), "a B-tree node");
        for (var i = 0; i < entries; i++)
        {
            var key = 24 + (i * (keySize + 8));
            var child = BinaryPrimitives.ReadUInt64LittleEndian(node.AsSpan(key + keySize));
            if (level > 0)
            {
                ChunkTree(child, dimensionality, level - 1);
            }
            else
            {
                var chunkSize = BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(key));
                Require(InFile(child, chunkSize), "a chunk outside the file", address);
            }
        }
    }

    private (int Level, int Entries, int KeySize) TreeNode(ulong address, int nodeType, int dimensionality, int expectedLevel)
    {
        var head = Read(address, 24, "a B-tree node");
        Require(head.AsSpan(0, 4).SequenceEqual("TREE"u8) && head[4] == nodeType, "a B-tree node without its signature or of the wrong type", address);
        var level = head[5];
        Require(expectedLevel < 0 || level == expectedLevel, "a B-tree whose levels do not descend", address);
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(6));
        var keySize = nodeType == 0 ? 8 : 8 + (8 * dimensionality);
        return (level, entries, keySize);
    }

    private void VerifyChecksum(byte[] bytes, ulong address, string what)
    {
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        if (Lookup3.Hash(bytes.AsSpan(0, bytes.Length - 4)) != stored)
        {
            throw Corrupt($"the {what} checksum does not match", address);
        }
    }

    /// <summary>Bob Jenkins' lookup3 <c>hashlittle</c> with initial value 0, the checksum of HDF5 v2 structures.</summary>
    private static class Lookup3
    {
        public static uint Hash(ReadOnlySpan<byte> k)
        {
            unchecked
            {
                uint a, b, c;
                a = b = c = 0xdeadbeef + (uint)k.Length;
                while (k.Length > 12)
                {
                    a += BinaryPrimitives.ReadUInt32LittleEndian(k);
                    b += BinaryPrimitives.ReadUInt32LittleEndian(k[4..]);
                    c += BinaryPrimitives.ReadUInt32LittleEndian(k[8..]);
                    Mix(ref a, ref b, ref c);
                    k = k[12..];
                }

                if (k.Length == 0)
                {
                    return c;
                }

                Span<byte> tail = stackalloc byte[12];
                tail.Clear();
                k.CopyTo(tail);
                a += BinaryPrimitives.ReadUInt32LittleEndian(tail);
                b += BinaryPrimitives.ReadUInt32LittleEndian(tail[4..]);
                c += BinaryPrimitives.ReadUInt32LittleEndian(tail[8..]);
                Final(ref a, ref b, ref c);
                return c;
            }
        }

        private static void Mix(ref uint a, ref uint b, ref uint c)
        {
            unchecked
            {
                a -= c; a ^= uint.RotateLeft(c, 4); c += b;
                b -= a; b ^= uint.RotateLeft(a, 6); a += c;
                c -= b; c ^= uint.RotateLeft(b, 8); b += a;
                a -= c; a ^= uint.RotateLeft(c, 16); c += b;
                b -= a; b ^= uint.RotateLeft(a, 19); a += c;
                c -= b; c ^= uint.RotateLeft(b, 4); b += a;
            }
        }

        private static void Final(ref uint a, ref uint b, ref uint c)
        {
            unchecked
            {
                c ^= b; c -= uint.RotateLeft(b, 14);
                a ^= c; a -= uint.RotateLeft(c, 11);
                b ^= a; b -= uint.RotateLeft(a, 25);
                c ^= b; c -= uint.RotateLeft(b, 16);
                a ^= c; a -= uint.RotateLeft(c, 4);
                b ^= a; b -= uint.RotateLeft(a, 14);
                c ^= b; c -= uint.RotateLeft(b, 24);
            }
        }
    }
}
