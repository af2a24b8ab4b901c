using System.Runtime.CompilerServices;

namespace Oracles.IO;

/// <summary>
/// A read-only, seekable view of a stream that bounds the work a decoder can do on it: the total bytes read, the
/// number of read calls, and the stack depth at each read. A corrupt file whose structures point back at themselves
/// (cyclic B-trees, continuation chains) then ends in an <see cref="InvalidDataException"/> or an
/// <see cref="InsufficientExecutionStackException"/> instead of a hang or a stack overflow.
/// </summary>
/// <remarks>
/// The budgets are generous multiples of the file size: a decoder reads each byte of data once and metadata a few
/// times, so legitimate files stay far below them, and a loop that re-reads the same structures exhausts them within
/// a fraction of a second for the small files a fuzzer produces.
/// </remarks>
internal sealed class GuardedReadStream : Stream
{
    private readonly Stream inner;
    private readonly long byteBudget;
    private readonly long callBudget;
    private long bytesRead;
    private long calls;

    /// <summary>Wraps <paramref name="inner"/> (which this stream owns) with budgets derived from its length.</summary>
    /// <param name="inner">A readable, seekable stream.</param>
    public GuardedReadStream(Stream inner)
    {
        this.inner = inner;
        var length = inner.Length;

        // Bytes: every byte 256 times over (chunk re-reads across frame reads) plus 256 MiB of slack for metadata.
        // Calls: one per 8-byte word 64 times over plus 4·10⁶ (PureHDF reads metadata field by field).
        byteBudget = SaturatingAdd(SaturatingMultiply(length, 256), 256L << 20);
        callBudget = SaturatingAdd(SaturatingMultiply(length / 8, 64), 4_000_000);
    }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => inner.Length;

    /// <inheritdoc/>
    public override long Position
    {
        get => inner.Position;
        set => inner.Position = value;
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        // A decoder recursing through a cyclic structure reads at every level: stop it while the stack can unwind.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        bytesRead += buffer.Length;
        calls++;
        if (bytesRead > byteBudget || calls > callBudget)
        {
            throw new InvalidDataException(
                "The decoder read far more than the file holds (a cyclic or self-referencing structure); the file is corrupt.");
        }

        return inner.Read(buffer);
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private static long SaturatingMultiply(long a, long b) => a > long.MaxValue / b ? long.MaxValue : a * b;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
