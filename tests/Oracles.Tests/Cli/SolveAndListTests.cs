using Oracles.Catalog.Model;
using Oracles.Cli;
using Oracles.Core;
using Oracles.IO;

namespace Oracles.Tests.Cli;

/// <summary><c>oracles solve</c> (every system, its failures and bad options) and <c>oracles list --system</c>.</summary>
public sealed class SolveAndListTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("oracles-solve-").FullName;

    [Theory]
    [InlineData("sp", "run.npz", true, false)]
    [InlineData("isothermal-euler", "run.h5", false, true)]
    [InlineData("spb", "f11.h5", true, true)]
    public void Solve_writes_a_readable_trajectory_of_the_requested_system(string system, string name, bool quantum, bool fluid)
    {
        var path = Path.Combine(folder, name);
        var initial = name.StartsWith("f11", StringComparison.Ordinal) ? "f11" : "well-prepared";
        // Short runs (T = 0.02) on n = 64: smooth for both data sets (the F11 Euler solution leaves the smooth regime near t ≈ 0.18).
        var (code, output, error) = Cli.Run("solve", system, "--n", "64", "--steps", "100", "--initial", initial, "-o", path);
        code.ShouldBe(ExitCodes.Success, error);
        output.ShouldContain($"Wrote {path}");

        var bundle = TrajectoryFile.Read(path);
        (bundle.Quantum is not null).ShouldBe(quantum);
        (bundle.Fluid is not null).ShouldBe(fluid);
        var root = bundle.Quantum ?? bundle.Fluid!;
        root.System.ShouldBe(system);
        root.Grid.Shape.ShouldBe([64]);
        root.Count.ShouldBe(11); // frames at steps 0, 10, …, 100
    }

    [Fact]
    public void Solve_past_the_shock_of_the_f11_data_exits_1_and_writes_nothing()
    {
        // u₀ = sin 2πx steepens into a shock well before T = 1: the Euler solver leaves the smooth regime.
        var path = Path.Combine(folder, "shock.h5");
        var (code, _, error) = Cli.Run("solve", "isothermal-euler", "--initial", "f11", "--n", "64", "--dt", "1e-3", "--steps", "1000", "-o", path);
        code.ShouldBe(ExitCodes.Failed);
        error.ShouldContain("Nothing was written");
        File.Exists(path).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--n", "0")]
    [InlineData("--dt", "-1")]
    [InlineData("--eps", "0")]
    [InlineData("--initial", "bogus")]
    public void Solve_with_an_invalid_option_exits_3_with_a_message(string option, string value)
    {
        var (code, _, error) = Cli.Run("solve", option, value, "-o", Path.Combine(folder, "x.h5"));
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldNotBeEmpty();
        error.ShouldNotContain("   at ");
    }

    [Fact]
    public void Solve_without_an_output_or_with_an_unknown_extension_exits_3()
    {
        Cli.Run("solve").Code.ShouldBe(ExitCodes.InvalidInput);
        var (code, _, error) = Cli.Run("solve", "-o", Path.Combine(folder, "x.txt"));
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldContain(".npz");
    }

    [Theory]
    [InlineData(SystemIds.SchrodingerPoissonBoltzmann)]
    [InlineData(SystemIds.SchrodingerPoisson)]
    [InlineData(SystemIds.IsothermalEuler)]
    public void List_with_a_system_shows_exactly_the_oracles_that_judge_it(string system)
    {
        var (code, output, _) = Cli.Run("list", "--system", system);
        code.ShouldBe(ExitCodes.Success);
        var expected = OracleRegistry.All.Where(o => o.Systems.Contains(system)).ToArray();
        foreach (var oracle in OracleRegistry.All)
        {
            if (expected.Contains(oracle))
            {
                output.ShouldContain(oracle.Id);
            }
            else
            {
                output.ShouldNotContain(oracle.Id + " ");
            }
        }

        output.ShouldContain($"{expected.Length} oracles judge {system} trajectories.");
    }

    [Fact]
    public void List_with_an_unknown_system_is_a_usage_error()
    {
        var (code, _, error) = Cli.Run("list", "--system", "navier-stokes");
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldContain("navier-stokes");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}
