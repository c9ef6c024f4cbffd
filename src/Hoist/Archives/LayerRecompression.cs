namespace Hoist.Archives;

/// <summary>
/// A layer blob written again in another compression (BuildKit's <c>force-compression</c>): the tar inside is copied
/// byte for byte, so its diffID, the image config and the image ID stay; only the blob, its digest, size and media
/// type change.
/// </summary>
public static class LayerRecompression
{
    /// <summary>Reads <paramref name="blob"/> (any compression, found by its magic bytes) and writes its tar into
    /// <paramref name="output"/> compressed as <paramref name="options"/> say (compression, level, media type).</summary>
    public static LayerBlob Recompress(Stream blob, Stream output, LayerWriteOptions options, CancellationToken cancellationToken = default)
    {
        var compressed = new HashingWriteStream(output, leaveOpen: true);
        Oci.Digest diffId;
        long tarLength;
        using (var tar = LayerCompressionCodec.OpenRead(blob, leaveOpen: true))
        {
            var compressor = LayerCompressionCodec.OpenWrite(compressed, options.Compression, options.CompressionLevel, options.ParallelGzip, leaveOpen: true);
            var uncompressed = new HashingWriteStream(compressor, leaveOpen: false);
            var buffer = new byte[1 << 16];
            int read;
            while ((read = tar.Read(buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                uncompressed.Write(buffer, 0, read);
            }
            uncompressed.Flush();
            diffId = uncompressed.Digest();
            tarLength = uncompressed.BytesWritten;
            uncompressed.Dispose();
        }
        compressed.Flush();
        var mediaType = LayerMediaTypes.For(options.Compression, options.DockerMediaType);
        var result = options.Compression == LayerCompression.None
            ? new LayerBlob(diffId, diffId, tarLength, mediaType)
            : new LayerBlob(compressed.Digest(), diffId, compressed.BytesWritten, mediaType);
        compressed.Dispose();
        return result;
    }
}
