using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Oracles.Catalog.Model;
using Oracles.Tests.Catalog;

namespace Oracles.Tests.Architecture;

public partial class DependencyRulesTests
{
    // The numerical assemblies: none may touch an FFT backend. The CLI's `bench` command and Oracles.Benchmarks
    // measure the backends themselves and are exempt (they are the only legitimate direct users).
    private static readonly string[] NumericalAssemblies = ["Oracles.Systems", "Oracles.Solvers", "Oracles.Catalog", "Oracles.IO"];

    private static readonly string[] BenchmarkSources =
    [
        Path.Combine("src", "Oracles.Benchmarks") + Path.DirectorySeparatorChar,
        Path.Combine("src", "Oracles.Cli", "Commands", "BenchCommand.cs"),
    ];

    [Fact]
    public void Catalog_does_not_reference_the_solvers()
    {
        // DESIGN §2: an oracle judges a trajectory, whoever produced it.
        typeof(IOracle).Assembly.GetReferencedAssemblies().Select(a => a.Name).ShouldNotContain("Oracles.Solvers");
        var root = CatalogueConsistencyTests.RepositoryRoot();
        if (root is not null)
        {
            File.ReadAllText(Path.Combine(root, "src", "Oracles.Catalog", "Oracles.Catalog.csproj")).ShouldNotContain("Oracles.Solvers");
        }
    }

    [Fact]
    public void No_numerical_assembly_other_than_Core_references_an_FFT_backend_or_MathNet_Fourier()
    {
        // IL check (independent of where the sources are): type references to the backend types or MathNet's
        // IntegralTransforms are allowed only in Oracles.Core (whose source rule is checked below).
        var directory = Path.GetDirectoryName(typeof(IOracle).Assembly.Location)!;
        foreach (var name in NumericalAssemblies)
        {
            var file = Path.Combine(directory, name + ".dll");
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var type in TypeReferences(file))
            {
                type.ShouldNotStartWith("MathNet.Numerics.IntegralTransforms", customMessage: $"{name} uses MathNet's Fourier ({type})");
                BackendTypes().IsMatch(type).ShouldBeFalse($"{name} references the FFT backend type {type}; go through Oracles.Core.Spectral.Fft.Forward/Inverse");
            }
        }
    }

    [Fact]
    public void No_source_file_outside_Core_Spectral_calls_an_FFT_backend_or_MathNet_Fourier()
    {
        var root = CatalogueConsistencyTests.RepositoryRoot();
        if (root is null)
        {
            // Sources unavailable (binary-only run): the IL test above still guards the rule.
            return;
        }

        var spectral = Path.Combine(root, "src", "Oracles.Core", "Spectral") + Path.DirectorySeparatorChar;
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var sep = Path.DirectorySeparatorChar;
            var relative = Path.GetRelativePath(root, file);
            if (file.StartsWith(spectral, StringComparison.Ordinal) || file.Contains($"{sep}obj{sep}", StringComparison.Ordinal) || file.Contains($"{sep}bin{sep}", StringComparison.Ordinal)
                || BenchmarkSources.Any(b => relative.StartsWith(b, StringComparison.Ordinal)))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            if (text.Contains("IntegralTransforms", StringComparison.Ordinal) || FourierCall().IsMatch(text) || BackendUse().IsMatch(text))
            {
                offenders.Add(relative);
            }
        }

        offenders.ShouldBeEmpty($"these files bypass Oracles.Core.Spectral.Fft: {string.Join(", ", offenders)}");
    }

    [GeneratedRegex(@"^Oracles\.Core\.Spectral\.(IFftBackend|IFftPlan|ManagedFftBackend|.*Fftw.*|Managed\..*)$")]
    private static partial Regex BackendTypes();

    [GeneratedRegex(@"\bFourier\.(Forward|Inverse|Radix2|Bluestein)")]
    private static partial Regex FourierCall();

    // Transform calls on a backend or plan, or constructing a backend; reading Fft.Backend.Name for a report is fine.
    [GeneratedRegex(@"\.(ForwardUnscaled|BackwardUnscaled|CreatePlan)\(|new\s+(ManagedFftBackend|FftwBackend)\b|Fft\.Plan\(")]
    private static partial Regex BackendUse();

    private static IEnumerable<string> TypeReferences(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var result = new List<string>();
        foreach (var handle in md.TypeReferences)
        {
            var t = md.GetTypeReference(handle);
            var ns = md.GetString(t.Namespace);
            result.Add(ns.Length == 0 ? md.GetString(t.Name) : $"{ns}.{md.GetString(t.Name)}");
        }

        return result;
    }
}
