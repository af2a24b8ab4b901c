namespace Oracles.IO.Schema;

/// <summary>
/// A container of named attributes and arrays (an HDF5 file, an <c>.npz</c> archive) that the schema reader walks.
/// Implementations turn every decoder failure into a <see cref="TrajectoryFormatException"/> naming the field.
/// </summary>
internal abstract class TrajectorySource : IDisposable
{
    /// <summary>Creates the source.</summary>
    /// <param name="file">The file, as the caller named it (used in messages).</param>
    protected TrajectorySource(string file) => File = file;

    /// <summary>The file, as the caller named it.</summary>
    public string File { get; }

    /// <summary>True when <paramref name="group"/> exists (a group in HDF5, a key prefix in <c>.npz</c>).</summary>
    /// <param name="group">The group name.</param>
    /// <returns>Whether it exists.</returns>
    public abstract bool HasGroup(string group);

    /// <summary>Reads a scalar attribute, or returns null when it is absent.</summary>
    /// <param name="group">"" for the root, else the group.</param>
    /// <param name="name">The attribute name.</param>
    /// <returns>The value, or null.</returns>
    public abstract AttributeValue? ReadAttribute(string group, string name);

    /// <summary>Opens an array, or returns null when it is absent. Its claimed size has been checked against the file.</summary>
    /// <param name="group">"" for the root, else the group.</param>
    /// <param name="name">The dataset name.</param>
    /// <returns>The array, or null.</returns>
    public abstract SourceArray? OpenArray(string group, string name);

    /// <summary>The field name used in messages: <c>name</c> at the root, <c>group/name</c> in a group.</summary>
    /// <param name="group">"" for the root, else the group.</param>
    /// <param name="name">The attribute or dataset name.</param>
    /// <returns>The field name.</returns>
    public static string FieldName(string group, string name) => group.Length == 0 ? name : group + "/" + name;

    /// <summary>Creates the exception for a problem with <paramref name="field"/>.</summary>
    /// <param name="field">The field, or null for the whole file.</param>
    /// <param name="expectation">What is wrong and what was expected.</param>
    /// <param name="inner">The low-level cause, if any.</param>
    /// <returns>The exception, to throw.</returns>
    public TrajectoryFormatException Error(string? field, string expectation, Exception? inner = null) =>
        new(File, field, expectation, inner);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the underlying file.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);
}
