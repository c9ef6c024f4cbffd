using System.Security.Cryptography;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>Forwards writes while computing their sha256 and length (diffID before compression, digest after).</summary>
internal sealed class HashingWriteStream(Stream inner, bool leaveOpen) : WriteOnlyStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesWritten { get; private set; }

    public Digest Digest() => Hoist.Oci.Digest.FromSha256Hash(Hash());

    /// <summary>The sha256 of everything written so far, as bytes.</summary>
    public byte[] Hash() => _hash.GetCurrentHash();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        BytesWritten += buffer.Length;
        inner.Write(buffer);
    }

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            if (!leaveOpen) inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
