using System.CommandLine;
using Oracles.Catalog.Model;
using Oracles.Cli.Commands;

namespace Oracles.Cli;

/// <summary>
/// The command tree of the <c>oracles</c> tool. Parse errors and invalid input end with exit code 3 and a message
/// (never a stack trace); anything unexpected ends with exit code 4.
/// </summary>
public static class OraclesCommandLine
{
    /// <summary>Parses and runs.</summary>
    /// <param name="args">Arguments.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, OracleRegistry.All);

    /// <summary>
    /// Parses and runs with an explicit oracle catalogue for <c>list</c> and <c>check</c> (the registry's, or a
    /// caller's own list — for example one that adds oracles of its own).
    /// </summary>
    /// <param name="args">Arguments.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <param name="catalogue">The oracles <c>list</c> shows and <c>check</c> runs (ids must be unique).</param>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyList<IOracle> catalogue)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ArgumentNullException.ThrowIfNull(catalogue);
        var root = new RootCommand("Oracles: executable test oracles for solvers of the Golse–Paul and Ben-Porat–Chen–Yuan systems.");
        root.Subcommands.Add(ListCommand.Create(stdout, catalogue));
        root.Subcommands.Add(ExplainCommand.Create(stdout));
        root.Subcommands.Add(CheckCommand.Create(stdout, stderr, catalogue));
        root.Subcommands.Add(SolveCommand.Create(stdout, stderr));
        root.Subcommands.Add(DemoCommand.Create(stdout));
        root.Subcommands.Add(BenchCommand.Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"oracles: {error.Message}");
            }

            stderr.WriteLine("Run 'oracles --help' for usage.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsUserError(e))
        {
            stderr.WriteLine($"oracles: {e.Message}");
            return ExitCodes.InvalidInput;
        }
#pragma warning disable CA1031 // The top level turns every unexpected exception into exit code 4 with a message.
        catch (Exception e)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"oracles: internal error ({e.GetType().Name}): {e.Message}");
            stderr.WriteLine("This is a bug in Oracles; please report it with the command line that caused it.");
            return ExitCodes.InternalError;
        }
    }

    /// <summary>Bad input or usage, as opposed to a bug: argument validation, unknown ids, unreadable files.</summary>
    /// <param name="e">The exception.</param>
    /// <returns>True for user errors.</returns>
    internal static bool IsUserError(Exception e) =>
        e is ArgumentException or KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException
            or UnauthorizedAccessException or InvalidDataException or FormatException
        || e.GetType().Name.EndsWith("FormatException", StringComparison.Ordinal);
}
