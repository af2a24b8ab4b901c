namespace Oracles.Cli;

/// <summary>The command tree of the <c>oracles</c> tool (placeholder until the commands land in this issue).</summary>
public static class OraclesCommandLine
{
    /// <summary>Parses and runs.</summary>
    /// <param name="args">Arguments.</param>
    /// <param name="stdout">Standard output.</param>
    /// <param name="stderr">Standard error.</param>
    /// <returns>The exit code.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        stderr.WriteLine("oracles: no commands yet.");
        return 3;
    }
}
