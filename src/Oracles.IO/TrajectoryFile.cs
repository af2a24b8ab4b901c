using System.Globalization;
using Oracles.Core;
using Oracles.IO.Hdf5;
using Oracles.IO.Npz;
using Oracles.IO.Schema;
using F = Oracles.IO.TrajectoryFormat;

namespace Oracles.IO;

/// <summary>
/// Reads and writes trajectory files — HDF5 (<c>.h5</c>, <c>.hdf5</c>; via PureHDF, no native library) and NumPy
/// <c>.npz</c> — in the schema of <see cref="TrajectoryFormat"/> (README "Trajectory files").
/// </summary>
/// <remarks>
/// <para><b>Reading</b> dispatches on the file's first bytes (the HDF5 signature, or a zip header), not on its name,
/// validates every attribute and array, and throws <see cref="TrajectoryFormatException"/> naming the file, the field
/// and the expectation on any problem: missing or mistyped fields, inconsistent shapes, NaN/∞, an unnormalised ψ at
/// t₀ (<see cref="TrajectoryFormat.NormalizationTolerance"/>), a negative density (or a zero one where log ρ is
/// taken), non-increasing times, an unknown system or version, and truncated or corrupt files. Claimed sizes are
/// checked against the file size before anything is allocated for them.</para>
/// <para><b>Writing</b> picks the format from the extension, refuses trajectories the reader would refuse, writes to a
/// temporary file in the target directory and moves it into place, so a failure never leaves a half-written file.
/// Output is deterministic: equal trajectories give byte-identical files.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe (no shared state).</threadsafety>
public static class TrajectoryFile
{
    /// <summary>Reads a trajectory file.</summary>
    /// <param name="path">The file (HDF5 or <c>.npz</c>, recognised by content).</param>
    /// <returns>The quantum trajectory, the fluid one, or both.</returns>
    /// <exception cref="TrajectoryFormatException">The file cannot be read or does not satisfy the schema.</exception>
    public static TrajectoryBundle Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var source = Open(path);
        return TrajectorySchemaReader.Read(source);
    }

    /// <summary>
    /// Reads a quantum trajectory from <paramref name="path"/> and its fluid companion from
    /// <paramref name="fluidPath"/> (the CLI's <c>--fluid FILE</c>): the second file holds a fluid trajectory at its
    /// root.
    /// </summary>
    /// <param name="path">The quantum file.</param>
    /// <param name="fluidPath">The fluid file, or null to read <paramref name="path"/> alone.</param>
    /// <returns>Both trajectories.</returns>
    /// <exception cref="TrajectoryFormatException">Either file is invalid, or they do not pair up.</exception>
    public static TrajectoryBundle Read(string path, string? fluidPath)
    {
        var main = Read(path);
        if (fluidPath is null)
        {
            return main;
        }

        var other = Read(fluidPath);
        if (other.Quantum is not null)
        {
            throw new TrajectoryFormatException(fluidPath, F.PsiDataset, $"holds a quantum trajectory (`{F.PsiDataset}`); --fluid expects a fluid trajectory (`{F.DensityDataset}`) at the root.");
        }

        if (main.Quantum is null)
        {
            throw new TrajectoryFormatException(path, F.PsiDataset, $"holds no quantum trajectory (`{F.PsiDataset}`); --fluid pairs a fluid trajectory with a quantum one.");
        }

        if (main.Fluid is not null)
        {
            throw new TrajectoryFormatException(path, F.FluidGroup, $"already holds a fluid trajectory in the group `{F.FluidGroup}`; give it there or with --fluid {fluidPath}, not both.");
        }

        return new TrajectoryBundle(main.Quantum, other.Fluid)
        {
            Declarations = main.Declarations.Concat(other.Declarations).Distinct(StringComparer.Ordinal).ToArray(),
        };
    }

    /// <summary>
    /// Writes a trajectory file: <paramref name="quantum"/> at the root and, when given, <paramref name="fluid"/> in
    /// the group <c>fluid</c>. The format follows the extension: <c>.h5</c>/<c>.hdf5</c> → HDF5, <c>.npz</c> → NumPy.
    /// To write a fluid-only file (for <c>--fluid</c>), pass the fluid trajectory as <paramref name="quantum"/>.
    /// </summary>
    /// <param name="path">The destination; replaced atomically if it exists.</param>
    /// <param name="quantum">The root trajectory: quantum (ψ, optional V), or fluid when writing a fluid-only file.</param>
    /// <param name="fluid">The fluid companion (ρ, optional u and V) of a quantum root, or null.</param>
    /// <param name="declarations">Catalogue ids to record in the root attribute <c>declarations</c>
    /// (<see cref="TrajectoryFormat.DeclarationsAttribute"/>), or null for none.</param>
    /// <exception cref="ArgumentException">Unknown extension, or a trajectory the schema cannot hold (both ψ and ρ at
    /// the root, a non-fluid companion, ψ not normalised at t₀, a zero density for isothermal Euler), or a
    /// declaration that is empty or contains a space or comma.</exception>
    public static void Write(string path, Trajectory quantum, Trajectory? fluid = null, IEnumerable<string>? declarations = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(quantum);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var ids = declarations?.ToArray() ?? [];
        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id) || TrajectorySchemaReader.SplitDeclarations(id) is not [var single] || single != id)
            {
                throw new ArgumentException($"declaration '{id}' must be a single non-empty id without spaces or commas.", nameof(declarations));
            }
        }

        var text = ids.Length == 0 ? null : string.Join(' ', ids.Distinct(StringComparer.Ordinal));
        Action<Stream, Trajectory, Trajectory?, string?> writer = extension switch
        {
            ".h5" or ".hdf5" or ".he5" => Hdf5Writer.Write,
            ".npz" => NpzWriter.Write,
            _ => throw new ArgumentException($"path '{path}' must end in .h5, .hdf5 or .npz (the extension selects the format).", nameof(path)),
        };
        CheckWritable(quantum, fluid);

        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                writer(stream, quantum, fluid, text);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static TrajectorySource Open(string path)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TrajectoryFormatException(path, null, $"cannot be opened: {ex.Message}", ex);
        }

        try
        {
            Span<byte> head = stackalloc byte[8];
            var read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            head = head[..read];
            if (head.SequenceEqual(Hdf5Source.Signature))
            {
                return Hdf5Source.Open(path, stream, 0);
            }

            if (read >= 4 && head[0] == 'P' && head[1] == 'K' && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6)))
            {
                stream.Position = 0;
                return NpzSource.Open(path, stream);
            }

            // HDF5 allows a user block before the superblock: the signature may sit at 512, 1024, 2048, … bytes.
            for (var offset = 512L; offset + 8 <= stream.Length; offset *= 2)
            {
                stream.Position = offset;
                if (stream.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Hdf5Source.Signature))
                {
                    return Hdf5Source.Open(path, stream, offset);
                }
            }

            var shown = string.Join(' ', head.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
            throw new TrajectoryFormatException(
                path,
                null,
                read == 0
                    ? "is empty; expected an HDF5 file or a NumPy .npz archive."
                    : $"is neither HDF5 (signature 89 48 44 46 0d 0a 1a 0a) nor a NumPy .npz archive (zip, 50 4b 03 04); it starts with {shown}.");
        }
        catch (TrajectoryFormatException)
        {
            stream.Dispose();
            throw;
        }
        catch (IOException ex)
        {
            stream.Dispose();
            throw new TrajectoryFormatException(path, null, $"cannot be read: {ex.Message}", ex);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void CheckWritable(Trajectory root, Trajectory? fluid)
    {
        if (root.HasPsi && (root.HasDensity || root.HasVelocity))
        {
            throw new ArgumentException(
                "The root trajectory holds both ψ and ρ/u; the schema keeps one trajectory per group. Pass the fluid trajectory as the 'fluid' argument.",
                nameof(root));
        }

        if (fluid is not null)
        {
            if (!root.HasPsi)
            {
                throw new ArgumentException("A fluid companion needs a quantum root (with ψ); write a fluid-only file by passing the fluid trajectory as the root.", nameof(fluid));
            }

            if (fluid.HasPsi || !fluid.HasDensity)
            {
                throw new ArgumentException("The fluid companion must hold ρ (and optionally u, V) and no ψ.", nameof(fluid));
            }
        }

        foreach (var t in fluid is null ? [root] : new[] { root, fluid })
        {
            if (t.HasPsi)
            {
                // The reader refuses an unnormalised ψ at t₀ (TrajectoryFormat.NormalizationTolerance); refuse to write one.
                var sum = 0.0;
                foreach (var z in t.Psi(0))
                {
                    sum += (z.Real * z.Real) + (z.Imaginary * z.Imaginary);
                }

                var mass = sum * t.Grid.CellVolume;
                if (!(Math.Abs(mass - 1) <= F.NormalizationTolerance))
                {
                    throw new ArgumentException(
                        $"ψ is not normalised at t={Guard.Format(t.Times[0])}: ∫|ψ|² dx = {Guard.Format(mass)}; trajectory files require 1 within {Guard.Format(F.NormalizationTolerance)}.",
                        t == root ? nameof(root) : nameof(fluid));
                }
            }

            if (t.HasDensity && t.System == SystemIds.IsothermalEuler)
            {
                for (var n = 0; n < t.Count; n++)
                {
                    var j = t.Density(n).IndexOf(0.0);
                    if (j >= 0)
                    {
                        throw new ArgumentException(
                            $"ρ is zero at t={Guard.Format(t.Times[n])} (point {j.ToString(CultureInfo.InvariantCulture)}); system '{SystemIds.IsothermalEuler}' takes log ρ, so trajectory files require ρ > 0.",
                            t == root ? nameof(root) : nameof(fluid));
                    }
                }
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the temporary file has a unique hidden name and does not shadow the destination.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

}
