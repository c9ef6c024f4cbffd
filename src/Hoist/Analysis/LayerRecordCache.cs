using Hoist.Oci;
using Hoist.Posix;

namespace Hoist.Analysis;

/// <summary>
/// Layer records (see <see cref="LayerRecord"/>) in a directory of the state dir, one file per layer blob and
/// inspector recipe, so a base image is read once however many builds and analyses use it. A record that cannot be
/// read is treated as absent (the layer is walked again and the record rewritten); records are written atomically.
/// </summary>
public sealed class LayerRecordCache(string directory)
{
    /// <summary>Bumped whenever what a walk records changes (new inspectors, new fields), so old records are not reused.</summary>
    private const int Version = 1;

    public static LayerRecordCache UnderStateRoot(string stateRoot) => new(Path.Combine(stateRoot, "analysis", "layers"));

    public LayerRecord? TryLoad(Digest layer, string recipe) => CacheFile.TryRead(PathOf(layer, recipe), AnalysisJsonContext.Default.LayerRecord);

    /// <summary>True when a record of <paramref name="layer"/> for <paramref name="recipe"/> is there (not read).</summary>
    public bool Contains(Digest layer, string recipe) => File.Exists(PathOf(layer, recipe));

    public void Save(Digest layer, string recipe, LayerRecord record) =>
        CacheFile.TryWrite(PathOf(layer, recipe), record, AnalysisJsonContext.Default.LayerRecord);

    /// <summary>Removes the records of layer blobs <paramref name="exists"/> says are gone; returns the bytes freed.</summary>
    public long Prune(Func<Digest, bool> exists)
    {
        if (!Directory.Exists(directory)) return 0;
        long freed = 0;
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (Digest.TryParse("sha256:" + file.Name.Split('.')[0], out var layer) && exists(layer)) continue;
            freed += file.Length;
            file.Delete();
        }
        return freed;
    }

    private string PathOf(Digest layer, string recipe) => Path.Combine(directory, $"{layer.Hex}.{recipe}.v{Version}.json");
}
