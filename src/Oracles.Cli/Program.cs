namespace Oracles.Cli;

/// <summary>Entry point of the <c>oracles</c> tool.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>The exit code (README "Exit codes").</returns>
    public static int Main(string[] args) => OraclesCommandLine.Run(args, Console.Out, Console.Error);
}
