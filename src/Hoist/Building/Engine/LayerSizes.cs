using System.Collections.Concurrent;
using System.Text;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Building.Engine;

/// <summary>
/// Uncompressed sizes of layer blobs (the tar's length), measured by decompressing once and remembered in the state
/// directory (<c>cache/layer-sizes/&lt;hex&gt;</c>), so a cached rebuild's summary never decompresses its base layers.
/// </summary>
public static class LayerSizes
{
    private static readonly ConcurrentDictionary<Digest, long> Known = new();

    public static async Task<long> UncompressedAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue(blob, out var size)) return size;
        var remembered = Path.Combine(store.Root, "cache", "layer-sizes", blob.Hex);
        if (File.Exists(remembered) && long.TryParse(File.ReadAllText(remembered), System.Globalization.CultureInfo.InvariantCulture, out size)
            && size >= 0)
        {
            return Known[blob] = size;
        }
        var total = await MeasureAsync(store, blob, cancellationToken).ConfigureAwait(false);
        try
        {
            AtomicFile.WriteAllBytes(remembered, Encoding.ASCII.GetBytes(total.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new AtomicWriteOptions { CreateParent = true });
        }
        catch (HoistException)
        {
        }
        return Known[blob] = total;
    }

    private static async Task<long> MeasureAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        await using var file = store.OpenRead(blob);
        await using var tar = LayerCompressionCodec.OpenRead(file);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0) total += read;
        return total;
    }
}
