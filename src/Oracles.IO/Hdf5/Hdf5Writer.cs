using System.Numerics;
using System.Runtime.InteropServices;
using Oracles.Core;
using PureHDF;
using PureHDF.Selections;
using F = Oracles.IO.TrajectoryFormat;

namespace Oracles.IO.Hdf5;

/// <summary>
/// Writes the trajectory schema as HDF5 through PureHDF, in the layout h5py users expect: ψ as the compound
/// {<c>r</c>, <c>i</c>} of float64 that h5py maps to <c>complex128</c>, fields as float64 datasets [nt, n…], scalar
/// attributes (strings, int64, float64). Frames are written one at a time from the trajectory, without a full copy.
/// </summary>
internal static class Hdf5Writer
{
    // h5py reads a compound of two floats named r and i as a complex number; map our field names to those.
    private static readonly H5WriteOptions Options = new(
        FieldNameMapper: field => field.Name switch
        {
            nameof(H5Complex.Re) => "r",
            nameof(H5Complex.Im) => "i",
            _ => null,
        });

    /// <summary>Writes <paramref name="root"/> (and the fluid companion in the group <c>fluid</c>) to <paramref name="stream"/>.</summary>
    /// <param name="stream">A readable, writable, seekable stream.</param>
    /// <param name="root">The root trajectory.</param>
    /// <param name="fluid">The fluid companion, or null.</param>
    /// <param name="declarations">The root attribute <c>declarations</c>, or null to omit it.</param>
    public static void Write(Stream stream, Trajectory root, Trajectory? fluid, string? declarations)
    {
        var file = new H5File();
        var frames = new List<Action<H5NativeWriter>>();
        file.Attributes[F.FormatAttribute] = F.FormatName;
        file.Attributes[F.VersionAttribute] = (long)F.Version;
        if (declarations is not null)
        {
            file.Attributes[F.DeclarationsAttribute] = declarations;
        }

        Add(file, root, frames);
        if (fluid is not null)
        {
            var group = new H5Group();
            Add(group, fluid, frames);
            file[F.FluidGroup] = group;
        }

        using var writer = file.BeginWrite(stream, Options);
        foreach (var write in frames)
        {
            write(writer);
        }
    }

    private static void Add(H5Group group, Trajectory trajectory, List<Action<H5NativeWriter>> frames)
    {
        var grid = trajectory.Grid;
        group.Attributes[F.SystemAttribute] = trajectory.System;
        group.Attributes[F.DimensionAttribute] = (long)grid.Dimension;
        group.Attributes[F.BoxLengthAttribute] = grid.Length;
        group.Attributes[F.HbarAttribute] = trajectory.Parameters.Hbar;
        group.Attributes[F.EpsilonAttribute] = trajectory.Parameters.Epsilon;
        group.Attributes[F.ProducerAttribute] = trajectory.Provenance.Producer;
        group.Attributes[F.SchemeAttribute] = trajectory.Provenance.Scheme;
        if (trajectory.Provenance.SolverTimeStep is { } dt)
        {
            group.Attributes[F.SolverTimeStepAttribute] = dt;
        }

        if (trajectory.Provenance.SchemeOrder is { } order)
        {
            group.Attributes[F.SchemeOrderAttribute] = (long)order;
        }

        group[F.TimeDataset] = trajectory.Times.ToArray();
        var extents = grid.Shape.Select(n => (ulong)n).ToArray();
        var nt = trajectory.Count;
        if (trajectory.HasPsi)
        {
            var dataset = new H5Dataset<H5Complex[]>(fileDims: [(ulong)nt, .. extents]);
            group[F.PsiDataset] = dataset;
            frames.Add(writer =>
            {
                var buffer = new H5Complex[grid.Count];
                for (var n = 0; n < nt; n++)
                {
                    var psi = trajectory.Psi(n);
                    for (var j = 0; j < buffer.Length; j++)
                    {
                        buffer[j] = new H5Complex(psi[j]);
                    }

                    writer.Write(dataset, buffer, fileSelection: FrameSelection(n, extents));
                }
            });
        }

        AddReal(group, F.DensityDataset, trajectory.HasDensity, nt, [.. extents], n => trajectory.Density(n).ToArray(), frames);
        AddReal(group, F.VelocityDataset, trajectory.HasVelocity, nt, [(ulong)grid.Dimension, .. extents], n => trajectory.Velocity(n).ToArray(), frames);
        AddReal(group, F.PotentialDataset, trajectory.HasPotential, nt, [.. extents], n => trajectory.Potential(n).ToArray(), frames);
    }

    private static void AddReal(H5Group group, string name, bool present, int nt, ulong[] frameShape, Func<int, double[]> frame, List<Action<H5NativeWriter>> frames)
    {
        if (!present)
        {
            return;
        }

        var dataset = new H5Dataset<double[]>(fileDims: [(ulong)nt, .. frameShape]);
        group[name] = dataset;
        frames.Add(writer =>
        {
            for (var n = 0; n < nt; n++)
            {
                writer.Write(dataset, frame(n), fileSelection: FrameSelection(n, frameShape));
            }
        });
    }

    private static HyperslabSelection FrameSelection(int frame, ulong[] frameShape) =>
        new(frameShape.Length + 1, [(ulong)frame, .. new ulong[frameShape.Length]], [1, .. frameShape]);

    /// <summary>A complex number laid out as h5py's compound {r: float64, i: float64}.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct H5Complex(Complex z)
    {
        public readonly double Re = z.Real;
        public readonly double Im = z.Imaginary;
    }
}
