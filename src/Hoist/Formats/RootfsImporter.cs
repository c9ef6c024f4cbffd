using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>
/// Makes a one-layer image from a root filesystem tar, as <c>docker import</c> does. An uncompressed tar is gzipped
/// (deterministically) on its way into the store; a gzip or zstd tar is stored as it is. Either way the tar is read
/// once, checked to be a valid archive, and its diffID computed on the way.
/// </summary>
public static class RootfsImporter
{
    public static async Task<NamedImage> ImportAsync(ContentStore store, Stream rootfs, RootfsImportOptions options,
        CancellationToken cancellationToken = default)
    {
        using var lease = await store.AcquireLeaseAsync(cancellationToken).ConfigureAwait(false);
        var layer = await Task.Run(() => WriteLayer(store, rootfs, cancellationToken), cancellationToken).ConfigureAwait(false);
        var created = options.Created ?? DateTimeOffset.UtcNow;
        var config = StoredConfig.Create(new ImageConfig
        {
            Architecture = options.Platform.Architecture,
            Os = options.Platform.Os,
            Variant = options.Platform.Variant,
            Config = options.Config,
            Created = created,
            History = [new HistoryEntry { Created = created, Comment = options.Comment }],
            RootFs = new RootFs { DiffIds = [layer.DiffId] },
        });
        var manifest = StoredManifest.Create(new ImageManifest
        {
            MediaType = MediaTypes.OciManifest,
            Config = config.ToDescriptor(MediaTypes.OciConfig),
            Layers = [new Descriptor { MediaType = layer.MediaType, Digest = layer.Digest, Size = layer.Size }],
        });
        await store.WriteAsync(config, cancellationToken).ConfigureAwait(false);
        await store.WriteAsync(manifest, cancellationToken).ConfigureAwait(false);
        if (options.Reference is { } reference) await store.Names.SetAsync(reference, manifest.Digest, cancellationToken).ConfigureAwait(false);
        else await store.Names.AddUntaggedAsync(manifest.Digest, cancellationToken).ConfigureAwait(false); // as docker import: <none>
        return new NamedImage(options.Reference, new ResolvedImage(manifest, manifest, config, options.Reference is { } name ? [name] : []));
    }

    private static LayerBlob WriteLayer(ContentStore store, Stream rootfs, CancellationToken cancellationToken)
    {
        using var writer = store.BeginWrite();
        var start = new byte[4];
        var filled = rootfs.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        if (filled == 0) throw new HoistException("the root filesystem archive is empty");
        var compression = LayerCompressionCodec.Detect(start.AsSpan(0, filled));
        var input = new PrefixedReadStream(start, filled, rootfs, leaveOpen: true);
        Digest diffId;
        try
        {
            if (compression == LayerCompression.None)
            {
                using (var gzip = LayerCompressionCodec.OpenWrite(writer, LayerCompression.Gzip, leaveOpen: true))
                using (var tee = new TeeHashingStream(input, gzip))
                {
                    ReadArchive(tee, cancellationToken);
                    diffId = tee.Digest();
                }
                compression = LayerCompression.Gzip;
            }
            else
            {
                using var stored = new TeeHashingStream(input, writer);
                using var uncompressed = new TeeHashingStream(LayerCompressionCodec.OpenRead(stored, leaveOpen: true), copy: null);
                ReadArchive(uncompressed, cancellationToken);
                diffId = uncompressed.Digest();
                stored.Drain();
            }
        }
        catch (TarFormatException e)
        {
            throw new HoistException($"the root filesystem is not a valid tar archive: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            throw new HoistException($"the root filesystem archive is corrupt: {e.Message}", e);
        }
        var blob = writer.CommitAsync(cancellationToken).GetAwaiter().GetResult();
        return new LayerBlob(blob.Digest, diffId, blob.Size, LayerMediaTypes.For(compression));
    }

    /// <summary>Walks every entry (validating the archive) and then reads any trailing padding, so the hash covers it all.</summary>
    private static void ReadArchive(TeeHashingStream tar, CancellationToken cancellationToken)
    {
        using (var reader = new TarArchiveReader(tar, leaveOpen: true))
        {
            while (reader.ReadNext() is not null) cancellationToken.ThrowIfCancellationRequested();
        }
        tar.Drain();
    }
}
