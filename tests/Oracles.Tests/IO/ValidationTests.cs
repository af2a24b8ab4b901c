using System.Buffers.Binary;
using System.Numerics;
using Oracles.IO;

namespace Oracles.Tests.IO;

/// <summary>
/// Every schema rule, broken one at a time in an otherwise valid .npz (built byte by byte by <see cref="NpzBuilder"/>):
/// the reader refuses it with a message naming the field and the expectation.
/// </summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, string, string> Cases() => new()
    {
        // case, field, message fragment
        { "psi NaN", "psi", "`psi` is not finite at t=0.1, x=0.1875: (NaN, " },
        { "t infinite", "t", "`t[1]` is Infinity; sample times must be finite" },
        { "psi unnormalised", "psi", "`psi` is not normalised at t=0: ∫|ψ|² dx = 1.020" },
        { "t not increasing", "t", "`t` is not strictly increasing: `t[2]` = 0.1 follows `t[1]` = 0.1" },
        { "system unknown", "system", "`system` is 'schrodinger'; expected one of spb, sp, isothermal-euler" },
        { "system not a string", "system", "`system` must be a string; got int64 2" },
        { "version 2", "oracles_version", "`oracles_version` is 2; this reader supports version 1 only" },
        { "format missing", "oracles_format", "`oracles_format` is missing; expected the string \"trajectory\"" },
        { "format wrong", "oracles_format", "`oracles_format` is 'trajectories'; expected \"trajectory\"" },
        { "box_length negative", "box_length", "`box_length` is -1; expected a positive, finite box length" },
        { "dim 4", "dim", "`dim` is 4; expected 1, 2 or 3" },
        { "dim 2.5", "dim", "`dim` must be an integer; got float64 2.5" },
        { "dim disagrees with psi", "psi", "`psi` has shape [3, 16] (rank 2) but `dim` is 2; expected [nt, n₁, n₂]" },
        { "psi frames", "psi", "`psi` has shape [4, 16] but `t` has 3 entries" },
        { "psi integer", "psi", "`psi` has type int64; expected complex" },
        { "psi extent 1", "psi", "every grid extent must be at least 2" },
        { "V shape", "V", "`V` has shape [3, 8]; expected [3, 16] (the grid comes from `psi` [3, 16])" },
        { "V complex", "V", "`V` has type complex128; expected float64" },
        { "psi and psi_re", "psi_re", "both `psi` and `psi_re` are present" },
        { "psi_re alone", "psi_im", "`psi_re` is present but `psi_im` is missing" },
        { "no field", "psi", "`psi` is missing: a quantum trajectory needs `psi`" },
        { "rho next to psi", "rho", "`rho` sits next to ψ" },
        { "hbar missing", "hbar", "`hbar` is missing" },
        { "epsilon negative", "epsilon", "`epsilon` is -0.5; expected a non-negative, finite number" },
        { "t missing", "t", "`t` is missing" },
        { "t 2-D", "t", "`t` has shape [3, 1]; expected a 1-D array [nt]" },
        { "t empty", "t", "`t` has 0 entries; expected at least 1 sample time" },
        { "attribute array", "box_length", "`box_length` has shape [2]; an attribute is a 0-d array" },
        { "structured dtype", "psi", "structured dtype" },
        { "object dtype", "system", "`system` must be a string; got object (pickled Python objects)" },
        { "native byte order", "psi", "dtype '=c16' (a native byte order '=' does not say which one)" },
        { "malformed header", "psi", "`psi` is not a valid .npy array: it has a malformed header" },
        { "unknown header key", "psi", "unexpected or repeated header key 'order'" },
        { "header too long", "psi", "declares a header of" },
        { "truncated data", "psi", "`psi` has shape [3, 16] of '<c16' (768 bytes) but its entry holds 760 bytes of data" },
        { "bad magic", "psi", "does not start with the .npy magic" },
        { "version 9 npy", "psi", "has .npy format version 9.0" },
        { "fluid group with psi", "fluid/psi", "the group `fluid` must hold a fluid trajectory" },
        { "fluid rho zero", "fluid/rho", "`fluid/rho` is zero at t=0.1, x=0.25; system 'isothermal-euler' takes log ρ" },
        { "fluid rho negative", "fluid/rho", "`fluid/rho` is negative at t=0, x=0: -2" },
        { "fluid u shape", "fluid/u", "`fluid/u` has shape [3, 16]; expected [3, 1, 16]" },
        { "fluid u NaN", "fluid/u", "`fluid/u` is not finite at t=0.2, component 0, x=0.5: NaN" },
        { "scheme_order 0", "scheme_order", "`scheme_order` is 0; expected a positive integer order" },
        { "fluid group next to fluid root", "fluid", "the group is only allowed next to a quantum root" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_broken_rule_is_refused_naming_the_field_and_the_expectation(string name, string field, string message)
    {
        var path = Build(name).WriteTo(temp.File("case.npz"));

        var ex = Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(path));

        ex.Field.ShouldBe(field);
        ex.File.ShouldBe(path);
        ex.Message.ShouldContain(message, Case.Sensitive);
    }

    [Fact]
    public void The_unbroken_base_files_are_valid()
    {
        TrajectoryFile.Read(NpzBuilder.Quantum().WriteTo(temp.File("q.npz"))).Quantum.ShouldNotBeNull();
        TrajectoryFile.Read(NpzBuilder.Fluid().WriteTo(temp.File("f.npz"))).Fluid.ShouldNotBeNull();
    }

    [Fact]
    public void A_real_psi_with_a_trailing_axis_of_two_equals_the_complex_one()
    {
        var complex = TrajectoryFile.Read(NpzBuilder.Quantum().WriteTo(temp.File("c.npz"))).Quantum!;
        var pairs = new double[3 * 16 * 2];
        for (var m = 0; m < 3; m++)
        {
            for (var j = 0; j < 16; j++)
            {
                pairs[(2 * ((m * 16) + j)) + 0] = complex.Psi(m)[j].Real;
                pairs[(2 * ((m * 16) + j)) + 1] = complex.Psi(m)[j].Imaginary;
            }
        }

        var real = TrajectoryFile.Read(NpzBuilder.Quantum().Doubles("psi", [3, 16, 2], pairs).WriteTo(temp.File("r.npz"))).Quantum!;

        for (var m = 0; m < 3; m++)
        {
            real.Psi(m).ToArray().ShouldBe(complex.Psi(m).ToArray());
        }
    }

    [Fact]
    public void Psi_as_a_pair_of_real_arrays_equals_the_complex_one()
    {
        var complex = TrajectoryFile.Read(NpzBuilder.Quantum().WriteTo(temp.File("c.npz"))).Quantum!;
        var frames = Enumerable.Range(0, 3).SelectMany(m => complex.Psi(m).ToArray()).ToArray();
        var pair = NpzBuilder.Quantum().Remove("psi")
            .Doubles("psi_re", [3, 16], frames.Select(z => z.Real).ToArray())
            .Doubles("psi_im", [3, 16], frames.Select(z => z.Imaginary).ToArray());

        var read = TrajectoryFile.Read(pair.WriteTo(temp.File("p.npz"))).Quantum!;

        for (var m = 0; m < 3; m++)
        {
            read.Psi(m).ToArray().ShouldBe(complex.Psi(m).ToArray());
        }
    }

    [Fact]
    public void Deflated_entries_read_like_stored_ones()
    {
        var stored = TrajectoryFile.Read(NpzBuilder.Quantum().WriteTo(temp.File("s.npz"))).Quantum!;
        var deflated = new NpzBuilder { Compressed = true };
        foreach (var name in new[] { "oracles_format", "oracles_version", "system", "dim", "box_length", "hbar", "epsilon", "t", "psi" })
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(temp.File("s.npz"));
            using var s = zip.GetEntry(name + ".npy")!.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            deflated.Entry(name + ".npy", m.ToArray());
        }

        var read = TrajectoryFile.Read(deflated.WriteTo(temp.File("d.npz"))).Quantum!;

        read.Psi(2).ToArray().ShouldBe(stored.Psi(2).ToArray());
    }

    [Theory]
    [InlineData("{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3,)}")]
    [InlineData("{'shape': (3,), 'descr': '<f8', 'fortran_order': False}")]
    [InlineData("{'descr':'<f8','fortran_order':False,'shape':(3L,),}")]
    public void Header_dicts_in_any_key_order_quote_style_and_spacing_are_accepted(string dict)
    {
        var times = new byte[24];
        BinaryPrimitives.WriteDoubleLittleEndian(times.AsSpan(8), 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(times.AsSpan(16), 0.2);
        var path = NpzBuilder.Quantum().Header("t", dict, times).WriteTo(temp.File("h.npz"));

        TrajectoryFile.Read(path).Quantum!.Times.ToArray().ShouldBe([0, 0.1, 0.2]);
    }

    [Fact]
    public void Declarations_written_by_users_may_be_separated_by_spaces_or_commas()
    {
        var path = NpzBuilder.Quantum().Text("declarations", "BCY.L4.1.data, A.b  A.b,C.d").WriteTo(temp.File("d.npz"));

        TrajectoryFile.Read(path).Declarations.ShouldBe(["BCY.L4.1.data", "A.b", "C.d"]);
    }

    [Fact]
    public void A_duplicate_key_is_refused()
    {
        // ZipArchive writes both entries; np.load would silently keep one of them.
        using var memory = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var source = new System.IO.Compression.ZipArchive(new MemoryStream(NpzBuilder.Quantum().ToBytes()));
            foreach (var e in source.Entries.Concat(source.Entries.Where(e => e.Name == "psi.npy")))
            {
                using var from = e.Open();
                using var to = zip.CreateEntry(e.FullName).Open();
                from.CopyTo(to);
            }
        }

        var path = temp.File("dup.npz");
        File.WriteAllBytes(path, memory.ToArray());

        Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(path)).Message.ShouldContain("holds `psi.npy` twice");
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("t,psi\n0,1\n", "is neither HDF5 (signature 89 48 44 46 0d 0a 1a 0a) nor a NumPy .npz archive (zip, 50 4b 03 04); it starts with 74 2c 70 73 69 0a 30 2c")]
    [InlineData("PK\u0003\u0004garbage", "is not a readable zip (.npz) archive")]
    public void Files_that_are_neither_HDF5_nor_zip_are_refused(string content, string message)
    {
        var path = temp.File("x.h5");
        File.WriteAllText(path, content);

        var ex = Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(path));

        ex.Field.ShouldBeNull();
        ex.Message.ShouldBe($"{path}: {ex.Expectation}");
        ex.Message.ShouldContain(message);
    }

    [Fact]
    public void A_missing_file_is_an_input_error_naming_the_file()
    {
        var path = temp.File("nowhere.h5");

        var ex = Should.Throw<TrajectoryFormatException>(() => TrajectoryFile.Read(path));

        ex.Message.ShouldStartWith($"{path}: cannot be opened");
        ex.InnerException.ShouldBeOfType<FileNotFoundException>();
    }

    private static NpzBuilder Build(string name)
    {
        var q = NpzBuilder.Quantum();
        var psi = Enumerable.Range(0, 3).SelectMany(m => Enumerable.Range(0, 16).Select(j => FixtureFiles.Psi([j / 16.0], FixtureFiles.Time(m), 1.0))).ToArray();
        switch (name)
        {
            case "psi NaN":
                psi[16 + 3] = new Complex(double.NaN, psi[16 + 3].Imaginary);
                return q.Complex("psi", [3, 16], psi);
            case "t infinite":
                return q.Doubles("t", [3], [0, double.PositiveInfinity, 0.2]);
            case "psi unnormalised":
                return q.Complex("psi", [3, 16], psi.Select(z => z * 1.01).ToArray());
            case "t not increasing":
                return q.Doubles("t", [3], [0, 0.1, 0.1]);
            case "system unknown":
                return q.Text("system", "schrodinger");
            case "system not a string":
                return q.Int("system", 2);
            case "version 2":
                return q.Int("oracles_version", 2);
            case "format missing":
                return q.Remove("oracles_format");
            case "format wrong":
                return q.Text("oracles_format", "trajectories");
            case "box_length negative":
                return q.Float("box_length", -1);
            case "dim 4":
                return q.Int("dim", 4);
            case "dim 2.5":
                return q.Float("dim", 2.5);
            case "dim disagrees with psi":
                return q.Int("dim", 2);
            case "psi frames":
                return q.Complex("psi", [4, 16], [.. psi, .. psi[..16]]);
            case "psi integer":
                return q.Raw("psi", "<i8", [3, 16], new byte[8 * 48]);
            case "psi extent 1":
                return q.Doubles("t", [1], [0]).Complex("psi", [1, 1], [Complex.One]);
            case "V shape":
                return q.Doubles("V", [3, 8], new double[24]);
            case "V complex":
                return q.Complex("V", [3, 16], new Complex[48]);
            case "psi and psi_re":
                return q.Doubles("psi_re", [3, 16], new double[48]);
            case "psi_re alone":
                return q.Remove("psi").Doubles("psi_re", [3, 16], new double[48]);
            case "no field":
                return q.Remove("psi");
            case "rho next to psi":
                return q.Doubles("rho", [3, 16], Enumerable.Repeat(1.0, 48).ToArray());
            case "hbar missing":
                return q.Remove("hbar");
            case "epsilon negative":
                return q.Float("epsilon", -0.5);
            case "t missing":
                return q.Remove("t");
            case "t 2-D":
                return q.Doubles("t", [3, 1], [0, 0.1, 0.2]);
            case "t empty":
                return q.Doubles("t", [0], []);
            case "attribute array":
                return q.Doubles("box_length", [2], [1, 1]);
            case "structured dtype":
                return q.Header("psi", "{'descr': [('r', '<f8'), ('i', '<f8')], 'fortran_order': False, 'shape': (3, 16), }", new byte[768]);
            case "object dtype":
                return q.Raw("system", "|O", [], new byte[8]);
            case "native byte order":
                return q.Raw("psi", "=c16", [3, 16], new byte[768]);
            case "malformed header":
                return q.Header("psi", "{'descr': '<c16', 'fortran_order': False, 'shape': (3, 16) ", new byte[768]);
            case "unknown header key":
                return q.Header("psi", "{'descr': '<c16', 'order': 'C', 'shape': (3, 16), }", new byte[768]);
            case "header too long":
                {
                    var bytes = NpzBytes(q, "psi");
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 65535);
                    return q.Entry("psi.npy", bytes);
                }

            case "truncated data":
                return q.Entry("psi.npy", NpzBytes(q, "psi")[..^8]);
            case "bad magic":
                {
                    var bytes = NpzBytes(q, "psi");
                    bytes[1] = (byte)'n';
                    return q.Entry("psi.npy", bytes);
                }

            case "version 9 npy":
                {
                    var bytes = NpzBytes(q, "psi");
                    bytes[6] = 9;
                    return q.Entry("psi.npy", bytes);
                }

            case "fluid group with psi":
                return WithFluid(q).Complex("fluid/psi", [3, 16], psi);
            case "fluid rho zero":
                {
                    var rho = FluidRho();
                    rho[16 + 4] = 0;
                    return WithFluid(q).Doubles("fluid/rho", [3, 16], rho);
                }

            case "fluid rho negative":
                {
                    var rho = FluidRho();
                    rho[0] = -2;
                    return WithFluid(q).Doubles("fluid/rho", [3, 16], rho);
                }

            case "fluid u shape":
                return WithFluid(q).Doubles("fluid/u", [3, 16], new double[48]);
            case "fluid u NaN":
                {
                    var u = new double[48];
                    u[32 + 8] = double.NaN;
                    return WithFluid(q).Doubles("fluid/u", [3, 1, 16], u);
                }

            case "scheme_order 0":
                return q.Int("scheme_order", 0);
            case "fluid group next to fluid root":
                return NpzBuilder.Fluid().Text("fluid/system", "isothermal-euler");
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "unknown case");
        }
    }

    private static NpzBuilder WithFluid(NpzBuilder q) =>
        q.Text("fluid/system", "isothermal-euler").Int("fluid/dim", 1).Float("fluid/box_length", 1)
            .Doubles("fluid/t", [3], [0, 0.1, 0.2]).Doubles("fluid/rho", [3, 16], FluidRho());

    private static double[] FluidRho() =>
        Enumerable.Range(0, 3).SelectMany(m => Enumerable.Range(0, 16).Select(j => FixtureFiles.Density([j / 16.0], FixtureFiles.Time(m), 1.0))).ToArray();

    private static byte[] NpzBytes(NpzBuilder builder, string name)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(builder.ToBytes()));
        using var s = zip.GetEntry(name + ".npy")!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
