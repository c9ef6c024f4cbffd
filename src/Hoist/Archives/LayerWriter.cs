using Hoist.Posix;

namespace Hoist.Archives;

/// <summary>
/// Writes layers in one streaming pass: entries → PAX tar → (diffID hash) → compressor → (digest hash) → output.
/// Memory stays flat whatever the layer size: file content is copied through fixed buffers.
/// </summary>
public static class LayerWriter
{
    /// <summary>A layer holding everything under <paramref name="directory"/> (not the directory entry itself).</summary>
    public static LayerBlob WriteDirectory(string directory, Stream output, LayerWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LayerWriteOptions();
        var status = Native.LStat(directory);
        if (status is not { IsDirectory: true }) throw new HoistException($"{directory}: not a directory");
        return Write(new FileTreeEntries(options).Walk(directory), output, options, cancellationToken);
    }

    /// <summary>Writes the layer to a file at <paramref name="path"/> (created or truncated).</summary>
    public static LayerBlob WriteDirectory(string directory, string path, LayerWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (Native.LStat(directory) is not { IsDirectory: true }) throw new HoistException($"{directory}: not a directory");
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"{path}: {e.Message}", e);
        }
        using (file) return WriteDirectory(directory, file, options, cancellationToken);
    }

    /// <summary>A layer of the given items, written in the order given.</summary>
    public static LayerBlob Write(IEnumerable<LayerItem> items, Stream output, LayerWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new LayerWriteOptions();
        // An uncompressed layer's digest is its diffID: hashing it twice would only cost time.
        var compressed = options.Compression == LayerCompression.None ? null : new HashingWriteStream(output, leaveOpen: true);
        Oci.Digest diffId;
        long tarLength;
        var compressor = LayerCompressionCodec.OpenWrite((Stream?)compressed ?? output, options.Compression, options.CompressionLevel, options.ParallelGzip, leaveOpen: true,
            options.GzipMembers);
        using (compressor)
        {
            var uncompressed = new HashingWriteStream(new BufferedStream(compressor, 1 << 16), leaveOpen: false);
            using var tar = new PaxTarWriter(uncompressed, leaveOpen: true);
            foreach (var item in items)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var entry = options.Rewritten(item);
                if (entry.Type == TarEntryType.Regular && entry.Size > 0)
                {
                    if (item.SourcePath is null && item.OpenContent is null) throw new HoistException($"layer item \"{entry.Name}\" has no content source");
                    using var content = item.OpenContent?.Invoke() ?? OpenSource(item.SourcePath!);
                    tar.WriteEntry(entry, content);
                }
                else tar.WriteEntry(entry);
            }
            tar.Finish();
            uncompressed.Flush();
            diffId = uncompressed.Digest();
            tarLength = uncompressed.BytesWritten;
            uncompressed.Dispose();
        }
        if (compressed is null)
        {
            output.Flush();
            return new LayerBlob(diffId, diffId, tarLength, LayerMediaTypes.For(options.Compression, options.DockerMediaType)) { TarSize = tarLength };
        }
        compressed.Flush();
        var blob = new LayerBlob(compressed.Digest(), diffId, compressed.BytesWritten,
            LayerMediaTypes.For(options.Compression, options.DockerMediaType)) { TarSize = tarLength };
        compressed.Dispose();
        return blob;
    }

    private static FileStream OpenSource(string path)
    {
        try
        {
            return new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0, Options = FileOptions.SequentialScan });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoistException($"{path}: {e.Message}", e);
        }
    }
}
