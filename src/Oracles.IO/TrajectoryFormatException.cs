namespace Oracles.IO;

/// <summary>
/// A trajectory file that cannot be read, or that does not satisfy the schema of <see cref="TrajectoryFormat"/>. The
/// message names the file, the field and what was expected, e.g.
/// <c>run.h5: `psi` has shape [201, 128] but `t` has 200 entries.</c> The CLI turns it into exit code 3.
/// </summary>
public sealed class TrajectoryFormatException : Exception
{
    /// <summary>Creates the exception for a problem with <paramref name="field"/> of <paramref name="file"/>.</summary>
    /// <param name="file">The file, as the caller named it.</param>
    /// <param name="field">The attribute or dataset (<c>psi</c>, <c>fluid/rho</c>), or null for the file as a whole.</param>
    /// <param name="expectation">What is wrong and what was expected, one sentence, naming the field in backticks.</param>
    /// <param name="innerException">The low-level error (a decoder's), if any.</param>
    public TrajectoryFormatException(string file, string? field, string expectation, Exception? innerException = null)
        : base($"{file}: {expectation}", innerException)
    {
        File = file;
        Field = field;
        Expectation = expectation;
    }

    /// <summary>Creates the exception with a message only (file and field unknown).</summary>
    public TrajectoryFormatException()
        : this(string.Empty, null, "The trajectory file is invalid.")
    {
    }

    /// <summary>Creates the exception with a message only (file and field unknown).</summary>
    /// <param name="message">The message.</param>
    public TrajectoryFormatException(string message)
        : this(string.Empty, null, message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception (file and field unknown).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TrajectoryFormatException(string message, Exception? innerException)
        : this(string.Empty, null, message, innerException)
    {
    }

    /// <summary>The file, as the caller named it.</summary>
    public string File { get; }

    /// <summary>The attribute or dataset at fault (<c>psi</c>, <c>fluid/rho</c>, <c>box_length</c>), or null when the
    /// file as a whole is at fault (not HDF5 nor zip, truncated, corrupt).</summary>
    public string? Field { get; }

    /// <summary>What is wrong and what was expected, without the file name.</summary>
    public string Expectation { get; }
}
