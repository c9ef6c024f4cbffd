using System.Collections.Concurrent;
using System.Globalization;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// Uncompressed sizes of layer blobs (the tar's length), measured by decompressing once and remembered in
/// <c>ROOT/layer-sizes/ALGO-HEX</c>: a blob never changes, and decompressing a 140 MB base layer on every build's
/// summary cost seconds. The file appears by rename, so a killed writer leaves no torn value.
/// </summary>
public static class LayerSizes
{
    private static readonly ConcurrentDictionary<Digest, long> Known = new();

    public static async Task<long> UncompressedAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue(blob, out var size)) return size;
        var directory = Path.Combine(store.Root, "layer-sizes");
        var path = Path.Combine(directory, $"{blob.Algorithm}-{blob.Hex}");
        if (File.Exists(path) && long.TryParse(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false),
                NumberStyles.None, CultureInfo.InvariantCulture, out size))
        {
            return Known[blob] = size;
        }
        await using (var file = store.OpenRead(blob))
        await using (var tar = LayerCompressionCodec.OpenRead(file))
        {
            var buffer = new byte[1 << 16];
            int read;
            size = 0;
            while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0) size += read;
        }
        try
        {
            Directory.CreateDirectory(directory);
            var temp = $"{path}.{Guid.NewGuid():N}.tmp";
            await File.WriteAllTextAsync(temp, size.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a memo: a read-only or full state directory measures again next time.
        }
        return Known[blob] = size;
    }
}
