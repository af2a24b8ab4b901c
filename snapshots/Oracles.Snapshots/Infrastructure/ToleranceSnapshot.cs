using System.Reflection;
using Snapshooter;
using Snapshooter.Core;
using Snapshooter.Core.Serialization;
using Snapshooter.Exceptions;

namespace Oracles.Snapshots.Infrastructure;

/// <summary>
/// Tolerance-aware snapshots of small summaries (STYLE.md §6): the summary is serialized by Snapshooter to JSON and
/// compared with <c>snapshots/Oracles.Snapshots/&lt;area&gt;/__snapshots__/&lt;name&gt;.snap</c> path by path
/// (<see cref="ToleranceJsonComparer"/>).
/// </summary>
/// <remarks>
/// <para>Composition: Snapshooter's <see cref="SnapshotAssert"/> with its own <see cref="SnapshotSerializer"/>
/// (+ <see cref="GlobalSnapshotSettingsResolver"/>), <see cref="SnapshotFileHandler"/>,
/// <see cref="SnapshotEnvironmentCleaner"/> and <see cref="JsonSnapshotFormatter"/>, and our
/// <see cref="ToleranceJsonComparer"/> in place of its exact comparer. Snapshooter therefore provides: creating a
/// missing snapshot, strict mode (<c>SNAPSHOOTER_STRICT_MODE=on</c> or <c>true</c>: a missing snapshot fails instead
/// of being created — set it in CI), writing the actual JSON to <c>__snapshots__/__mismatch__/</c> on any failure
/// (git-ignored), and clearing that folder once per run.</para>
/// <para>Paths are explicit: the repository root is found by walking up from <see cref="AppContext.BaseDirectory"/> to
/// the folder holding <c>Oracles.sln</c> — never from <c>[CallerFilePath]</c> or stack frames, which
/// <c>ContinuousIntegrationBuild</c> rewrites to <c>/_/</c> (with Snapshooter's default naming such a build writes
/// the snapshot to <c>/_/__snapshots__/</c> and passes without comparing anything). When the build output lives
/// outside the checkout (<c>ORACLES_ARTIFACTS=/tmp/…</c>), the walk continues from the current directory, then falls
/// back to the <c>ORACLES_REPO_ROOT</c> environment variable, then to an <c>OraclesRepoRoot</c> assembly metadata
/// entry if the project defines one.</para>
/// <para>Updating a snapshot: delete the <c>.snap</c> file and re-run the test locally (not in strict mode); commit
/// the new file.</para>
/// </remarks>
public static class ToleranceSnapshot
{
    /// <summary>The solution file that marks the repository root.</summary>
    public const string RootMarker = "Oracles.sln";

    /// <summary>The environment variable that names the repository root when the walk finds nothing.</summary>
    public const string RootVariable = "ORACLES_REPO_ROOT";

    /// <summary>The optional assembly metadata key that names the repository root at build time (last fallback).</summary>
    public const string MetadataKey = "OraclesRepoRoot";

    private static readonly SnapshotSerializer Serializer = new(new GlobalSnapshotSettingsResolver());

    /// <summary>Compares <paramref name="summary"/> with its stored snapshot (creating it when missing, unless strict).</summary>
    /// <param name="summary">A small summary object (numbers, strings, lists, records); never whole fields.</param>
    /// <param name="area">The snapshot area, a folder under <c>snapshots/Oracles.Snapshots/</c> (e.g. <c>Core</c>).</param>
    /// <param name="name">The snapshot name (file name without <c>.snap</c>).</param>
    /// <param name="tolerances">The tolerances by JSON path.</param>
    /// <exception cref="SnapshotCompareException">The summary differs beyond the tolerances; the message lists every differing path.</exception>
    /// <exception cref="SnapshotNotFoundException">Strict mode is on and the snapshot does not exist.</exception>
    public static void Match(object summary, string area, string name, ToleranceMap tolerances) =>
        Match(summary, Path.Combine(RepositoryRoot(), "snapshots", "Oracles.Snapshots"), area, name, tolerances);

    /// <summary>As <see cref="Match(object, string, string, ToleranceMap)"/> with an explicit snapshot root (self-tests).</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="snapshotRoot">The folder holding the areas.</param>
    /// <param name="area">The area.</param>
    /// <param name="name">The name.</param>
    /// <param name="tolerances">The tolerances.</param>
    internal static void Match(object summary, string snapshotRoot, string area, string name, ToleranceMap tolerances)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(tolerances);
        var fullName = FullName(snapshotRoot, area, name);
        var fileHandler = new SnapshotFileHandler();
        var assert = new SnapshotAssert(
            Serializer,
            fileHandler,
            new SnapshotEnvironmentCleaner(fileHandler),
            new ToleranceJsonComparer(tolerances),
            new JsonSnapshotFormatter(Serializer));
        var file = FilePath(fullName);
        try
        {
            assert.AssertSnapshot(summary, fullName, new MatchOptions());
        }
        catch (SnapshotCompareException e)
        {
            throw new SnapshotCompareException(
                $"Snapshot {area}/{name} differs from {file}:{Environment.NewLine}{e.Message}{Environment.NewLine}" +
                $"The actual summary was written to {MismatchPath(fullName)}. If the change is intended, delete the .snap file, " +
                "re-run the test locally (without SNAPSHOOTER_STRICT_MODE) and commit the new file.",
                e);
        }
        catch (SnapshotNotFoundException e)
        {
            throw new SnapshotNotFoundException(
                $"Strict mode: snapshot {area}/{name} does not exist at {file}. Create it locally by running the test without " +
                $"SNAPSHOOTER_STRICT_MODE and commit it.",
                e);
        }
    }

    /// <summary>The JSON text a summary is stored as (Snapshooter's serializer), for self-tests and tooling.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The JSON text, LF line endings, final newline.</returns>
    public static string Serialize(object summary) => Serializer.SerializeObject(summary);

    /// <summary>The path of a snapshot file: <c>&lt;root&gt;/snapshots/Oracles.Snapshots/&lt;area&gt;/__snapshots__/&lt;name&gt;.snap</c>.</summary>
    /// <param name="area">The area.</param>
    /// <param name="name">The name.</param>
    /// <returns>The path.</returns>
    public static string SnapshotPath(string area, string name) =>
        FilePath(FullName(Path.Combine(RepositoryRoot(), "snapshots", "Oracles.Snapshots"), area, name));

    /// <summary>The repository root: the nearest folder above the test binaries (or the current directory) that holds <c>Oracles.sln</c>, else <c>ORACLES_REPO_ROOT</c>.</summary>
    /// <returns>The root folder.</returns>
    /// <exception cref="InvalidOperationException">No root could be found; the message says what to set.</exception>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, RootMarker)))
                {
                    return dir.FullName;
                }
            }
        }

        var variable = Environment.GetEnvironmentVariable(RootVariable);
        if (!string.IsNullOrWhiteSpace(variable) && File.Exists(Path.Combine(variable, RootMarker)))
        {
            return Path.GetFullPath(variable);
        }

        // Optional build-time hint: <AssemblyMetadata Include="OraclesRepoRoot" Value="$(MSBuildThisFileDirectory)../.." />.
        var baked = typeof(ToleranceSnapshot).Assembly.GetCustomAttributes(typeof(AssemblyMetadataAttribute), false)
            .Cast<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == MetadataKey)?.Value;
        if (!string.IsNullOrWhiteSpace(baked) && File.Exists(Path.Combine(baked, RootMarker)))
        {
            return Path.GetFullPath(baked);
        }

        throw new InvalidOperationException(
            $"Cannot find {RootMarker} above '{AppContext.BaseDirectory}' or '{Environment.CurrentDirectory}', and " +
            $"{RootVariable} is {(string.IsNullOrWhiteSpace(variable) ? "unset" : $"'{variable}' (no {RootMarker} there)")}. " +
            $"When building outside the checkout (ORACLES_ARTIFACTS), set {RootVariable} to the repository root.");
    }

    private static SnapshotFullName FullName(string snapshotRoot, string area, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(snapshotRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(area);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains('/', StringComparison.Ordinal) || name.EndsWith(".snap", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Snapshot name '{name}' must be a plain file name without '.snap' (it becomes <name>.snap).", nameof(name));
        }

        if (Path.IsPathRooted(area) || area.Split('/', '\\').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"Snapshot area '{area}' must be a relative folder such as 'Core' or 'Cli/Reports'.", nameof(area));
        }

        return new SnapshotFullName($"{name}.snap", Path.Combine(snapshotRoot, area));
    }

    private static string FilePath(SnapshotFullName fullName) =>
        Path.Combine(fullName.FolderPath, FileNames.SnapshotFolderName, fullName.Filename);

    private static string MismatchPath(SnapshotFullName fullName) =>
        Path.Combine(fullName.FolderPath, FileNames.SnapshotFolderName, FileNames.MismatchFolderName, fullName.Filename);
}
