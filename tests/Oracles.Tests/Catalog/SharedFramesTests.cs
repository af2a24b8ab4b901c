using System.Globalization;
using System.Numerics;
using System.Text;
using Oracles.Catalog.Infrastructure;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Functionals;
using Oracles.Core.Grids;
using Oracles.Core.Spectral;
using Oracles.Systems.SchrodingerPoissonBoltzmann;

namespace Oracles.Tests.Catalog;

/// <summary>
/// The per-trajectory cache that the oracles of one check share (<see cref="SharedFrames"/>) must change the cost of a
/// check and nothing else: every number of every oracle is bit-identical whether an oracle judges a trajectory alone or
/// after (or concurrently with) the others, and every shared quantity equals, bit for bit, the definition in
/// Systems/Core it replaces.
/// </summary>
public class SharedFramesTests
{
    public static TheoryData<string> Contexts() => new() { "well-prepared", "well-prepared-refined", "no-V", "sp", "f11" };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Every_oracle_gives_bit_identical_results_alone_and_sharing_one_trajectory_in_any_order(string name)
    {
        var source = Context(name);

        // Alone: every oracle on its own copy (nothing derived is shared between oracles).
        var alone = OracleRegistry.All.ToDictionary(o => o.Id, o => Text(o.Evaluate(Copy(source))));

        // Shared: all oracles on one copy, in registry order and, on another copy, in reverse order.
        var forward = Copy(source);
        var backward = Copy(source);
        var inOrder = OracleRegistry.All.ToDictionary(o => o.Id, o => Text(o.Evaluate(forward)));
        var reversed = OracleRegistry.All.Reverse().ToDictionary(o => o.Id, o => Text(o.Evaluate(backward)));

        foreach (var o in OracleRegistry.All)
        {
            inOrder[o.Id].ShouldBe(alone[o.Id], $"{o.Id} on '{name}', shared in registry order");
            reversed[o.Id].ShouldBe(alone[o.Id], $"{o.Id} on '{name}', shared in reverse order");
        }
    }

    [Fact]
    public void Oracles_judging_one_trajectory_concurrently_give_the_results_of_judging_it_alone()
    {
        var source = Context("no-V");
        var alone = OracleRegistry.All.ToDictionary(o => o.Id, o => Text(o.Evaluate(Copy(source))));
        var shared = Copy(source);
        var results = new string[OracleRegistry.All.Count * 3];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            results[i] = Text(OracleRegistry.All[i % OracleRegistry.All.Count].Evaluate(shared)));
        for (var i = 0; i < results.Length; i++)
        {
            var id = OracleRegistry.All[i % OracleRegistry.All.Count].Id;
            results[i].ShouldBe(alone[id], id);
        }
    }

    [Fact]
    public void Shared_quantities_equal_their_definitions_bit_for_bit()
    {
        var q = CatalogTestData.WellPrepared.Quantum;
        var f = CatalogTestData.ManufacturedFluidTrajectory;
        var copy = Copy(new OracleContext(q, f));
        var shared = SharedFrames.Of(copy.Quantum!);
        var pair = shared.With(copy.Fluid!);
        var grid = q.Grid;
        var n = grid.Count;
        var functionals = new SpbFunctionals(grid);
        var ws = new FieldWorkspace(grid);
        var expected = new double[n];
        var r = new double[n];
        foreach (var k in new[] { 0, 7, q.Count - 1 })
        {
            var psi = q.Psi(k);
            var v = q.Potential(k);
            var rho = f.Density(k);
            var u = f.Velocity(k);

            functionals.Current(q.Parameters.Hbar, psi, expected);
            Bits(shared.Current(k)).ShouldBe(Bits(expected), "J");

            BitConverter.DoubleToInt64Bits(shared.BoltzmannEntropy(k)).ShouldBe(BitConverter.DoubleToInt64Bits(functionals.BoltzmannEntropy(v)), "∫Ve^V");

            functionals.Density(psi, expected);
            var ops = new SpectralOperators(grid);
            var (residual, allowance) = Potentials.PbResidual(ops, q.Parameters.Epsilon, expected, v, r);
            var sharedResidual = shared.PbResidual(k);
            BitConverter.DoubleToInt64Bits(sharedResidual.Residual).ShouldBe(BitConverter.DoubleToInt64Bits(residual), "PB residual");
            BitConverter.DoubleToInt64Bits(sharedResidual.Allowance).ShouldBe(BitConverter.DoubleToInt64Bits(allowance), "PB allowance");

            BitConverter.DoubleToInt64Bits(pair.ModulatedKinetic(k))
                .ShouldBe(BitConverter.DoubleToInt64Bits(functionals.ModulatedKineticEnergy(q.Parameters.Hbar, psi, u)), "𝒦");
            pair.ModulatedEnergy(k).ShouldBe(functionals.ModulatedEnergy(q.Parameters, psi, v, rho, u), "ℰ");

            ws.LaplacianOfDivergence(u, expected);
            Bits(SharedFrames.Of(copy.Fluid!).LapDivU(k)).ShouldBe(Bits(expected), "Δ div u");

            var aPsi = new Complex[n];
            ws.ApplyA(q.Parameters.Hbar, psi, u, 0, aPsi);
            var grad = new double[n];
            ws.VelocityGradient(u, grad);
            BitConverter.DoubleToInt64Bits(pair.T3(k)).ShouldBe(BitConverter.DoubleToInt64Bits(ws.T3Operator(q.Parameters.Hbar, psi, u, grad, aPsi)), "𝒯₃");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fast_sup_norm_equals_the_maximum_of_Complex_Abs_bit_for_bit(int seed)
    {
        var random = new Random(seed);
        foreach (var scale in new[] { 1.0, 1e-150, 1e150, 1e-300, 3.0 })
        {
            var z = new Complex[257];
            for (var i = 0; i < z.Length; i++)
            {
                z[i] = new Complex(scale * ((2 * random.NextDouble()) - 1), scale * ((2 * random.NextDouble()) - 1));
            }

            // Near-ties: moduli within an ulp or two of the largest, and exact zeros.
            var top = z.MaxBy(Complex.Abs);
            z[3] = new Complex(top.Imaginary, top.Real);
            z[5] = new Complex(Math.BitIncrement(top.Real), top.Imaginary);
            z[8] = Complex.Zero;
            BitConverter.DoubleToInt64Bits(FieldWorkspace.LInf(z)).ShouldBe(BitConverter.DoubleToInt64Bits(Norms.LInf(z)), $"scale {scale}");
        }

        FieldWorkspace.LInf(new Complex[4]).ShouldBe(0);
    }

    private static OracleContext Context(string name)
    {
        var run = CatalogTestData.WellPrepared;
        var declared = new HashSet<string>(["BCY.L4.1.data"], StringComparer.Ordinal);
        return name switch
        {
            "well-prepared" => new OracleContext(run.Quantum, run.Fluid) { Declarations = declared },
            "well-prepared-refined" => new OracleContext(run.Quantum, run.Fluid)
            {
                Declarations = declared,
                Refinements = [new OracleContext(CatalogTestData.WellPreparedRefined.Quantum, CatalogTestData.WellPreparedRefined.Fluid)],
            },
            "no-V" => new OracleContext(WithoutPotential(run.Quantum), CatalogTestData.ManufacturedFluidTrajectory),
            "sp" => new OracleContext(CatalogTestData.SchrodingerPoissonTrajectory),
            _ => F11(),
        };
    }

    private static OracleContext F11()
    {
        var (q, f) = CatalogTestData.F11State(0.1, 0.1, 64);
        return new OracleContext(q, f);
    }

    private static Trajectory WithoutPotential(Trajectory q) =>
        new(q.System, q.Grid, q.Times.ToArray(), q.Parameters, psi: [.. Enumerable.Range(0, q.Count).Select(k => q.Psi(k).ToArray())], provenance: q.Provenance);

    [Fact]
    public void A_copied_context_holds_equal_frames_in_new_arrays()
    {
        var source = new OracleContext(CatalogTestData.WellPrepared.Quantum, CatalogTestData.WellPrepared.Fluid);
        var copy = source.WithCopiedTrajectories();
        copy.Quantum.ShouldNotBeSameAs(source.Quantum);
        copy.Fluid.ShouldNotBeSameAs(source.Fluid);
        var last = source.Quantum!.Count - 1;
        copy.Quantum!.Psi(last).ToArray().ShouldBe(source.Quantum.Psi(last).ToArray());
        copy.Quantum.Potential(last).ToArray().ShouldBe(source.Quantum.Potential(last).ToArray());
        copy.Fluid!.Velocity(last).ToArray().ShouldBe(source.Fluid!.Velocity(last).ToArray());
        copy.Quantum.Times.ToArray().ShouldBe(source.Quantum.Times.ToArray());
        (copy.Quantum.Psi(last) == source.Quantum.Psi(last)).ShouldBeFalse(); // different storage
    }

    /// <summary>The same context with every trajectory copied into a new instance (so nothing derived from it is cached).</summary>
    private static OracleContext Copy(OracleContext c) => c.WithCopiedTrajectories();

    private static long[] Bits(ReadOnlySpan<double> x)
    {
        var bits = new long[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            bits[i] = BitConverter.DoubleToInt64Bits(x[i]);
        }

        return bits;
    }

    /// <summary>Every number of a result at full precision, with the messages: equal texts mean bit-identical results.</summary>
    private static string Text(OracleResult r)
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"{r.OracleId} {r.Status} {Bits(r.Observed)} {Bits(r.Bound)} | {r.Where} | {r.Message}");
        foreach (var item in r.Tolerance.Items)
        {
            s.Append(CultureInfo.InvariantCulture, $" [{item.Source} {Bits(item.Value)} {item.Reason}]");
        }

        foreach (var (key, value) in r.Details)
        {
            s.Append(CultureInfo.InvariantCulture, $" {key}={Bits(value)}");
        }

        return s.ToString();
    }

    private static string Bits(double x) => BitConverter.DoubleToInt64Bits(x).ToString("x16", CultureInfo.InvariantCulture);
}
