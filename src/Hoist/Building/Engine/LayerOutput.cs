using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>Where step layers go: streamed into the store as gzip layers (clamped to SOURCE_DATE_EPOCH when rewriting).</summary>
internal sealed class LayerOutput(ContentStore store, LayerWriteOptions options)
{
    public async Task<ImageLayer> WriteAsync(IEnumerable<LayerItem> items, CancellationToken cancellationToken)
    {
        await using var writer = store.BeginWrite();
        var blob = await Task.Run(() => LayerWriter.Write(items, writer, options, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImageLayer(new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size }, blob.DiffId);
    }
}
