using Hoist.Analysis;
using Hoist.Archives;
using Hoist.Building.Cache;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// Where step layers go: kept as snapshot layers (files, no blob: <see cref="SnapshotLayers"/>) whenever possible, else
/// streamed into the store as gzip layers as before; clamped to SOURCE_DATE_EPOCH when rewriting.
/// </summary>
internal sealed class LayerOutput(ContentStore store, SnapshotLayers snapshots, LayerWriteOptions options)
{
    private readonly GzipMemberRecords _members = new(store);

    /// <summary>A RUN's changes: its upper directory becomes the layer.</summary>
    public async Task<ImageLayer> KeepRunAsync(IRunSnapshot snapshot, CancellationToken cancellationToken)
    {
        var size = new SizeCounter();
        if (await Writer(size).KeepRunAsync(snapshot, cancellationToken).ConfigureAwait(false) is { } kept) return Remember(kept, size);
        var layer = await WriteAsync(snapshot.Changes(), cancellationToken).ConfigureAwait(false);
        await snapshot.KeepAsync(snapshots.Snapshots, layer.DiffId, cancellationToken).ConfigureAwait(false);
        return layer;
    }

    /// <summary>A COPY's or WORKDIR's items, written as files over <paramref name="lowersTopFirst"/>.</summary>
    public async Task<ImageLayer> KeepItemsAsync(IReadOnlyList<LayerItem> items, IReadOnlyList<string> lowersTopFirst,
        CancellationToken cancellationToken)
    {
        var size = new SizeCounter();
        var kept = await Writer(size).KeepItemsAsync(items, lowersTopFirst, cancellationToken).ConfigureAwait(false);
        return kept is null ? await WriteAsync(items, cancellationToken).ConfigureAwait(false) : Remember(kept, size);
    }

    /// <summary>A gzip blob in the store (for what cannot be kept as a snapshot), its sizes remembered so that the
    /// build's summary does not decompress it again.</summary>
    /// <param name="previous">The layer the last build of the same step made: its unchanged gzip members are copied rather
    /// than deflated again (<see cref="GzipMemberRecords"/>).</param>
    public async Task<ImageLayer> WriteAsync(IEnumerable<LayerItem> items, CancellationToken cancellationToken, Descriptor? previous = null)
    {
        await using var writer = store.BeginWrite();
        var size = new SizeCounter();
        var counted = items.Select(item =>
        {
            size.Add(item.Entry);
            return item;
        });
        using var members = options is { Compression: LayerCompression.Gzip, ParallelGzip: true } ? _members.Begin(options.CompressionLevel, previous) : null;
        var blob = await Task.Run(() => LayerWriter.Write(counted, writer, options with { GzipMembers = members?.Log }, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (members is not null) _members.Save(blob.Digest, members.Log);
        var layer = new ImageLayer(new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size }, blob.DiffId);
        LayerSizeIndex.Remember(store, layer.Blob.Digest, new LayerSize(blob.TarSize, size.Content));
        return layer;
    }

    private SnapshotLayerWriter Writer(SizeCounter size) => new(snapshots, options.SourceDateEpoch, size.Add);

    /// <summary>The sizes were counted on the way: the build's summary need not read the layer again.</summary>
    private ImageLayer Remember(ImageLayer layer, SizeCounter size)
    {
        LayerSizeIndex.Remember(store, layer.Blob.Digest, new LayerSize(layer.Blob.Size, size.Content));
        return layer;
    }

    private sealed class SizeCounter
    {
        public long Content { get; private set; }

        public void Add(TarEntry entry) => Content += MergedFileSystem.ContentSize(entry);
    }
}
