using System.Buffers.Binary;
using System.IO.Compression;
using Oracles.Core;
using F = Oracles.IO.TrajectoryFormat;

namespace Oracles.IO.Npz;

/// <summary>
/// Writes the trajectory schema as a NumPy <c>.npz</c> archive readable by <c>np.load</c>: one stored (uncompressed)
/// <c>.npy</c> entry per field, little-endian C order, <c>&lt;c16</c> for ψ and <c>&lt;f8</c> for real fields; attributes
/// are 0-d arrays (<c>&lt;U…</c>, <c>&lt;i8</c>, <c>&lt;f8</c>); the fluid companion uses the key prefix <c>fluid/</c>.
/// Entry timestamps are fixed (1980-01-01) so equal trajectories give byte-identical files.
/// </summary>
internal static class NpzWriter
{
    private static readonly DateTimeOffset Epoch = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="root"/> (and the fluid companion under <c>fluid/</c>) to <paramref name="stream"/>.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="root">The root trajectory.</param>
    /// <param name="fluid">The fluid companion, or null.</param>
    /// <param name="declarations">The root attribute <c>declarations</c>, or null to omit it.</param>
    public static void Write(Stream stream, Trajectory root, Trajectory? fluid, string? declarations)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        WriteText(zip, F.FormatAttribute, F.FormatName);
        WriteInteger(zip, F.VersionAttribute, F.Version);
        if (declarations is not null)
        {
            WriteText(zip, F.DeclarationsAttribute, declarations);
        }

        Add(zip, string.Empty, root);
        if (fluid is not null)
        {
            Add(zip, F.FluidGroup + "/", fluid);
        }
    }

    private static void Add(ZipArchive zip, string prefix, Trajectory trajectory)
    {
        var grid = trajectory.Grid;
        var nt = trajectory.Count;
        WriteText(zip, prefix + F.SystemAttribute, trajectory.System);
        WriteInteger(zip, prefix + F.DimensionAttribute, grid.Dimension);
        WriteNumber(zip, prefix + F.BoxLengthAttribute, grid.Length);
        WriteNumber(zip, prefix + F.HbarAttribute, trajectory.Parameters.Hbar);
        WriteNumber(zip, prefix + F.EpsilonAttribute, trajectory.Parameters.Epsilon);
        WriteText(zip, prefix + F.ProducerAttribute, trajectory.Provenance.Producer);
        WriteText(zip, prefix + F.SchemeAttribute, trajectory.Provenance.Scheme);
        if (trajectory.Provenance.SolverTimeStep is { } dt)
        {
            WriteNumber(zip, prefix + F.SolverTimeStepAttribute, dt);
        }

        if (trajectory.Provenance.SchemeOrder is { } order)
        {
            WriteInteger(zip, prefix + F.SchemeOrderAttribute, order);
        }

        WriteEntry(zip, prefix + F.TimeDataset, "<f8", [nt], s => WriteDoubles(s, trajectory.Times));
        var extents = grid.Shape.Select(n => (long)n).ToArray();
        if (trajectory.HasPsi)
        {
            WriteEntry(zip, prefix + F.PsiDataset, "<c16", [nt, .. extents], s =>
            {
                var buffer = new byte[16 * grid.Count];
                for (var n = 0; n < nt; n++)
                {
                    var psi = trajectory.Psi(n);
                    for (var j = 0; j < psi.Length; j++)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(16 * j), psi[j].Real);
                        BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan((16 * j) + 8), psi[j].Imaginary);
                    }

                    s.Write(buffer);
                }
            });
        }

        if (trajectory.HasDensity)
        {
            WriteEntry(zip, prefix + F.DensityDataset, "<f8", [nt, .. extents], s => WriteFrames(s, nt, n => trajectory.Density(n)));
        }

        if (trajectory.HasVelocity)
        {
            WriteEntry(zip, prefix + F.VelocityDataset, "<f8", [nt, grid.Dimension, .. extents], s => WriteFrames(s, nt, n => trajectory.Velocity(n)));
        }

        if (trajectory.HasPotential)
        {
            WriteEntry(zip, prefix + F.PotentialDataset, "<f8", [nt, .. extents], s => WriteFrames(s, nt, n => trajectory.Potential(n)));
        }
    }

    private delegate ReadOnlySpan<double> FrameSource(int frame);

    private static void WriteFrames(Stream s, int nt, FrameSource frame)
    {
        for (var n = 0; n < nt; n++)
        {
            WriteDoubles(s, frame(n));
        }
    }

    private static void WriteDoubles(Stream s, ReadOnlySpan<double> values)
    {
        var buffer = new byte[8 * Math.Min(values.Length, 1 << 16)];
        for (var start = 0; start < values.Length; start += buffer.Length / 8)
        {
            var count = Math.Min(buffer.Length / 8, values.Length - start);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * i), values[start + i]);
            }

            s.Write(buffer, 0, 8 * count);
        }
    }

    private static void WriteText(ZipArchive zip, string key, string value)
    {
        // NumPy's str dtype: UTF-32 code points, '<U{count}'.
        var runes = value.EnumerateRunes().ToArray();
        var bytes = new byte[4 * runes.Length];
        for (var i = 0; i < runes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4 * i), (uint)runes[i].Value);
        }

        WriteEntry(zip, key, $"<U{Math.Max(runes.Length, 1)}", [], s => s.Write(runes.Length == 0 ? new byte[4] : bytes));
    }

    private static void WriteInteger(ZipArchive zip, string key, long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        WriteEntry(zip, key, "<i8", [], s => s.Write(bytes));
    }

    private static void WriteNumber(ZipArchive zip, string key, double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value);
        WriteEntry(zip, key, "<f8", [], s => s.Write(bytes));
    }

    private static void WriteEntry(ZipArchive zip, string key, string descr, long[] shape, Action<Stream> data)
    {
        var entry = zip.CreateEntry(key + ".npy", CompressionLevel.NoCompression);
        entry.LastWriteTime = Epoch;
        using var stream = entry.Open();
        stream.Write(NpyHeader.Format(descr, shape));
        data(stream);
    }
}
