using Oracles.Catalog.Model;
using Oracles.Cli;
using Xunit.Abstractions;

namespace Oracles.Tests.Mutants;

/// <summary>
/// The mutant suite's verdicts through the file path (DESIGN.md §6): the correct solvers pass every applicable oracle
/// at n = 64, 128, 256 (each with Δt, Δt/2, Δt/4), every mutant is killed by at least one oracle of
/// <c>oracles check</c>, and the committed detection matrix is the one a fresh run produces.
/// </summary>
public sealed class DetectionMatrixTests(MutantSuiteFixture suite, ITestOutputHelper output) : IClassFixture<MutantSuiteFixture>
{
    /// <summary>
    /// Mutants that no registered oracle kills, each with the reason. A survivor is a finding: either an oracle is
    /// missing (named here and in the issue note) or the bug is undetectable in principle. The test below fails when a
    /// listed survivor starts being killed, so this list cannot go stale.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> KnownSurvivors = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    public static TheoryData<string> MutantNames => [.. MutantCatalogue.All.Select(m => m.Name)];

    [Fact]
    public void The_correct_solvers_pass_every_applicable_oracle_at_n_64_128_256()
    {
        output.WriteLine($"mutant suite: {suite.Seconds:F1} s in all, {suite.CheckSeconds:F1} s of it inside `oracles check`");
        suite.References.Count.ShouldBe(MutantSuiteFixture.ReferenceNs.Length);
        foreach (var r in suite.References)
        {
            r.ExitCode.ShouldBe(ExitCodes.Success, $"{r.Name}: {r.Output}\n{Describe(r)}");
            r.Statuses.Values.ShouldNotContain("fail", r.Name);
            r.Statuses.Values.ShouldNotContain("inconclusive", r.Name);
        }

        // Not vacuous: every oracle that kills some mutant has judged (and passed) the correct solvers at every n.
        var killers = suite.Mutants.SelectMany(m => m.Failed).Distinct(StringComparer.Ordinal).ToArray();
        killers.ShouldNotBeEmpty();
        foreach (var r in suite.References)
        {
            foreach (var id in killers)
            {
                r.Statuses.GetValueOrDefault(id).ShouldBe("pass", $"{r.Name}: {id}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(MutantNames))]
    public void Every_mutant_is_killed_by_an_oracle_through_check_on_its_trajectory_files(string name)
    {
        var outcome = suite.Mutants.Single(m => m.Name == name);
        if (KnownSurvivors.TryGetValue(name, out var why))
        {
            // A documented finding; when an oracle starts killing it, remove it from KnownSurvivors and regenerate the matrix.
            outcome.Failed.ShouldBeEmpty($"{name} is listed as a survivor ({why}) but is now killed; update KnownSurvivors.");
            outcome.ExitCode.ShouldNotBe(ExitCodes.Failed);
            return;
        }

        outcome.ExitCode.ShouldBe(ExitCodes.Failed, $"{name} survived `oracles check`: {outcome.Output}\n{Describe(outcome)}");
        outcome.Failed.ShouldNotBeEmpty();
        outcome.Statuses.Values.ShouldNotContain("error", name);
    }

    [Fact]
    public void The_file_path_gives_the_same_verdicts_as_judging_the_trajectories_in_process()
    {
        // HDF5 stores float64 exactly, so reading the files back must not change a single verdict: every oracle that
        // `check` ran (erratum oracles are skipped by default) gives the same status on the in-memory trajectories.
        foreach (var outcome in suite.References.Concat(suite.Mutants))
        {
            var context = suite.Contexts[outcome.Name];
            foreach (var oracle in OracleRegistry.All.Where(o => o.Erratum is null))
            {
                var word = oracle.Evaluate(context).Status switch
                {
                    OracleStatus.Pass => "pass",
                    OracleStatus.Fail => "fail",
                    OracleStatus.Inconclusive => "inconclusive",
                    _ => "not_applicable",
                };
                outcome.Statuses.GetValueOrDefault(oracle.Id).ShouldBe(word, $"{outcome.Name}: {oracle.Id}");
            }
        }
    }

    private static string Describe(CheckOutcome o) =>
        string.Join('\n', o.Statuses.Select(p => $"  {p.Key}: {p.Value} — {o.Messages.GetValueOrDefault(p.Key)}"));

    [Fact]
    public void The_committed_detection_matrix_is_the_one_a_fresh_run_produces()
    {
        var fresh = DetectionMatrix.Render(suite.References, suite.Mutants, KnownSurvivors);
        var path = DetectionMatrix.CommittedPath();
        if (Environment.GetEnvironmentVariable(DetectionMatrix.WriteVariable) == "1")
        {
            File.WriteAllText(path, fresh);
        }

        File.Exists(path).ShouldBeTrue($"{path} is missing; run the tests once with {DetectionMatrix.WriteVariable}=1.");
        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(
            fresh, $"{path} is stale: the oracles now judge the mutants differently. Review the change, then regenerate with {DetectionMatrix.WriteVariable}=1.");
    }
}
