using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Analysis;

/// <summary>
/// The uncompressed sizes of layer blobs, measured by streaming each through the tar reader once and remembered in the
/// state directory (<c>cache/layer-sizes/&lt;hex&gt;</c>: "TAR CONTENT"), so that <c>hoist images</c> and a cached
/// rebuild's summary never decompress a layer twice. A memo in another format is measured again.
/// </summary>
public static class LayerSizeIndex
{
    private static readonly ConcurrentDictionary<(string Root, Digest Blob), LayerSize> Known = new();

    public static async Task<LayerSize> GetAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue((store.Root, blob), out var size)) return size;
        if (Read(MemoPath(store, blob)) is { } remembered) return Known[(store.Root, blob)] = remembered;
        var measured = await Task.Run(() => Measure(store, blob, cancellationToken), cancellationToken).ConfigureAwait(false);
        Remember(store, blob, measured);
        return measured;
    }

    /// <summary>Docker's size of an image: the sum of its layers' content sizes.</summary>
    public static async Task<long> ContentSizeAsync(ContentStore store, IEnumerable<Descriptor> layers, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var layer in layers) total += (await GetAsync(store, layer.Digest, cancellationToken).ConfigureAwait(false)).Content;
        return total;
    }

    /// <summary>Records sizes measured elsewhere (e.g. by an analysis that streamed the layer anyway).</summary>
    public static void Remember(ContentStore store, Digest blob, LayerSize size)
    {
        Known[(store.Root, blob)] = size;
        var path = MemoPath(store, blob);
        try
        {
            AtomicFile.WriteAllBytes(path, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{size.Tar} {size.Content}")),
                new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
            // Only a memo: the next caller measures again.
        }
    }

    private static string MemoPath(ContentStore store, Digest blob) => Path.Combine(store.Root, "cache", "layer-sizes", blob.Hex);

    private static LayerSize? Read(string path)
    {
        try
        {
            var parts = File.ReadAllText(path).Split(' ');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tar)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var content)
                ? new LayerSize(tar, content)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static LayerSize Measure(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        using var file = store.OpenRead(blob);
        using var tar = new CountingReadStream(LayerCompressionCodec.OpenRead(file));
        long content = 0;
        try
        {
            using var reader = new TarArchiveReader(tar, leaveOpen: true);
            while (reader.ReadNext() is { } entry)
            {
                cancellationToken.ThrowIfCancellationRequested();
                content += MergedFileSystem.ContentSize(entry);
            }
            tar.CopyTo(Stream.Null);
        }
        catch (TarFormatException e)
        {
            throw new HoistException($"layer {blob}: {e.Message}", e);
        }
        return new LayerSize(tar.BytesRead, content);
    }
}
