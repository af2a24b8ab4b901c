using System.Numerics;
using Oracles.Core;
using Oracles.Core.Grids;
using Oracles.IO;

namespace Oracles.Tests.IO;

/// <summary>Writing with Oracles and reading back returns the same trajectory bit for bit, in both formats.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, int[], double> Cases()
    {
        var data = new TheoryData<string, int[], double>();
        foreach (var extension in new[] { ".h5", ".npz" })
        {
            data.Add(extension, [16], 1.0);
            data.Add(extension, [7], 2.5);      // odd n, L ≠ 1
            data.Add(extension, [8, 6], 1.0);
            data.Add(extension, [4, 3, 5], 0.5);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_quantum_trajectory_with_its_fluid_companion_round_trips_exactly(string extension, int[] shape, double length)
    {
        var grid = new PeriodicGrid(shape, length);
        var quantum = Quantum(grid, nt: 3);
        var fluid = Fluid(grid, nt: 4);
        var path = temp.File("run" + extension);

        TrajectoryFile.Write(path, quantum, fluid);
        var back = TrajectoryFile.Read(path);

        AssertSame(quantum, back.Quantum.ShouldNotBeNull());
        AssertSame(fluid, back.Fluid.ShouldNotBeNull());
    }

    [Theory]
    [InlineData(".h5")]
    [InlineData(".hdf5")]
    [InlineData(".npz")]
    public void A_fluid_only_file_round_trips_and_pairs_with_a_quantum_file(string extension)
    {
        var grid = PeriodicGrid.Square(6, 1.0);
        var quantum = Quantum(grid, nt: 2);
        var fluid = Fluid(grid, nt: 2);
        var quantumPath = temp.File("q" + extension);
        var fluidPath = temp.File("f" + extension);
        TrajectoryFile.Write(quantumPath, quantum);
        TrajectoryFile.Write(fluidPath, fluid);

        var alone = TrajectoryFile.Read(fluidPath);
        var pair = TrajectoryFile.Read(quantumPath, fluidPath);

        alone.Quantum.ShouldBeNull();
        AssertSame(fluid, alone.Fluid.ShouldNotBeNull());
        AssertSame(quantum, pair.Quantum.ShouldNotBeNull());
        AssertSame(fluid, pair.Fluid.ShouldNotBeNull());
    }

    [Fact]
    public void Pairing_refuses_a_quantum_fluid_file_and_a_second_fluid()
    {
        var grid = PeriodicGrid.Line(8);
        var both = temp.File("both.npz");
        var fluidOnly = temp.File("fluid.npz");
        TrajectoryFile.Write(both, Quantum(grid, 2), Fluid(grid, 2));
        TrajectoryFile.Write(fluidOnly, Fluid(grid, 2));

        Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(both, both)).Message.ShouldContain("--fluid expects a fluid trajectory");
        Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(both, fluidOnly)).Message.ShouldContain("already holds a fluid trajectory in the group `fluid`");
        Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(fluidOnly, fluidOnly)).Message.ShouldContain("holds no quantum trajectory");
    }

    [Theory]
    [InlineData(".h5")]
    [InlineData(".npz")]
    public void Declarations_round_trip_and_pairing_keeps_those_of_both_files(string extension)
    {
        var grid = PeriodicGrid.Line(8);
        var quantumPath = temp.File("q" + extension);
        var fluidPath = temp.File("f" + extension);
        TrajectoryFile.Write(quantumPath, Quantum(grid, 2), declarations: ["BCY.L4.1.data", "X.y"]);
        TrajectoryFile.Write(fluidPath, Fluid(grid, 2), declarations: ["X.y", "Z.w"]);

        TrajectoryFile.Read(quantumPath).Declarations.ShouldBe(["BCY.L4.1.data", "X.y"]);
        TrajectoryFile.Read(quantumPath, fluidPath).Declarations.ShouldBe(["BCY.L4.1.data", "X.y", "Z.w"]);
        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(temp.File("bad" + extension), Quantum(grid, 2), declarations: ["a b"]))
            .ParamName.ShouldBe("declarations");
    }

    [Fact]
    public void Without_the_attribute_there_are_no_declarations()
    {
        var path = temp.File("none.npz");
        TrajectoryFile.Write(path, Quantum(PeriodicGrid.Line(8), 2));

        TrajectoryFile.Read(path).Declarations.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(".h5")]
    [InlineData(".npz")]
    public void Equal_trajectories_give_byte_identical_files(string extension)
    {
        var grid = PeriodicGrid.Square(5, 1.0);
        var a = temp.File("a" + extension);
        var b = temp.File("b" + extension);

        TrajectoryFile.Write(a, Quantum(grid, 3), Fluid(grid, 3));
        TrajectoryFile.Write(b, Quantum(grid, 3), Fluid(grid, 3));

        File.ReadAllBytes(a).ShouldBe(File.ReadAllBytes(b));
    }

    [Theory]
    [InlineData(".h5")]
    [InlineData(".npz")]
    public void A_refused_write_leaves_an_existing_file_untouched_and_no_temporary_behind(string extension)
    {
        var grid = PeriodicGrid.Line(8);
        var path = temp.File("keep" + extension);
        TrajectoryFile.Write(path, Quantum(grid, 2));
        var before = File.ReadAllBytes(path);
        var unnormalised = Quantum(grid, 2, amplitude: 2);

        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(path, unnormalised)).Message.ShouldContain("ψ is not normalised at t=0");

        File.ReadAllBytes(path).ShouldBe(before);
        Directory.GetFiles(temp.FullName).ShouldBe([path]);
    }

    [Fact]
    public void A_write_that_fails_midway_leaves_no_file()
    {
        // The destination directory does not exist: the temporary cannot even be created, and nothing appears.
        var path = Path.Combine(temp.FullName, "missing", "run.h5");

        Should.Throw<DirectoryNotFoundException>(() => TrajectoryFile.Write(path, Quantum(PeriodicGrid.Line(8), 2)));

        Directory.Exists(Path.GetDirectoryName(path)).ShouldBeFalse();
    }

    [Fact]
    public void The_extension_selects_the_format_and_unknown_ones_are_refused()
    {
        var grid = PeriodicGrid.Line(8);
        TrajectoryFile.Write(temp.File("a.h5"), Quantum(grid, 2));
        TrajectoryFile.Write(temp.File("a.npz"), Quantum(grid, 2));

        File.ReadAllBytes(temp.File("a.h5"))[..4].ShouldBe(new byte[] { 0x89, (byte)'H', (byte)'D', (byte)'F' });
        File.ReadAllBytes(temp.File("a.npz"))[..2].ShouldBe(new byte[] { (byte)'P', (byte)'K' });
        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(temp.File("a.csv"), Quantum(grid, 2))).ParamName.ShouldBe("path");
    }

    [Fact]
    public void Reading_dispatches_on_content_not_on_the_name()
    {
        var grid = PeriodicGrid.Line(8);
        TrajectoryFile.Write(temp.File("really-hdf5.h5"), Quantum(grid, 2));
        File.Move(temp.File("really-hdf5.h5"), temp.File("misnamed.npz"));

        TrajectoryFile.Read(temp.File("misnamed.npz")).Quantum.ShouldNotBeNull();
    }

    [Fact]
    public void Trajectories_the_schema_cannot_hold_are_refused_at_write_time()
    {
        var grid = PeriodicGrid.Line(8);
        var q = Quantum(grid, 2);
        var f = Fluid(grid, 2);
        var mixed = new Trajectory(SystemIds.SchrodingerPoisson, grid, [0, 0.1], new PhysicalParameters(0.1, 0.2),
            psi: [q.Psi(0).ToArray(), q.Psi(1).ToArray()], density: [f.Density(0).ToArray(), f.Density(1).ToArray()]);
        var zero = new Trajectory(SystemIds.IsothermalEuler, grid, [0], new PhysicalParameters(0, 0), density: [new double[8]]);

        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(temp.File("m.h5"), mixed)).Message.ShouldContain("holds both ψ and ρ/u");
        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(temp.File("m.h5"), f, f)).ParamName.ShouldBe("fluid");
        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(temp.File("m.h5"), q, q)).ParamName.ShouldBe("fluid");
        Should.Throw<ArgumentException>(() => TrajectoryFile.Write(temp.File("m.npz"), zero)).Message.ShouldContain("takes log ρ");
        Directory.GetFiles(temp.FullName).ShouldBeEmpty();
    }

    internal static Trajectory Quantum(PeriodicGrid grid, int nt, double amplitude = 1)
    {
        var times = Enumerable.Range(0, nt).Select(m => 0.05 * m).ToArray();
        var psi = times.Select(t => Sample(grid, x => amplitude * FixtureFiles.Psi(x, t, grid.Length))).ToArray();
        var v = times.Select(t => grid.Sample(x => FixtureFiles.Potential(x, t, grid.Length))).ToArray();
        return new Trajectory(SystemIds.SchrodingerPoissonBoltzmann, grid, times, new PhysicalParameters(0.03125, 1e-3),
            psi: psi, potential: v, provenance: new Provenance("RoundTripTests", "Strang splitting, order 2", 1e-3, 2));
    }

    internal static Trajectory Fluid(PeriodicGrid grid, int nt)
    {
        var times = Enumerable.Range(0, nt).Select(m => 0.1 * m).ToArray();
        var rho = times.Select(t => grid.Sample(x => FixtureFiles.Density(x, t, grid.Length))).ToArray();
        var u = times.Select(t => Enumerable.Range(0, grid.Dimension)
            .SelectMany(a => grid.Sample(x => FixtureFiles.Velocity(a, x, t, grid.Length))).ToArray()).ToArray();
        return new Trajectory(SystemIds.IsothermalEuler, grid, times, new PhysicalParameters(0, 0), density: rho, velocity: u,
            provenance: new Provenance("RoundTripTests", "RK4"));
    }

    private static Complex[] Sample(PeriodicGrid grid, Func<double[], Complex> f)
    {
        var re = grid.Sample(x => f(x).Real);
        var im = grid.Sample(x => f(x).Imaginary);
        return re.Zip(im, (a, b) => new Complex(a, b)).ToArray();
    }

    private static void AssertSame(Trajectory expected, Trajectory actual)
    {
        actual.System.ShouldBe(expected.System);
        actual.Grid.ShouldBe(expected.Grid);
        actual.Parameters.ShouldBe(expected.Parameters);
        actual.Provenance.ShouldBe(expected.Provenance);
        actual.Times.ToArray().ShouldBe(expected.Times.ToArray());
        actual.HasPsi.ShouldBe(expected.HasPsi);
        actual.HasDensity.ShouldBe(expected.HasDensity);
        actual.HasVelocity.ShouldBe(expected.HasVelocity);
        actual.HasPotential.ShouldBe(expected.HasPotential);
        for (var n = 0; n < expected.Count; n++)
        {
            // Exact: float64 is written and read verbatim.
            if (expected.HasPsi)
            {
                actual.Psi(n).SequenceEqual(expected.Psi(n)).ShouldBeTrue($"psi frame {n}");
            }

            if (expected.HasDensity)
            {
                actual.Density(n).SequenceEqual(expected.Density(n)).ShouldBeTrue($"rho frame {n}");
            }

            if (expected.HasVelocity)
            {
                actual.Velocity(n).SequenceEqual(expected.Velocity(n)).ShouldBeTrue($"u frame {n}");
            }

            if (expected.HasPotential)
            {
                actual.Potential(n).SequenceEqual(expected.Potential(n)).ShouldBeTrue($"V frame {n}");
            }
        }
    }
}
