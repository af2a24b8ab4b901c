using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Oracles.IO.Schema;

namespace Oracles.IO.Npz;

/// <summary>
/// The header of a NumPy <c>.npy</c> array: element type (<c>descr</c>), memory order and shape. Parsing is strict and
/// bounded: the magic, the version (1.0, 2.0, 3.0), a header of at most <see cref="MaxHeaderLength"/> bytes holding
/// exactly the Python dict literal <c>{'descr': …, 'fortran_order': …, 'shape': (…), }</c> that NumPy writes.
/// </summary>
/// <remarks>Format reference: NumPy Enhancement Proposal 1 ("A simple file format for NumPy arrays") and
/// <c>numpy.lib.format</c>.</remarks>
/// <param name="Descr">The dtype string, e.g. <c>&lt;f8</c>.</param>
/// <param name="FortranOrder">True when the data are stored column-major.</param>
/// <param name="Shape">The extents (empty for a 0-d array).</param>
/// <param name="Type">The element type the schema sees.</param>
/// <param name="ItemSize">Bytes per element.</param>
/// <param name="DataOffset">Bytes before the data (magic, version, length, header).</param>
internal sealed record NpyHeader(string Descr, bool FortranOrder, long[] Shape, ElementType Type, int ItemSize, int DataOffset)
{
    /// <summary>The longest header accepted (NumPy itself refuses headers above 10 000 bytes by default).</summary>
    public const int MaxHeaderLength = 1 << 16;

    /// <summary>The magic string that starts every <c>.npy</c> file.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Total elements Π shape (checked).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, n) => checked(a * n));

    /// <summary>Reads and parses a header from the start of <paramref name="stream"/>; throws <see cref="FormatException"/>
    /// with a specific reason on anything unexpected.</summary>
    /// <param name="stream">The entry stream, positioned at its start.</param>
    /// <param name="available">Bytes the entry claims to hold (bounds the header length).</param>
    /// <returns>The header; the stream is left at the first data byte.</returns>
    public static NpyHeader Read(Stream stream, long available)
    {
        Span<byte> prelude = stackalloc byte[12];
        ReadExactly(stream, prelude[..8], "the magic and version");
        if (!prelude[..6].SequenceEqual(Magic))
        {
            throw new FormatException("does not start with the .npy magic \\x93NUMPY");
        }

        var major = prelude[6];
        var minor = prelude[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new FormatException($"has .npy format version {major.ToString(CultureInfo.InvariantCulture)}.{minor.ToString(CultureInfo.InvariantCulture)}; versions 1.0, 2.0 and 3.0 are supported");
        }

        long headerLength;
        int preludeLength;
        if (major == 1)
        {
            ReadExactly(stream, prelude[8..10], "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prelude[8..]);
            preludeLength = 10;
        }
        else
        {
            ReadExactly(stream, prelude[8..12], "the header length");
            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prelude[8..]);
            preludeLength = 12;
        }

        if (headerLength > MaxHeaderLength || headerLength > available - preludeLength)
        {
            throw new FormatException($"declares a header of {headerLength.ToString(CultureInfo.InvariantCulture)} bytes; at most {Math.Min(MaxHeaderLength, Math.Max(0, available - preludeLength)).ToString(CultureInfo.InvariantCulture)} are possible here");
        }

        var header = new byte[headerLength];
        ReadExactly(stream, header, "the header");
        string text;
        try
        {
            // Versions 1 and 2 use latin-1, version 3 UTF-8; NumPy's own headers are ASCII either way.
            text = major == 3
                ? new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(header)
                : Encoding.Latin1.GetString(header);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException("has a header that is not valid UTF-8", ex);
        }

        var (descr, fortran, shape) = new DictParser(text).Parse();
        var (type, itemSize) = ParseDescr(descr);
        return new NpyHeader(descr, fortran, shape, type, itemSize, checked(preludeLength + (int)headerLength));
    }

    /// <summary>Formats a version 1.0 header for a little-endian C-order array, padded so the data start on a multiple of 64 bytes.</summary>
    /// <param name="descr">The dtype string.</param>
    /// <param name="shape">The extents.</param>
    /// <returns>The bytes to write before the data.</returns>
    public static byte[] Format(string descr, IReadOnlyList<long> shape)
    {
        var dims = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", shape.Select(n => n.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        var total = 10 + dict.Length + 1;
        var padded = dict + new string(' ', (64 - (total % 64)) % 64) + "\n";
        var bytes = new byte[10 + padded.Length];
        Magic.CopyTo(bytes);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), checked((ushort)padded.Length));
        Encoding.ASCII.GetBytes(padded, bytes.AsSpan(10));
        return bytes;
    }

    /// <summary>Maps a dtype string to the schema's element type and the item size.</summary>
    /// <param name="descr">The dtype string, e.g. <c>&lt;c16</c>.</param>
    /// <returns>The element type and bytes per element.</returns>
    public static (ElementType Type, int ItemSize) ParseDescr(string descr)
    {
        if (descr is "|O" or "<O" or ">O")
        {
            // Object arrays hold pickled Python objects; np.save writes '|O' without a size.
            return (new ElementType(ElementKind.Unsupported, 8, false, "object (pickled Python objects)"), 8);
        }

        if (descr.Length < 3 || descr.Length > 12 || descr[0] is not ('<' or '>' or '|')
            || !int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1)
        {
            var hint = descr.Length > 0 && descr[0] == '=' ? " (a native byte order '=' does not say which one)" : string.Empty;
            throw new FormatException($"has dtype '{descr}'{hint}; expected a NumPy dtype string such as '<f8'");
        }

        var bigEndian = descr[0] == '>';
        var kind = descr[1];
        switch (kind)
        {
            case 'f' when size is 4 or 8:
                return (ElementType.Float(size, bigEndian), size);
            case 'c' when size is 8 or 16:
                return (ElementType.ComplexOf(size / 2, bigEndian), size);
            case 'i' or 'u' when size is 1 or 2 or 4 or 8:
                return (new ElementType(ElementKind.Integer, size, bigEndian, $"{(kind == 'i' ? "int" : "uint")}{(8 * size).ToString(CultureInfo.InvariantCulture)}"), size);
            case 'U' when size <= MaxHeaderLength:
                return (new ElementType(ElementKind.Text, 4, bigEndian, "str"), checked(4 * size));
            case 'S' when size <= MaxHeaderLength:
                return (new ElementType(ElementKind.Text, 1, false, "bytes"), size);
            default:
                return (new ElementType(ElementKind.Unsupported, size, bigEndian, descr), size);
        }
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        if (stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
        {
            throw new FormatException($"ends inside {what}");
        }
    }

    /// <summary>A recursive-descent parser for the one dict literal NumPy writes; anything else is rejected.</summary>
    private ref struct DictParser(string text)
    {
        private readonly string s = text;
        private int p;

        public (string Descr, bool Fortran, long[] Shape) Parse()
        {
            string? descr = null;
            bool? fortran = null;
            long[]? shape = null;
            Skip();
            Expect('{');
            Skip();
            while (Peek() != '}')
            {
                var key = ParseString();
                Skip();
                Expect(':');
                Skip();
                switch (key)
                {
                    case "descr" when descr is null:
                        if (Peek() == '[')
                        {
                            throw new FormatException("has a structured dtype (a list of fields); expected a plain numeric dtype such as '<f8'");
                        }

                        descr = ParseString();
                        break;
                    case "fortran_order" when fortran is null:
                        fortran = ParseBool();
                        break;
                    case "shape" when shape is null:
                        shape = ParseShape();
                        break;
                    default:
                        throw new FormatException($"has an unexpected or repeated header key '{key}'");
                }

                Skip();
                if (Peek() == ',')
                {
                    p++;
                    Skip();
                }
                else if (Peek() != '}')
                {
                    throw Error("',' or '}'");
                }
            }

            p++;
            while (p < s.Length && s[p] is ' ' or '\n' or '\r' or '\t' or '\0')
            {
                p++;
            }

            if (p != s.Length)
            {
                throw new FormatException("has text after the header dict");
            }

            if (descr is null || fortran is null || shape is null)
            {
                throw new FormatException("has a header without 'descr', 'fortran_order' and 'shape'");
            }

            return (descr, fortran.Value, shape);
        }

        private readonly char Peek() => p < s.Length ? s[p] : '\0';

        private void Skip()
        {
            while (p < s.Length && s[p] is ' ' or '\t' or '\n' or '\r')
            {
                p++;
            }
        }

        private void Expect(char c)
        {
            if (Peek() != c)
            {
                throw Error($"'{c}'");
            }

            p++;
        }

        private readonly FormatException Error(string expected) =>
            new($"has a malformed header: expected {expected} at offset {p.ToString(CultureInfo.InvariantCulture)}");

        private string ParseString()
        {
            var quote = Peek();
            if (quote is not ('\'' or '"'))
            {
                throw Error("a quoted string");
            }

            var start = ++p;
            while (p < s.Length && s[p] != quote)
            {
                if (s[p] == '\\')
                {
                    throw new FormatException("has an escape sequence in a header string; NumPy writes none");
                }

                p++;
            }

            if (p >= s.Length)
            {
                throw Error("a closing quote");
            }

            return s[start..p++];
        }

        private bool ParseBool()
        {
            if (string.CompareOrdinal(s, p, "True", 0, 4) == 0)
            {
                p += 4;
                return true;
            }

            if (string.CompareOrdinal(s, p, "False", 0, 5) == 0)
            {
                p += 5;
                return false;
            }

            throw Error("True or False");
        }

        private long[] ParseShape()
        {
            Expect('(');
            Skip();
            var dims = new List<long>();
            while (Peek() != ')')
            {
                if (dims.Count == 32)
                {
                    throw new FormatException("has more than 32 dimensions (NumPy's own limit)");
                }

                var start = p;
                while (p < s.Length && char.IsAsciiDigit(s[p]))
                {
                    p++;
                }

                if (p == start || p - start > 18)
                {
                    throw Error("a non-negative dimension");
                }

                dims.Add(long.Parse(s.AsSpan(start, p - start), NumberStyles.None, CultureInfo.InvariantCulture));
                if (Peek() == 'L')
                {
                    p++;
                }

                Skip();
                if (Peek() == ',')
                {
                    p++;
                    Skip();
                }
                else if (Peek() != ')')
                {
                    throw Error("',' or ')'");
                }
            }

            p++;
            return [.. dims];
        }
    }
}
