using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace Oracles.Tests.IO;

/// <summary>
/// Builds .npz archives byte by byte, independently of the code under test, so tests can write files that are valid
/// or wrong in exactly one way. Headers follow NEP 1 (magic, version 1.0, uint16 length, dict literal, 64-byte padding).
/// </summary>
internal sealed class NpzBuilder
{
    private readonly List<(string Name, byte[] Bytes)> entries = [];

    public bool Compressed { get; init; }

    /// <summary>A valid 1-D quantum trajectory on n points of [0, L): the plane wave of <see cref="FixtureFiles"/>.</summary>
    public static NpzBuilder Quantum(int n = 16, int nt = 3, double length = 1.0)
    {
        var b = new NpzBuilder();
        b.Text("oracles_format", "trajectory").Int("oracles_version", 1).Text("system", "sp").Int("dim", 1)
            .Float("box_length", length).Float("hbar", 0.1).Float("epsilon", 0.2);
        b.Doubles("t", [nt], Enumerable.Range(0, nt).Select(FixtureFiles.Time).ToArray());
        var psi = new Complex[nt * n];
        for (var m = 0; m < nt; m++)
        {
            for (var j = 0; j < n; j++)
            {
                psi[(m * n) + j] = FixtureFiles.Psi([j * length / n], FixtureFiles.Time(m), length);
            }
        }

        return b.Complex("psi", [nt, n], psi);
    }

    /// <summary>A valid 1-D isothermal-Euler trajectory (fluid only).</summary>
    public static NpzBuilder Fluid(int n = 16, int nt = 3)
    {
        var b = new NpzBuilder();
        b.Text("oracles_format", "trajectory").Int("oracles_version", 1).Text("system", "isothermal-euler").Int("dim", 1)
            .Float("box_length", 1.0);
        b.Doubles("t", [nt], Enumerable.Range(0, nt).Select(FixtureFiles.Time).ToArray());
        var rho = new double[nt * n];
        var u = new double[nt * n];
        for (var m = 0; m < nt; m++)
        {
            for (var j = 0; j < n; j++)
            {
                rho[(m * n) + j] = FixtureFiles.Density([(double)j / n], FixtureFiles.Time(m), 1.0);
                u[(m * n) + j] = FixtureFiles.Velocity(0, [(double)j / n], FixtureFiles.Time(m), 1.0);
            }
        }

        return b.Doubles("rho", [nt, n], rho).Doubles("u", [nt, 1, n], u);
    }

    public NpzBuilder Remove(string name)
    {
        entries.RemoveAll(e => e.Name == name + ".npy");
        return this;
    }

    public NpzBuilder Text(string name, string value)
    {
        var bytes = new byte[4 * Math.Max(1, value.Length)];
        for (var i = 0; i < value.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), value[i]);
        }

        return Raw(name, $"<U{Math.Max(1, value.Length)}", [], bytes);
    }

    public NpzBuilder Int(string name, long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Raw(name, "<i8", [], bytes);
    }

    public NpzBuilder Float(string name, double value) => Doubles(name, [], [value]);

    public NpzBuilder Doubles(string name, long[] shape, double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        }

        return Raw(name, "<f8", shape, bytes);
    }

    public NpzBuilder Complex(string name, long[] shape, Complex[] values)
    {
        var bytes = new byte[16 * values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(16 * i), values[i].Real);
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan((16 * i) + 8), values[i].Imaginary);
        }

        return Raw(name, "<c16", shape, bytes);
    }

    /// <summary>Adds an entry with the given dtype string, shape and data bytes (not checked).</summary>
    public NpzBuilder Raw(string name, string descr, long[] shape, byte[] data, bool fortran = false)
    {
        var dims = shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
        var dict = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {dims}, }}";
        return Header(name, dict, data);
    }

    /// <summary>Adds an entry with a literal header dict (padded and terminated like NumPy's) and data bytes.</summary>
    public NpzBuilder Header(string name, string dict, byte[] data)
    {
        var pad = (64 - ((10 + dict.Length + 1) % 64)) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', pad) + "\n");
        var bytes = new byte[10 + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", bytes.AsSpan(1));
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        header.CopyTo(bytes, 10);
        data.CopyTo(bytes, 10 + header.Length);
        return Entry(name + ".npy", bytes);
    }

    /// <summary>Adds (or replaces) an entry with arbitrary bytes.</summary>
    public NpzBuilder Entry(string fileName, byte[] bytes)
    {
        entries.RemoveAll(e => e.Name == fileName);
        entries.Add((fileName, bytes));
        return this;
    }

    public byte[] ToBytes()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                var entry = zip.CreateEntry(name, Compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = entry.Open();
                s.Write(bytes);
            }
        }

        return memory.ToArray();
    }

    public string WriteTo(string path)
    {
        File.WriteAllBytes(path, ToBytes());
        return path;
    }
}
