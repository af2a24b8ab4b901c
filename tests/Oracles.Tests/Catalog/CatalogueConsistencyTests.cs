using System.Reflection;
using System.Runtime.CompilerServices;
using Oracles.Catalog.Model;

namespace Oracles.Tests.Catalog;

public class CatalogueConsistencyTests
{
    [Fact]
    public void Every_oracle_cites_a_known_reference()
    {
        foreach (var oracle in OracleRegistry.All)
        {
            var cites = OracleRegistry.CitationsOf(oracle);
            cites.ShouldNotBeEmpty($"{oracle.Id} has no [Cites]");
            foreach (var c in cites)
            {
                References.All.ShouldContainKey(c.Key, $"{oracle.Id} cites unknown key '{c.Key}'");
                c.Location.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }

    [Fact]
    public void Every_IOracle_type_in_the_catalogue_assembly_is_registered()
    {
        var types = typeof(IOracle).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IOracle).IsAssignableFrom(t))
            .ToArray();
        types.ShouldNotBeEmpty();
        foreach (var t in types)
        {
            t.IsPublic.ShouldBeTrue($"{t.Name} must be public to be registered");
            OracleRegistry.All.Select(o => o.GetType()).ShouldContain(t);
        }
    }

    [Fact]
    public void Oracle_ids_are_unique_well_formed_and_derive_from_catalogue_ids()
    {
        var ids = OracleRegistry.All.Select(o => o.Id).ToArray();
        ids.Distinct(StringComparer.Ordinal).Count().ShouldBe(ids.Length);
        foreach (var id in ids)
        {
            CatalogueIds.IsWellFormed(id).ShouldBeTrue($"'{id}' is not kebab-case segments");
            CatalogueIds.BaseOf(id).ShouldNotBeNull($"'{id}' is neither a catalogue id nor a catalogue id + '.' + kebab suffix");
        }
    }

    [Fact]
    public void Id_rules_accept_catalogue_ids_and_kebab_suffixes_only()
    {
        CatalogueIds.BaseOf("BCY.E2.19.T3-bound").ShouldBe("BCY.E2.19.T3-bound");
        CatalogueIds.BaseOf("BCY.E2.19.T3-bound.corrected").ShouldBe("BCY.E2.19.T3-bound");
        CatalogueIds.BaseOf("BCY.E1.1.spb.pb-residual").ShouldBe("BCY.E1.1.spb");
        CatalogueIds.BaseOf("BCY.E2.19.T3-bound.Corrected").ShouldBeNull();
        CatalogueIds.BaseOf("BCY.E2.19.T3-bound.not_kebab").ShouldBeNull();
        CatalogueIds.BaseOf("BCY.X9.unknown").ShouldBeNull();
        CatalogueIds.IsWellFormed("BCY.E2.8.I1+I2").ShouldBeTrue();
        CatalogueIds.IsWellFormed("BCY..E2").ShouldBeFalse();
        CatalogueIds.IsWellFormed("BCY.E2 x").ShouldBeFalse();
    }

    [Fact]
    public void Embedded_id_list_matches_the_catalogue_headings_when_the_catalogue_is_present()
    {
        var path = FindCatalogue();
        if (path is null)
        {
            // ../shared/catalogue.md is not shipped with the repository; the embedded list is then authoritative.
            return;
        }

        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("#### ", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var part in line[5..].Split(" / "))
            {
                expected.Add(part.Trim().Split(' ')[0]);
            }
        }

        expected.ShouldNotBeEmpty();
        CatalogueIds.All.Except(expected).ShouldBeEmpty("ids in catalogue-ids.txt but not in the catalogue");
        expected.Except(CatalogueIds.All).ShouldBeEmpty("ids in the catalogue but not in catalogue-ids.txt (regenerate it)");
    }

    /// <summary>The repository root: walk up from the test binaries and the working directory until Oracles.sln is found.</summary>
    internal static string? RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Oracles.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static string? FindCatalogue()
    {
        var root = RepositoryRoot();
        if (root is null)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "catalogue.md"));
        return File.Exists(path) ? path : null;
    }
}
