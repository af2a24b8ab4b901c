using Oracles.Core;
using Oracles.IO;

namespace Oracles.Tests.IO;

/// <summary>
/// Files written by h5py and numpy the way users write them (Fixtures/make_fixtures.py) are read back and compared
/// with the closed forms they were generated from.
/// </summary>
public class FixtureReadingTests
{
    // Tolerances. float64 fixtures: numpy and .NET evaluate the same closed forms with their own exp/sin/cos, which
    // agree to a few ulps; 1e-14 on values of size ≤ 1.4 leaves ~50 ulps of room. float32 fixtures: each stored
    // component is rounded to 24 bits, |error| ≤ 2⁻²⁴·|value| ≈ 6e-8 for |value| ≤ 1, hence 1e-7.
    private const double Float64 = 1e-14;
    private const double Float32 = 1e-7;

    public static TheoryData<string, string, int[], double, int, double, bool> QuantumFixtures() => new()
    {
        // file, system, grid shape, L, nt, tolerance, has V
        { "h5py_native_complex_1d.h5", "sp", new[] { 16 }, 2.0, 4, Float64, true },
        { "h5py_pair_chunked_gzip_2d.h5", "spb", new[] { 8, 6 }, 1.0, 4, Float64, false },
        { "h5py_bigendian_complex64_1d.h5", "sp", new[] { 12 }, 1.0, 4, Float32, false },
        { "h5py_quantum_with_fluid_group_1d.h5", "spb", new[] { 16 }, 1.0, 4, Float64, false },
        { "numpy_savez_1d.npz", "sp", new[] { 16 }, 2.0, 4, Float64, true },
        { "numpy_compressed_fortran_bigendian_2d.npz", "spb", new[] { 8, 6 }, 1.0, 4, Float64, true },
        { "numpy_complex64_with_fluid_1d.npz", "spb", new[] { 16 }, 1.0, 4, Float32, true },
    };

    [Theory]
    [MemberData(nameof(QuantumFixtures))]
    public void Quantum_fixtures_written_by_h5py_and_numpy_read_back_as_their_closed_forms(
        string file, string system, int[] shape, double length, int nt, double tolerance, bool hasPotential)
    {
        var bundle = TrajectoryFile.Read(FixtureFiles.Path(file));

        var q = bundle.Quantum.ShouldNotBeNull();
        q.System.ShouldBe(system);
        q.Grid.Shape.ShouldBe(shape);
        q.Grid.Length.ShouldBe(length);
        q.Parameters.Hbar.ShouldBe(0.1);
        q.Parameters.Epsilon.ShouldBe(0.2);
        q.HasPotential.ShouldBe(hasPotential);
        AssertQuantum(q, shape, length, nt, tolerance);
    }

    [Theory]
    [InlineData("h5py_quantum_with_fluid_group_1d.h5", new[] { 16 }, 4, Float64)]
    [InlineData("numpy_complex64_with_fluid_1d.npz", new[] { 16 }, 4, Float64)]
    [InlineData("h5py_fluid_only_3d.h5", new[] { 4, 4, 4 }, 2, Float64)]
    public void Fluid_trajectories_read_from_a_group_or_a_fluid_only_root(string file, int[] shape, int nt, double tolerance)
    {
        var bundle = TrajectoryFile.Read(FixtureFiles.Path(file));

        var f = bundle.Fluid.ShouldNotBeNull();
        f.System.ShouldBe(SystemIds.IsothermalEuler);
        f.HasPsi.ShouldBeFalse();
        f.Parameters.Hbar.ShouldBe(0.0);
        f.Parameters.Epsilon.ShouldBe(0.0);
        f.Grid.Shape.ShouldBe(shape);
        for (var m = 0; m < nt; m++)
        {
            f.Times[m].ShouldBe(FixtureFiles.Time(m), tolerance);
            var rho = f.Density(m);
            var u = f.Velocity(m);
            for (var j = 0; j < f.Grid.Count; j++)
            {
                var x = FixtureFiles.Point(shape, 1.0, j);
                rho[j].ShouldBe(FixtureFiles.Density(x, FixtureFiles.Time(m), 1.0), tolerance);
                for (var a = 0; a < shape.Length; a++)
                {
                    u[(a * f.Grid.Count) + j].ShouldBe(FixtureFiles.Velocity(a, x, FixtureFiles.Time(m), 1.0), tolerance);
                }
            }
        }

        (bundle.Quantum is null).ShouldBe(file.Contains("fluid_only", StringComparison.Ordinal));
    }

    [Fact]
    public void Provenance_attributes_written_by_h5py_are_read()
    {
        var q = TrajectoryFile.Read(FixtureFiles.Path("h5py_native_complex_1d.h5")).Quantum.ShouldNotBeNull();

        q.Provenance.Producer.ShouldBe("make_fixtures.py");
        q.Provenance.Scheme.ShouldBe("closed form");
        q.Provenance.SolverTimeStep.ShouldBe(0.01);
        q.Provenance.SchemeOrder.ShouldBe(2);
    }

    [Fact]
    public void Without_provenance_attributes_the_producer_is_the_file_name()
    {
        var q = TrajectoryFile.Read(FixtureFiles.Path("numpy_savez_1d.npz")).Quantum.ShouldNotBeNull();

        q.Provenance.Producer.ShouldBe("numpy_savez_1d.npz");
        q.Provenance.Scheme.ShouldBe("unknown");
        q.Provenance.SolverTimeStep.ShouldBeNull();
    }

    [Theory]
    [InlineData("invalid_psi_has_more_frames_than_t.h5", "psi", "`psi` has shape [5, 16] but `t` has 4 entries")]
    [InlineData("invalid_box_length_missing.npz", "box_length", "`box_length` is missing")]
    [InlineData("invalid_rho_negative.h5", "rho", "`rho` is negative at t=0.2, x=0.25: -0.001")]
    public void Files_users_get_wrong_are_refused_with_the_file_the_field_and_the_expectation(string file, string field, string message)
    {
        var path = FixtureFiles.Path(file);

        var ex = Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(path));

        ex.File.ShouldBe(path);
        ex.Field.ShouldBe(field);
        ex.Message.ShouldStartWith(path + ": ");
        ex.Message.ShouldContain(message);
    }

    [Fact]
    public void Fixtures_stay_small()
    {
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(FixtureFiles.Path("x"))!))
        {
            new FileInfo(file).Length.ShouldBeLessThanOrEqualTo(50 * 1024, file);
        }
    }

    internal static void AssertQuantum(Trajectory q, int[] shape, double length, int nt, double tolerance)
    {
        q.Count.ShouldBe(nt);
        for (var m = 0; m < nt; m++)
        {
            var t = FixtureFiles.Time(m);
            q.Times[m].ShouldBe(t, Float32);
            var psi = q.Psi(m);
            for (var j = 0; j < q.Grid.Count; j++)
            {
                var x = FixtureFiles.Point(shape, length, j);
                var expected = FixtureFiles.Psi(x, t, length);
                psi[j].Real.ShouldBe(expected.Real, tolerance);
                psi[j].Imaginary.ShouldBe(expected.Imaginary, tolerance);
                if (q.HasPotential)
                {
                    q.Potential(m)[j].ShouldBe(FixtureFiles.Potential(x, t, length), tolerance);
                }
            }
        }
    }
}
