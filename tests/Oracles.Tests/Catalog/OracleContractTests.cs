using System.Numerics;
using Oracles.Catalog.Model;
using Oracles.Core;
using Oracles.Core.Grids;

namespace Oracles.Tests.Catalog;

public class OracleContractTests
{
    public static TheoryData<string> AllOracles()
    {
        var data = new TheoryData<string>();
        foreach (var o in OracleRegistry.All)
        {
            data.Add(o.Id);
        }

        return data;
    }

    public static IEnumerable<OracleContext> IrrelevantContexts()
    {
        var grid = PeriodicGrid.Line(16);
        yield return new OracleContext(null);
        var euler = new Trajectory(SystemIds.IsothermalEuler, grid, [0.0, 0.1], new PhysicalParameters(0, 0),
            density: [grid.Sample(_ => 1.0), grid.Sample(_ => 1.0)], velocity: [new double[16], new double[16]]);
        yield return new OracleContext(euler);
        yield return new OracleContext(null, euler);
        var oneFrame = new Trajectory(SystemIds.SchrodingerPoisson, grid, [0.0], new PhysicalParameters(0.1, 0.1),
            psi: [Enumerable.Repeat(Complex.One, 16).ToArray()]);
        yield return new OracleContext(oneFrame) { Family = [new OracleContext(euler)] };

        // ψ ≡ 0 at every sample without V: no density to solve PB for.
        var empty = new Trajectory(SystemIds.SchrodingerPoissonBoltzmann, grid, [0.0, 0.1], new PhysicalParameters(0.1, 0.1),
            psi: [new Complex[16], new Complex[16]]);
        yield return new OracleContext(empty, euler);
    }

    [Theory]
    [MemberData(nameof(AllOracles))]
    public void Oracle_is_not_applicable_or_inconclusive_on_empty_and_irrelevant_contexts(string id)
    {
        var oracle = OracleRegistry.Get(id);
        foreach (var context in IrrelevantContexts())
        {
            // An oracle of isothermal Euler judges the fluid itself: a context with a valid Euler fluid (here the steady
            // state ρ = 1, u = 0) is its input, not an irrelevant one, and Pass is the right verdict there.
            if (context.Fluid is { System: SystemIds.IsothermalEuler } && oracle.Systems.Contains(SystemIds.IsothermalEuler))
            {
                continue;
            }

            var r = oracle.Evaluate(context);
            r.Status.ShouldBeOneOf(OracleStatus.NotApplicable, OracleStatus.Inconclusive);
            r.OracleId.ShouldBe(id);
            r.Message.ShouldNotBeNullOrWhiteSpace();
        }
    }

    [Theory]
    [MemberData(nameof(AllOracles))]
    public void Oracle_describes_itself(string id)
    {
        var o = OracleRegistry.Get(id);
        foreach (var text in new[] { o.Title, o.Statement, o.Citation, o.Requirements, o.TolerancePolicy })
        {
            text.ShouldNotBeNullOrWhiteSpace();
        }

        o.Citation.ShouldContain("003_3d2e38d265bb2d71.txt");
        o.Systems.ShouldNotBeEmpty();
        o.GetType().IsSealed.ShouldBeTrue();
        Should.Throw<ArgumentNullException>(() => o.Evaluate(null!));
        if (o.Erratum is { } e)
        {
            e.Finding.ShouldMatch("^F[0-9]+$");
            if (e.CorrectedOracleId is { } corrected)
            {
                OracleRegistry.Find(corrected).ShouldNotBeNull($"{id} names {corrected} as its correction");
            }
        }
    }
}
