using System.Security.Cryptography;
using Hoist.Oci;

namespace Hoist.Archives;

/// <summary>The diffID of a layer blob: the sha256 of its content decompressed (gzip, zstd or none, detected).</summary>
public static class UncompressedDigest
{
    /// <summary>Reads <paramref name="blob"/> to its end; a corrupt compressed stream is a one-line error.</summary>
    public static Digest Of(Stream blob)
    {
        try
        {
            using var uncompressed = LayerCompressionCodec.OpenRead(blob, leaveOpen: true);
            return Digest.FromSha256Hash(SHA256.HashData(uncompressed));
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw new TarFormatException($"corrupt compressed layer: {e.Message}", e);
        }
    }

    /// <summary>Checks a layer blob against the diffID its image config gives it.</summary>
    public static void Verify(Stream blob, Digest blobDigest, Digest expected, string? source = null)
    {
        var actual = Of(blob);
        if (actual != expected) throw new DiffIdMismatchException(blobDigest, actual, expected, source);
    }
}
