using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using System.Xml.Linq;
using Oracles.Catalog.Model;
using Oracles.Cli;
using Oracles.Core;
using Oracles.IO;

namespace Oracles.Tests.Cli;

/// <summary>
/// <c>oracles check</c> end to end: every exit code (0 pass, 1 fail, 2 inconclusive, 3 invalid input, 4 internal
/// error), and the reports (JSON byte-identical across runs, JUnit well-formed with one testcase per oracle, Markdown
/// with the table, PNG plots).
/// </summary>
public sealed class CheckCommandTests(CliFixture files) : IClassFixture<CliFixture>
{
    [Fact]
    public void Solve_then_check_of_a_smooth_finely_sampled_run_exits_0()
    {
        var (code, output, error) = Cli.Run("check", files.Run);
        code.ShouldBe(ExitCodes.Success, $"{output}\n{error}");
        output.ShouldContain("PASS");
        output.ShouldContain("observed");
        error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Check_with_refinements_coarse_to_fine_exits_0()
    {
        var (code, output, error) = Cli.Run("check", files.Run, "--refine", files.Half, files.Quarter, "--quiet");
        code.ShouldBe(ExitCodes.Success, $"{output}\n{error}");
        output.Trim().Split('\n').ShouldHaveSingleItem().ShouldStartWith("PASS"); // --quiet: the verdict line only
        error.ShouldBeEmpty();
    }

    [Fact]
    public void An_input_no_oracle_applies_to_is_inconclusive_not_a_pass()
    {
        // A fluid-only file: every registered oracle judges a quantum trajectory (alone or with its fluid), so nothing
        // applies. No verdict is not a pass: exit 2, and the line says why.
        var path = files.Path("fluid-alone.h5");
        TrajectoryFile.Write(path, files.Bundle.Fluid!);
        var applicable = OracleRegistry.All.Where(o => o.Erratum is null && o.Systems.Contains(SystemIds.IsothermalEuler)).ToArray();
        if (applicable.Length > 0)
        {
            // The catalogue gained fluid-only oracles: the premise of this test is gone, use --oracle to pick a quantum one.
            var quantumOnly = OracleRegistry.All.First(o => o.Erratum is null && !o.Systems.Contains(SystemIds.IsothermalEuler));
            Cli.Run("check", path, "--oracle", quantumOnly.Id).Code.ShouldBe(ExitCodes.Inconclusive);
            return;
        }

        var (code, output, _) = Cli.Run("check", path);
        code.ShouldBe(ExitCodes.Inconclusive);
        output.ShouldContain("no oracle applies to this input");
    }

    [Fact]
    public void A_trajectory_whose_psi_is_perturbed_mid_run_fails_with_exit_1()
    {
        // From the middle frame on, ψ is scaled by 1.001 and given a phase 0.1·cos 2πx: the mass jumps by 2e-3 (relative)
        // and the kinetic energy by O(0.1²·ħ²·(2π)²/2) ≈ 2e-3 — both far outside any round-off or O(Δt²) budget, and V no
        // longer solves the Poisson–Boltzmann equation for |ψ|².
        var q = files.Bundle.Quantum!;
        var grid = q.Grid;
        var broken = CliFixture.WithPsi(q, (n, psi) =>
        {
            if (n < q.Count / 2)
            {
                return psi;
            }

            for (var j = 0; j < psi.Length; j++)
            {
                psi[j] *= 1.001 * Complex.FromPolarCoordinates(1, 0.1 * Math.Cos(2 * Math.PI * grid.Coordinate(0, j)));
            }

            return psi;
        });
        var path = files.Path("perturbed.h5");
        TrajectoryFile.Write(path, broken, files.Bundle.Fluid);

        var (code, output, error) = Cli.Run("check", path);
        code.ShouldBe(ExitCodes.Failed, $"{output}\n{error}");
        output.ShouldContain("FAIL");
    }

    [Fact]
    public void A_two_frame_trajectory_is_inconclusive_exit_2_and_strict_turns_it_into_1()
    {
        var path = files.Path("two-frames.h5");
        var (solved, _, solveError) = Cli.Run("solve", "--n", "64", "--steps", "1", "-o", path, "--quiet");
        solved.ShouldBe(ExitCodes.Success, solveError);
        TrajectoryFile.Read(path).Quantum!.Count.ShouldBe(2);

        var (code, output, error) = Cli.Run("check", path);
        code.ShouldBe(ExitCodes.Inconclusive, $"{output}\n{error}");
        output.ShouldContain("INCONCLUSIVE");

        var (strict, _, _) = Cli.Run("check", path, "--strict", "--quiet");
        strict.ShouldBe(ExitCodes.Failed);
    }

    [Fact]
    public void A_missing_file_is_invalid_input_naming_the_file()
    {
        var path = files.Path("no-such-file.h5");
        var (code, output, error) = Cli.Run("check", path);
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldContain(path);
        error.ShouldNotContain("   at ");
        output.ShouldBeEmpty();
    }

    [Fact]
    public void A_corrupt_file_is_invalid_input_naming_the_file()
    {
        var path = files.Path("corrupt.h5");
        var bytes = File.ReadAllBytes(files.Run);
        File.WriteAllBytes(path, bytes.AsSpan(0, bytes.Length / 3).ToArray()); // truncated: the signature is intact, the data are not
        var (code, _, error) = Cli.Run("check", path);
        code.ShouldBe(ExitCodes.InvalidInput, error);
        error.ShouldContain(path);
        error.ShouldNotContain("   at ");
    }

    [Fact]
    public void A_file_with_a_missing_field_is_invalid_input_naming_the_field()
    {
        var path = files.Path("no-times.npz");
        TrajectoryFile.Write(path, files.Bundle.Quantum!);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("t.npy")!.Delete();
        }

        var (code, _, error) = Cli.Run("check", path);
        code.ShouldBe(ExitCodes.InvalidInput, error);
        error.ShouldContain(path);
        error.ShouldContain("`t`");
    }

    [Fact]
    public void A_fluid_file_on_another_grid_than_the_quantum_file_is_invalid_input()
    {
        var quantum = files.Path("quantum-only.h5");
        var fluid = files.Path("fluid-32.h5");
        TrajectoryFile.Write(quantum, files.Bundle.Quantum!);
        var (solved, _, solveError) = Cli.Run("solve", "isothermal-euler", "--n", "32", "-o", fluid, "--quiet");
        solved.ShouldBe(ExitCodes.Success, solveError);

        var (code, _, error) = Cli.Run("check", quantum, "--fluid", fluid);
        code.ShouldBe(ExitCodes.InvalidInput, error);
        error.ShouldContain(fluid);
        error.ShouldContain("`rho`");
        error.ShouldContain("grid");
    }

    [Fact]
    public void A_separate_fluid_file_on_the_same_grid_and_times_is_judged_with_the_quantum_one()
    {
        var quantum = files.Path("quantum-part.h5");
        var fluid = files.Path("fluid-part.h5");
        TrajectoryFile.Write(quantum, files.Bundle.Quantum!);
        TrajectoryFile.Write(fluid, files.Bundle.Fluid!);
        var json = files.Path("pair.json");

        var (code, output, error) = Cli.Run("check", quantum, "--fluid", fluid, "--json", json, "--quiet");
        code.ShouldBe(ExitCodes.Success, $"{output}\n{error}");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var roles = doc.RootElement.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("role").GetString()).ToArray();
        roles.ShouldBe(["main", "fluid"]);
    }

    [Fact]
    public void A_refinement_of_another_problem_is_invalid_input_naming_the_field()
    {
        var other = files.Path("other-hbar.h5");
        var (solved, _, solveError) = Cli.Run("solve", "--n", "64", "--hbar", "0.2", "--dt", "1e-4", "--steps", "2000", "--sample-every", "20", "-o", other, "--quiet");
        solved.ShouldBe(ExitCodes.Success, solveError);

        var (code, _, error) = Cli.Run("check", files.Run, "--refine", other);
        code.ShouldBe(ExitCodes.InvalidInput, error);
        error.ShouldContain(other);
        error.ShouldContain("`hbar`");
    }

    [Fact]
    public void Refinements_in_the_wrong_order_are_invalid_input()
    {
        var (code, _, error) = Cli.Run("check", files.Half, "--refine", files.Run);
        code.ShouldBe(ExitCodes.InvalidInput, error);
        error.ShouldContain("coarse → fine");
    }

    [Fact]
    public void An_unknown_oracle_id_is_invalid_input_before_any_file_is_read()
    {
        var (code, output, error) = Cli.Run("check", files.Path("not-even-read.h5"), "--oracle", "BCY.no-such-oracle");
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldContain("no oracle has id 'BCY.no-such-oracle'");
        output.ShouldBeEmpty();
    }

    [Fact]
    public void Check_without_a_file_is_a_usage_error()
    {
        var (code, _, error) = Cli.Run("check");
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldContain("oracles --help");
    }

    [Fact]
    public void An_oracle_that_throws_is_an_internal_error_exit_4_naming_it_while_the_others_are_still_reported()
    {
        var catalogue = OracleRegistry.All.Append(new ThrowingOracle()).ToArray();
        var junit = files.Path("throwing.xml");
        var (code, output, error) = Cli.Run(catalogue, "check", files.Run, "--junit", junit);
        code.ShouldBe(ExitCodes.InternalError, $"{output}\n{error}");
        error.ShouldContain(ThrowingOracle.OracleId);
        error.ShouldContain("bug in Oracles");
        error.ShouldNotContain("   at ");
        var doc = XDocument.Load(junit);
        doc.Descendants("testcase").Count().ShouldBe(catalogue.Length);
        doc.Descendants("error").Single().Parent!.Attribute("name")!.Value.ShouldBe(ThrowingOracle.OracleId);
    }

    [Fact]
    public void The_json_report_is_byte_identical_on_repeated_runs_and_ordered_by_id()
    {
        var first = files.Path("first.json");
        var second = files.Path("second.json");
        Cli.Run("check", files.Run, "--refine", files.Half, "--json", first, "--quiet").Code.ShouldBe(ExitCodes.Success);
        Cli.Run("check", files.Run, "--refine", files.Half, "--json", second, "--quiet").Code.ShouldBe(ExitCodes.Success);

        var a = File.ReadAllBytes(first);
        a.ShouldBe(File.ReadAllBytes(second));
        using var doc = JsonDocument.Parse(a);
        var root = doc.RootElement;
        root.GetProperty("schema").GetString().ShouldBe("oracles-check-report");
        root.GetProperty("exit_code").GetInt32().ShouldBe(ExitCodes.Success);
        var ids = root.GetProperty("oracles").EnumerateArray().Select(o => o.GetProperty("id").GetString()!).ToArray();
        ids.ShouldBe(ids.Order(StringComparer.Ordinal).ToArray());
        ids.Length.ShouldBe(OracleRegistry.All.Count);
        var counts = root.GetProperty("counts").EnumerateObject().Sum(c => c.Value.GetInt32());
        counts.ShouldBe(ids.Length);
        var main = root.GetProperty("inputs")[0];
        main.GetProperty("declarations").EnumerateArray().Select(d => d.GetString()).ShouldBe(["BCY.L4.1.data"]); // written by solve spb
        main.GetProperty("quantum").GetProperty("shape")[0].GetInt32().ShouldBe(CliFixture.N);
    }

    [Fact]
    public void Literal_erratum_oracles_are_skipped_with_the_reason_unless_named()
    {
        var literal = OracleRegistry.All.First(o => o.Erratum is not null);
        var json = files.Path("errata.json");
        Cli.Run("check", files.Run, "--json", json, "--quiet");
        StatusOf(json, literal.Id).ShouldBe("skipped");

        var named = files.Path("errata-named.json");
        Cli.Run("check", files.Run, "--oracle", literal.Id, "--json", named, "--quiet");
        StatusOf(named, literal.Id).ShouldNotBe("skipped");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(named));
        doc.RootElement.GetProperty("oracles").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public void The_junit_report_is_well_formed_with_one_testcase_per_oracle()
    {
        var path = files.Path("report.xml");
        var (code, _, _) = Cli.Run("check", files.Run, "--junit", path, "--quiet");
        code.ShouldBe(ExitCodes.Success);

        var doc = XDocument.Load(path); // throws on malformed XML
        var cases = doc.Descendants("testcase").ToArray();
        cases.Length.ShouldBe(OracleRegistry.All.Count);
        cases.Select(c => c.Attribute("name")!.Value).ShouldBe(OracleRegistry.All.Select(o => o.Id).Order(StringComparer.Ordinal));
        var suite = doc.Root!.Element("testsuite")!;
        int.Parse(suite.Attribute("tests")!.Value, System.Globalization.CultureInfo.InvariantCulture).ShouldBe(cases.Length);
        cases.Count(c => c.Element("failure") is not null).ShouldBe(0);
        cases.Count(c => c.Element("skipped") is not null)
            .ShouldBe(int.Parse(suite.Attribute("skipped")!.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_markdown_report_has_the_table_of_applicable_oracles()
    {
        var path = files.Path("report.md");
        var json = files.Path("report-md.json");
        Cli.Run("check", files.Run, "--markdown", path, "--json", json, "--quiet").Code.ShouldBe(ExitCodes.Success);

        var text = File.ReadAllText(path);
        text.ShouldContain("| | oracle | kind | status | observed | bound | margin | budget |");
        text.ShouldContain("✅ pass");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        foreach (var o in doc.RootElement.GetProperty("oracles").EnumerateArray().Where(o => o.GetProperty("status").GetString() == "pass"))
        {
            text.ShouldContain($"| ✅ | `{o.GetProperty("id").GetString()}` |");
        }
    }

    [Fact]
    public void Plots_are_written_as_non_empty_png_files()
    {
        var dir = files.Path("plots");
        var (code, output, _) = Cli.Run("check", files.Run, "--refine", files.Half, files.Quarter, "--plots", dir);
        code.ShouldBe(ExitCodes.Success);
        foreach (var name in new[] { "drift.png", "modulated-energy.png", "observed-order.png" })
        {
            var path = Path.Combine(dir, name);
            output.ShouldContain(path);
            var bytes = File.ReadAllBytes(path);
            bytes.Length.ShouldBeGreaterThan(10_000); // a 900-pixel-wide figure with axes, lines and a legend
            bytes.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A });
        }
    }

    [Fact]
    public void Plots_of_a_file_without_V_solve_for_the_potential_themselves()
    {
        var q = files.Bundle.Quantum!;
        var noPotential = new Trajectory(
            q.System, q.Grid, q.Times.ToArray(), q.Parameters,
            psi: Enumerable.Range(0, q.Count).Select(n => q.Psi(n).ToArray()).ToArray(),
            provenance: q.Provenance);
        var path = files.Path("no-potential.h5");
        TrajectoryFile.Write(path, noPotential, files.Bundle.Fluid);
        var dir = files.Path("plots-no-v");

        var (code, output, error) = Cli.Run("check", path, "--plots", dir);
        code.ShouldNotBe(ExitCodes.InternalError, $"{output}\n{error}");
        code.ShouldNotBe(ExitCodes.InvalidInput, $"{output}\n{error}");
        new FileInfo(Path.Combine(dir, "drift.png")).Length.ShouldBeGreaterThan(10_000);
        new FileInfo(Path.Combine(dir, "modulated-energy.png")).Length.ShouldBeGreaterThan(10_000);
    }

    private static string StatusOf(string json, string id)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        return doc.RootElement.GetProperty("oracles").EnumerateArray()
            .Single(o => o.GetProperty("id").GetString() == id).GetProperty("status").GetString()!;
    }

    /// <summary>An oracle with a bug: it throws on any input.</summary>
    private sealed class ThrowingOracle : IOracle
    {
        public const string OracleId = "TEST.throwing-oracle";

        public string Id => OracleId;

        public string Title => "Throws on purpose (exit code 4 test).";

        public OracleKind Kind => OracleKind.Identity;

        public string Statement => "0 = 0";

        public string Citation => "none";

        public string Requirements => "nothing";

        public string TolerancePolicy => "none";

        public Erratum? Erratum => null;

        public OracleResult Evaluate(OracleContext context) => throw new InvalidOperationException("deliberate failure");
    }
}
