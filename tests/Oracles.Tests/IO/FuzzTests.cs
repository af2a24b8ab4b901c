using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Oracles.Core.Grids;
using Oracles.IO;
using Xunit.Abstractions;

namespace Oracles.Tests.IO;

/// <summary>
/// Thousands of truncated, bit-flipped and structurally wrong HDF5 and .npz files: every one must end in a
/// <see cref="TrajectoryFormatException"/> or a valid result — never another exception, a hang or a runaway
/// allocation. Cases are seeded (case k uses Random(k)), so a failure names a reproducible case.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    // Normal run: 1000 cases per format (~2000 in all, ~10 s); Category=Slow: 10000 more per format (~1–3 min).
    private const int Cases = 1000;
    private const int SlowCases = 10000;

    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Mutated_npz_files_end_in_a_typed_error_or_a_valid_result() => Run(NpzSeeds(), Cases, MutateNpz, npz: true);

    [Fact]
    public void Mutated_HDF5_files_end_in_a_typed_error_or_a_valid_result() => Run(Hdf5Seeds(), Cases, MutateBytes, npz: false);

    [Fact]
    [Trait("Category", "Slow")]
    public void Many_mutated_npz_files_end_in_a_typed_error_or_a_valid_result() => Run(NpzSeeds(), SlowCases, MutateNpz, npz: true, firstCase: Cases);

    [Fact]
    [Trait("Category", "Slow")]
    public void Many_mutated_HDF5_files_end_in_a_typed_error_or_a_valid_result() => Run(Hdf5Seeds(), SlowCases, MutateBytes, npz: false, firstCase: Cases);

    private void Run(List<(string Name, byte[] Bytes)> seeds, int cases, Func<Random, byte[], byte[]> mutate, bool npz, int firstCase = 0)
    {
        var failures = new List<string>();
        int valid = 0, refused = 0;
        long maxAllocated = 0, maxTicks = 0;
        string slowest = string.Empty, hungriest = string.Empty;
        var total = Stopwatch.StartNew();
        var path = temp.File(npz ? "case.npz" : "case.h5");
        for (var k = firstCase; k < firstCase + cases; k++)
        {
            var rng = new Random(k);
            var (seedName, seed) = seeds[rng.Next(seeds.Count)];
            var bytes = mutate(rng, seed);
            File.WriteAllBytes(path, bytes);
            var label = $"case {k} ({seedName}, {bytes.Length} bytes)";

            var before = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();
            try
            {
                var bundle = TrajectoryFile.Read(path);
                (bundle.Quantum ?? bundle.Fluid).ShouldNotBeNull();
                valid++;
            }
            catch (TrajectoryFormatException ex)
            {
                refused++;
                if (string.IsNullOrWhiteSpace(ex.Expectation) || ex.File != path)
                {
                    failures.Add($"{label}: typed error without a proper message: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}");
            }

            clock.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (allocated > maxAllocated)
            {
                (maxAllocated, hungriest) = (allocated, label);
            }

            if (clock.ElapsedTicks > maxTicks)
            {
                (maxTicks, slowest) = (clock.ElapsedTicks, label);
            }

            // A bounded reader allocates in proportion to the file: its own data (≤ 1032× for deflated entries) plus
            // decoder overhead. 64 MiB is far above the ~100 KiB that reading these few-KiB files really takes.
            var budget = (1032L * bytes.Length) + (64L << 20);
            if (allocated > budget)
            {
                failures.Add($"{label}: allocated {allocated} bytes (budget {budget}).");
            }
        }

        var seconds = maxTicks / (double)Stopwatch.Frequency;
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{cases} cases in {total.Elapsed.TotalSeconds:F1} s: {valid} valid, {refused} refused; slowest {seconds * 1e3:F0} ms ({slowest}); most allocated {maxAllocated / 1e6:F1} MB ({hungriest})."));
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures.Take(20)));

        // No single case may stall: 5 s is ~1000× the typical case, far above scheduler noise on a shared runner.
        seconds.ShouldBeLessThan(5, slowest);
    }

    private List<(string, byte[])> Hdf5Seeds()
    {
        var seeds = new List<(string, byte[])>();
        foreach (var name in new[] { "h5py_native_complex_1d.h5", "h5py_pair_chunked_gzip_2d.h5", "h5py_bigendian_complex64_1d.h5", "h5py_quantum_with_fluid_group_1d.h5", "h5py_fluid_only_3d.h5" })
        {
            seeds.Add((name, File.ReadAllBytes(FixtureFiles.Path(name))));
        }

        var grid = new PeriodicGrid([6, 4], 1.0);
        var written = temp.File("seed.h5");
        TrajectoryFile.Write(written, RoundTripTests.Quantum(grid, 2), RoundTripTests.Fluid(grid, 2));
        seeds.Add(("Oracles-written .h5", File.ReadAllBytes(written)));
        return seeds;
    }

    private List<(string, byte[])> NpzSeeds()
    {
        var seeds = new List<(string, byte[])>();
        foreach (var name in new[] { "numpy_savez_1d.npz", "numpy_compressed_fortran_bigendian_2d.npz", "numpy_complex64_with_fluid_1d.npz" })
        {
            seeds.Add((name, File.ReadAllBytes(FixtureFiles.Path(name))));
        }

        var grid = new PeriodicGrid([6, 4], 1.0);
        var written = temp.File("seed.npz");
        TrajectoryFile.Write(written, RoundTripTests.Quantum(grid, 2), RoundTripTests.Fluid(grid, 2));
        seeds.Add(("Oracles-written .npz", File.ReadAllBytes(written)));
        return seeds;
    }

    /// <summary>Byte-level damage: truncation, bit flips, random bytes, boundary integers, block copies and wipes.</summary>
    private static byte[] MutateBytes(Random rng, byte[] seed)
    {
        var b = (byte[])seed.Clone();
        switch (rng.Next(7))
        {
            case 0:
                return b[..rng.Next(b.Length)];
            case 1:
                for (var i = rng.Next(1, 9); i > 0; i--)
                {
                    b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
                }

                return b;
            case 2:
                for (var i = rng.Next(1, 5); i > 0; i--)
                {
                    b[rng.Next(b.Length)] = (byte)rng.Next(256);
                }

                return b;
            case 3:
                {
                    // Lengths and addresses: 2-, 4- or 8-byte boundary values at an aligned offset.
                    var width = 2 << rng.Next(3);
                    var at = rng.Next(b.Length / width) * width;
                    ulong[] values = [0, ulong.MaxValue, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 1UL << 40, (ulong)b.Length, (ulong)b.Length + 1];
                    var v = values[rng.Next(values.Length)];
                    for (var i = 0; i < width && at + i < b.Length; i++)
                    {
                        b[at + i] = unchecked((byte)(v >> (8 * i)));
                    }

                    return b;
                }

            case 4:
                {
                    // Copy a block elsewhere: structures that point at the wrong thing, or at themselves.
                    var length = rng.Next(8, 256);
                    var from = rng.Next(Math.Max(1, b.Length - length));
                    var to = rng.Next(Math.Max(1, b.Length - length));
                    Array.Copy(b, from, b, to, Math.Min(length, b.Length - Math.Max(from, to)));
                    return b;
                }

            case 5:
                {
                    var length = rng.Next(1, 64);
                    var at = rng.Next(b.Length);
                    b.AsSpan(at, Math.Min(length, b.Length - at)).Fill(rng.Next(2) == 0 ? (byte)0 : (byte)0xFF);
                    return b;
                }

            default:
                {
                    // Grow: trailing garbage, or a duplicated tail.
                    var extra = new byte[rng.Next(1, 512)];
                    rng.NextBytes(extra);
                    return [.. b, .. extra];
                }
        }
    }

    /// <summary>.npz damage: byte-level damage to the archive, or a structurally wrong .npy entry inside a valid zip.</summary>
    private static byte[] MutateNpz(Random rng, byte[] seed)
    {
        if (rng.Next(2) == 0)
        {
            return MutateBytes(rng, seed);
        }

        using var source = new ZipArchive(new MemoryStream(seed));
        var entries = source.Entries.Select(e =>
        {
            using var s = e.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            return (e.FullName, Bytes: m.ToArray());
        }).ToList();
        var victim = rng.Next(entries.Count);
        var (name, bytes) = entries[victim];
        switch (rng.Next(6))
        {
            case 0:
                entries[victim] = (name, MutateBytes(rng, bytes));
                break;
            case 1:
                entries[victim] = (name, Reheader(rng, bytes));
                break;
            case 2:
                entries.RemoveAt(victim);
                break;
            case 3:
                entries.Add((name, bytes));
                break;
            case 4:
                entries[victim] = (name, entries[rng.Next(entries.Count)].Bytes);
                break;
            default:
                entries[victim] = (name, bytes[..rng.Next(bytes.Length)]);
                break;
        }

        var compressed = rng.Next(2) == 0;
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (n, data) in entries)
            {
                using var s = zip.CreateEntry(n, compressed ? CompressionLevel.Fastest : CompressionLevel.NoCompression).Open();
                s.Write(data);
            }
        }

        return memory.ToArray();
    }

    /// <summary>Rewrites a .npy header with a plausible but wrong dict: absurd shapes, other dtypes, flipped order.</summary>
    private static byte[] Reheader(Random rng, byte[] npy)
    {
        if (npy.Length < 10)
        {
            return npy;
        }

        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(npy.AsSpan(8));
        var data = npy.AsSpan(Math.Min(npy.Length, 10 + headerLength)).ToArray();
        string[] descrs = ["<f8", ">f8", "<f4", "<c16", ">c8", "<i8", "|u1", "<U3", "|S5", "|O", "<f2", "<c32", "|b1", "<V16", "=f8", "f8", "<f0", "<f99999999999"];
        string[] shapes = ["()", "(0,)", "(1,)", "(3,)", "(2, 16)", "(3, 16)", "(16, 3)", "(4, 8, 6)", "(4294967296,)", "(9223372036854775807,)", "(3037000500, 3037000500)", "(2, 0, 5)", "(1, 1, 1, 1, 1, 1)", "(-1,)", "(3 16)", "[3, 16]"];
        var dict = $"{{'descr': '{descrs[rng.Next(descrs.Length)]}', 'fortran_order': {(rng.Next(2) == 0 ? "True" : "False")}, 'shape': {shapes[rng.Next(shapes.Length)]}, }}";
        var pad = (64 - ((10 + dict.Length + 1) % 64)) % 64;
        var header = Encoding.ASCII.GetBytes(dict + new string(' ', pad) + "\n");
        var result = new byte[10 + header.Length + data.Length];
        npy.AsSpan(0, 8).CopyTo(result);
        BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(8), (ushort)header.Length);
        header.CopyTo(result, 10);
        data.CopyTo(result, 10 + header.Length);
        return result;
    }
}
