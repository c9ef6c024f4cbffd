using System.Security.Cryptography;
using Hoist.Archives;
using Hoist.Content;
using Hoist.Oci;

namespace Hoist.Analysis.Diff;

/// <summary>Reads a layer blob into path → <see cref="LayerFile"/>, hashing each regular file's content on the way (one
/// streaming pass; only the entries' metadata and hashes stay in memory).</summary>
public static class LayerFiles
{
    public static async Task<IReadOnlyDictionary<string, LayerFile>> ReadAsync(ContentStore store, Descriptor blob, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, LayerFile>(StringComparer.Ordinal);
        await using var file = store.OpenRead(blob.Digest);
        await using var tar = LayerCompressionCodec.OpenRead(file);
        using var reader = new TarArchiveReader(tar);
        while (reader.ReadNext() is { } entry)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? content = null;
            if (entry.Type == TarEntryType.Regular)
            {
                await using var data = reader.OpenContent();
                content = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(data, cancellationToken).ConfigureAwait(false));
            }
            files[Normalize(entry.Name)] = new LayerFile(entry, content);
        }
        return files;
    }

    /// <summary>Tar names may carry <c>./</c> in front and <c>/</c> after directories; the diff shows the path.</summary>
    private static string Normalize(string name)
    {
        var path = name.StartsWith("./", StringComparison.Ordinal) ? name[2..] : name;
        path = path.TrimEnd('/');
        return path.Length == 0 ? "." : path;
    }
}
