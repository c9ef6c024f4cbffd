using System.Collections.Concurrent;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>Uncompressed sizes of layer blobs (the tar's length), measured by decompressing once per process.</summary>
public static class LayerSizes
{
    private static readonly ConcurrentDictionary<Digest, long> Known = new();

    public static async Task<long> UncompressedAsync(ContentStore store, Digest blob, CancellationToken cancellationToken)
    {
        if (Known.TryGetValue(blob, out var size)) return size;
        await using var file = store.OpenRead(blob);
        await using var tar = LayerCompressionCodec.OpenRead(file);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await tar.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0) total += read;
        Known[blob] = total;
        return total;
    }
}
