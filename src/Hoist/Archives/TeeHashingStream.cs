using System.Security.Cryptography;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>
/// Reads through to <c>inner</c>, hashing (sha256) and counting every byte read, and optionally copying it to
/// <c>copy</c>: one pass over an archive entry both stores and verifies it.
/// </summary>
internal sealed class TeeHashingStream(Stream inner, Stream? copy) : ReadOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public Digest Digest() => Oci.Digest.FromSha256Hash(_hash.GetCurrentHash());

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        if (read > 0)
        {
            _hash.AppendData(buffer[..read]);
            copy?.Write(buffer[..read]);
            BytesRead += read;
        }
        return read;
    }

    /// <summary>Reads whatever is left, so that hash and copy cover the whole entry.</summary>
    public void Drain()
    {
        var buffer = new byte[1 << 16];
        while (Read(buffer) > 0) { }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _hash.Dispose();
        base.Dispose(disposing);
    }
}
