using System.Numerics;
using Oracles.Catalog.Model;
using Oracles.Cli;
using Oracles.Core;
using Oracles.IO;

namespace Oracles.Tests.Cli;

/// <summary>Runs the CLI in-process and captures its output.</summary>
internal static class Cli
{
    public static (int Code, string Out, string Err) Run(params string[] args) => Run(OracleRegistry.All, args);

    public static (int Code, string Out, string Err) Run(IReadOnlyList<IOracle> catalogue, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OraclesCommandLine.Run(args, stdout, stderr, catalogue);
        return (code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>
/// Trajectory files shared by the CLI tests, written once into a temporary folder by <c>oracles solve</c> itself: a
/// smooth, finely sampled 1-D SPB run from [BCY, Lemma 4.1] data (n = 64, ε = ħ = 0.1, Δt = 2e-4, T = 0.2, a frame
/// every 10 steps) with its isothermal Euler companion, and the same problem at Δt/2 and Δt/4 (same sample times).
/// </summary>
public sealed class CliFixture : IDisposable
{
    /// <summary>Grid points of the shared runs: small, so the whole CLI suite stays within its time budget.</summary>
    public const int N = 64;

    public CliFixture()
    {
        Folder = Directory.CreateTempSubdirectory("oracles-cli-").FullName;
        Run = Path("run.h5");
        Half = Path("run-dt2.h5");
        Quarter = Path("run-dt4.h5");
        Solve(Run, "2e-4", "1000", "10");
        Solve(Half, "1e-4", "2000", "20");
        Solve(Quarter, "5e-5", "4000", "40");
        Bundle = TrajectoryFile.Read(Run);
    }

    public string Folder { get; }

    /// <summary>The main run (quantum root + fluid group).</summary>
    public string Run { get; }

    /// <summary>The same problem at Δt/2.</summary>
    public string Half { get; }

    /// <summary>The same problem at Δt/4.</summary>
    public string Quarter { get; }

    /// <summary>What <see cref="Run"/> holds.</summary>
    public TrajectoryBundle Bundle { get; }

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    /// <summary>A copy of <paramref name="t"/> with ψ replaced frame by frame.</summary>
    public static Trajectory WithPsi(Trajectory t, Func<int, Complex[], Complex[]> map)
    {
        var frames = Enumerable.Range(0, t.Count).Select(n => map(n, t.Psi(n).ToArray())).ToArray();
        return new Trajectory(
            t.System,
            t.Grid,
            t.Times.ToArray(),
            t.Parameters,
            psi: frames,
            potential: t.HasPotential ? Enumerable.Range(0, t.Count).Select(n => t.Potential(n).ToArray()).ToArray() : null,
            provenance: t.Provenance);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static void Solve(string output, string dt, string steps, string every)
    {
        var (code, _, error) = Cli.Run("solve", "spb", "--n", N.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dt", dt, "--steps", steps, "--sample-every", every, "-o", output, "--quiet");
        if (code != ExitCodes.Success)
        {
            throw new InvalidOperationException($"oracles solve failed with exit code {code}: {error}");
        }
    }
}
