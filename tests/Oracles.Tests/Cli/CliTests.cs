using Oracles.Catalog.Model;
using Oracles.Cli;

namespace Oracles.Tests.Cli;

public class CliTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = OraclesCommandLine.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void List_prints_every_registered_oracle_with_its_citation_and_exits_0()
    {
        var (code, output, _) = Run("list");
        code.ShouldBe(ExitCodes.Success);
        OracleRegistry.All.ShouldNotBeEmpty();
        foreach (var oracle in OracleRegistry.All)
        {
            output.ShouldContain(oracle.Id);
        }

        output.ShouldContain($"{OracleRegistry.All.Count} oracles.");
    }

    [Fact]
    public void Explain_prints_statement_citation_and_tolerance_policy()
    {
        var oracle = OracleRegistry.All[0];
        var (code, output, _) = Run("explain", oracle.Id);
        code.ShouldBe(ExitCodes.Success);
        output.ShouldContain(oracle.Statement);
        output.ShouldContain(oracle.Citation);
        output.ShouldContain(oracle.TolerancePolicy);
    }

    [Fact]
    public void Explain_of_a_literal_oracle_names_its_erratum_and_the_corrected_oracle()
    {
        var literal = OracleRegistry.All.First(o => o.Erratum is not null);
        var (code, output, _) = Run("explain", literal.Id);
        code.ShouldBe(ExitCodes.Success);
        output.ShouldContain(literal.Erratum!.Finding);
    }

    [Fact]
    public void Explain_of_an_unknown_id_is_invalid_input_with_a_message_and_no_stack_trace()
    {
        var (code, output, error) = Run("explain", "BCY.no-such-oracle");
        code.ShouldBe(ExitCodes.InvalidInput);
        output.ShouldBeEmpty();
        error.ShouldContain("No oracle has id 'BCY.no-such-oracle'");
        error.ShouldNotContain("   at ");
    }

    [Theory]
    [InlineData("no-such-command")]
    [InlineData("explain")]
    [InlineData("list", "--bogus")]
    public void Usage_errors_exit_3_with_a_hint(params string[] args)
    {
        var (code, _, error) = Run(args);
        code.ShouldBe(ExitCodes.InvalidInput);
        error.ShouldContain("oracles --help");
    }
}
