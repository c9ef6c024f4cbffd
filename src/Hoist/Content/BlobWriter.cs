using System.Security.Cryptography;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Content;

/// <summary>
/// A write-only stream into the store that hashes as it goes. Bytes land in a temp file under <c>ingest/</c>,
/// exclusively locked while this writer lives; <see cref="CommitAsync"/> verifies digest and size and renames the
/// file into <c>blobs/</c>. Disposing without committing deletes the temp file; a killed process leaves an unlocked
/// temp file that <see cref="ContentStore.CleanStaleIngests"/> removes.
/// </summary>
public sealed class BlobWriter : Stream
{
    private readonly ContentStore _store;
    private readonly FileStream _file;
    private readonly IncrementalHash _hash;
    private readonly Digest? _expectedDigest;
    private readonly long? _expectedSize;
    private long _length;
    private bool _finished;

    internal BlobWriter(ContentStore store, string tempPath, Digest? expectedDigest, long? expectedSize)
    {
        _store = store;
        TempPath = tempPath;
        _expectedDigest = expectedDigest;
        _expectedSize = expectedSize;
        var algorithm = expectedDigest?.Algorithm ?? "sha256";
        _hash = IncrementalHash.CreateHash(algorithm switch
        {
            "sha256" => HashAlgorithmName.SHA256,
            "sha512" => HashAlgorithmName.SHA512,
            _ => throw new HoistException($"unsupported digest algorithm \"{algorithm}\""),
        });
        // FileShare.None: the flock tells the stale-ingest cleaner that this temp file has a live writer.
        _file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
    }

    /// <summary>The temp file being written (for diagnostics and tests).</summary>
    public string TempPath { get; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        CheckWritable(buffer.Length);
        _file.Write(buffer);
        _hash.AppendData(buffer);
        _length += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        CheckWritable(buffer.Length);
        await _file.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _hash.AppendData(buffer.Span);
        _length += buffer.Length;
    }

    private void CheckWritable(int count)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_expectedSize is { } size && _length + count > size)
        {
            Abort();
            throw new HoistException($"blob {DescribeExpected()} is larger than its expected {size} bytes");
        }
    }

    /// <summary>Verifies and publishes the blob; on a mismatch nothing is stored and the temp file is gone.</summary>
    public async Task<BlobInfo> CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        var actual = _hash.AlgorithmName == HashAlgorithmName.SHA512
            ? Digest.Parse("sha512:" + Convert.ToHexStringLower(_hash.GetHashAndReset()))
            : Digest.FromSha256Hash(_hash.GetHashAndReset());
        if (_expectedSize is { } size && size != _length)
        {
            Abort();
            throw new HoistException($"blob {DescribeExpected()} has {_length} bytes, expected {size}");
        }
        if (_expectedDigest is { } expected && expected != actual)
        {
            Abort();
            throw new HoistException($"digest mismatch: expected {expected}, got {actual}");
        }
        try
        {
            // Durable before visible: a crash after the rename must not expose a blob whose bytes were never written.
            await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
            _file.Flush(flushToDisk: true);
            // Renamed while still open, so the temp file is never unlocked under its temp name.
            await _store.PublishAsync(TempPath, actual, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Abort();
            throw;
        }
        _finished = true;
        _file.Dispose();
        _hash.Dispose();
        return new BlobInfo(actual, _length);
    }

    private string DescribeExpected() => _expectedDigest?.ToString() ?? "(unnamed)";

    private void Abort()
    {
        if (_finished) return;
        _finished = true;
        _file.Dispose();
        _hash.Dispose();
        try { File.Delete(TempPath); }
        catch (IOException) { /* the next store open cleans it */ }
    }

    public override void Flush() { }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) Abort();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Abort();
        return base.DisposeAsync();
    }
}
