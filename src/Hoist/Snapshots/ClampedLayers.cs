using System.Globalization;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Snapshots;

/// <summary>
/// A build's layers rewritten to a SOURCE_DATE_EPOCH when its image is assembled (BuildKit's rewrite-timestamp, which
/// also works at export): steps are cached without the epoch, so a new commit reuses every step and only the export
/// sees the new epoch. A layer kept as a snapshot gives its rewritten form as a second layer over the same directory
/// (a link and a recipe: nothing is copied, the tar is only hashed); a layer that is a blob is read and written again
/// with the new times. Each (layer, epoch, build windows) is remembered under <c>ROOT/cache/clamped</c>, so a rebuild
/// with the same epoch finds its layers without reading them.
/// </summary>
public sealed class ClampedLayers(SnapshotLayers layers)
{
    private ContentStore Store => layers.Store;

    /// <summary>The layer with every time rewritten for <paramref name="epoch"/>; the layer itself when nothing changes.</summary>
    /// <param name="blobs">How a blob layer's rewritten form is compressed.</param>
    public async Task<ImageLayer> ClampAsync(ImageLayer layer, long epoch, BuildTimeWindows windows, LayerWriteOptions blobs,
        CancellationToken cancellationToken)
    {
        var remembered = RememberedPath(layer.DiffId, epoch, windows);
        if (Recall(remembered) is { } known && Store.HasLayer(known.Blob)) return known;
        var times = new LayerWriteOptions { SourceDateEpoch = epoch, BuildWindows = windows };
        var clamped = layers.RecipeOf(layer.DiffId) is { Source: null } recipe && !layers.Snapshots.IsLink(layer.DiffId)
            ? await Task.Run(() => ShareDirectory(layer, recipe, times, cancellationToken), cancellationToken).ConfigureAwait(false)
            : null;
        clamped ??= await RewriteBlobAsync(layer, times, blobs, cancellationToken).ConfigureAwait(false);
        Remember(remembered, clamped);
        return clamped;
    }

    /// <summary>The rewritten tar of a snapshot layer, hashed; published as a layer sharing its directory. Null when that
    /// name is already taken by a directory of its own (unpacked from a blob, which the caller then writes).</summary>
    private ImageLayer? ShareDirectory(ImageLayer layer, SnapshotLayerRecipe recipe, LayerWriteOptions times, CancellationToken cancellationToken)
    {
        var rewritten = recipe with
        {
            SourceDateEpoch = times.SourceDateEpoch, BuildWindows = times.BuildWindows.ToString(), Source = layer.DiffId.ToString(), Compressed = null,
        };
        var tar = LayerWriter.Write(layers.Items(layer.DiffId, rewritten), Stream.Null, rewritten.TimeOptions with { Compression = LayerCompression.None },
            cancellationToken);
        if (tar.DiffId == layer.DiffId) return layer;
        if (layers.Snapshots.Contains(tar.DiffId) && !layers.Snapshots.IsLink(tar.DiffId)) return null;
        if (layers.RecipeOf(tar.DiffId) is null) layers.SaveRecipe(tar.DiffId, rewritten);
        layers.Snapshots.Link(tar.DiffId, layer.DiffId);
        return new ImageLayer(SnapshotLayers.Descriptor(tar), tar.DiffId);
    }

    /// <summary>A blob layer read entry by entry and written again with the rewritten times.</summary>
    private async Task<ImageLayer> RewriteBlobAsync(ImageLayer layer, LayerWriteOptions times, LayerWriteOptions blobs, CancellationToken cancellationToken)
    {
        await using var writer = Store.BeginWrite();
        var blob = await Task.Run(() =>
        {
            using var input = LayerCompressionCodec.OpenRead(Store.OpenRead(layer.Blob.Digest));
            using var tar = new TarArchiveReader(input);
            return LayerWriter.Write(Entries(tar), writer, blobs with { SourceDateEpoch = times.SourceDateEpoch, BuildWindows = times.BuildWindows },
                cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
        if (blob.DiffId == layer.DiffId) return layer;
        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ImageLayer(new Descriptor { MediaType = blob.MediaType, Digest = blob.Digest, Size = blob.Size }, blob.DiffId);
    }

    private static IEnumerable<LayerItem> Entries(TarArchiveReader tar)
    {
        while (tar.ReadNext() is { } entry)
        {
            yield return entry.Type == TarEntryType.Regular && entry.Size > 0 ? new LayerItem(entry) { OpenContent = tar.OpenContent } : new LayerItem(entry);
        }
    }

    /// <summary>Forgets every rewritten layer whose blob or snapshot is gone (<c>hoist prune</c>; an unreadable record
    /// too): such a record could only send the next export to rewrite the layer again.</summary>
    /// <returns>How many records were removed.</returns>
    public static int Prune(string stateRoot, Func<Digest, bool> present)
    {
        var directory = RecordsDirectory(stateRoot);
        if (!Directory.Exists(directory)) return 0;
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            if (Recall(file) is { } layer && present(layer.Blob.Digest)) continue;
            try
            {
                File.Delete(file);
                removed++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return removed;
    }

    private static string RecordsDirectory(string stateRoot) => Path.Combine(stateRoot, "cache", "clamped");

    private string RememberedPath(Digest diffId, long epoch, BuildTimeWindows windows)
    {
        var windowsHash = Digest.Sha256(System.Text.Encoding.UTF8.GetBytes(windows.ToString())).Hex[..16];
        return Path.Combine(RecordsDirectory(Store.Root), diffId.Algorithm,
            string.Create(CultureInfo.InvariantCulture, $"{diffId.Hex}-{epoch}-{windowsHash}"));
    }

    /// <summary>"mediaType digest size diffID"; null when absent or unreadable (then the layer is rewritten again).</summary>
    private static ImageLayer? Recall(string path)
    {
        try
        {
            var fields = File.ReadAllText(path).Split(' ');
            if (fields.Length != 4 || !Digest.TryParse(fields[1], out var blob) || !Digest.TryParse(fields[3], out var diffId)
                || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return null;
            return new ImageLayer(new Descriptor { MediaType = fields[0], Digest = blob, Size = size }, diffId);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>A failure to remember only costs the next export a rewrite.</summary>
    private static void Remember(string path, ImageLayer layer)
    {
        try
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"{layer.Blob.MediaType} {layer.Blob.Digest} {layer.Blob.Size} {layer.DiffId}");
            AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text), new AtomicWriteOptions { CreateParent = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HoistException)
        {
        }
    }
}
