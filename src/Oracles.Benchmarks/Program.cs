using BenchmarkDotNet.Running;

namespace Oracles.Benchmarks;

/// <summary>BenchmarkDotNet entry point: <c>dotnet run -c Release --project src/Oracles.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    /// <summary>Runs the benchmarks selected on the command line.</summary>
    /// <param name="args">BenchmarkDotNet arguments.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
