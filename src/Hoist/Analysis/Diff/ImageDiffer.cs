using Hoist.Oci;

namespace Hoist.Analysis.Diff;

/// <summary>
/// <c>hoist diff</c>: compares two images the way one asks "why is my build not reproducible?": manifest fields, config
/// and history fields (as JSON paths), then the layers position by position; for layers whose files differ, every
/// path added, removed, or changed in content, type, mode, owner, mtime, link target or xattrs.
/// </summary>
public static class ImageDiffer
{
    public static async Task<ImageDifference> CompareAsync(DiffedImage a, DiffedImage b, CancellationToken cancellationToken = default)
    {
        var layers = new List<LayerDifference>();
        var layersA = Layers(a);
        var layersB = Layers(b);
        for (var i = 0; i < Math.Max(layersA.Count, layersB.Count); i++)
        {
            var layer = await CompareLayerAsync(i, a, b, layersA.ElementAtOrDefault(i), layersB.ElementAtOrDefault(i), cancellationToken).ConfigureAwait(false);
            layers.Add(layer with { CreatedBy = LayerSteps(b).ElementAtOrDefault(i) ?? LayerSteps(a).ElementAtOrDefault(i) });
        }
        return new ImageDifference
        {
            A = Summary(a),
            B = Summary(b),
            Manifest = JsonTreeDiff.Compare(a.Image.Manifest.Bytes, b.Image.Manifest.Bytes, "config", "layers"),
            Config = JsonTreeDiff.Compare(a.Image.Config.Bytes, b.Image.Config.Bytes, "rootfs"),
            Layers = layers,
        };
    }

    private static DiffedSummary Summary(DiffedImage side) => new(side.Name, side.Image.Id, side.Image.Manifest.Digest);

    private static IReadOnlyList<ImageLayer> Layers(DiffedImage side) => side.Image.Image.Layers;

    /// <summary>The history entries that made a layer (not <c>empty_layer</c>), in layer order.</summary>
    private static IReadOnlyList<string?> LayerSteps(DiffedImage side) =>
        [.. (side.Image.Config.Config.History ?? []).Where(h => !h.EmptyLayer).Select(h => h.CreatedBy)];

    private static async Task<LayerDifference> CompareLayerAsync(int index, DiffedImage a, DiffedImage b, ImageLayer? layerA, ImageLayer? layerB,
        CancellationToken cancellationToken)
    {
        if (layerA is null) return new LayerDifference(index, LayerStatus.OnlyInB, null, layerB, []);
        if (layerB is null) return new LayerDifference(index, LayerStatus.OnlyInA, layerA, null, []);
        if (layerA.Blob.Digest == layerB.Blob.Digest) return new LayerDifference(index, LayerStatus.Same, layerA, layerB, []);
        if (layerA.DiffId == layerB.DiffId) return new LayerDifference(index, LayerStatus.Recompressed, layerA, layerB, []);
        var filesA = await LayerFiles.ReadAsync(a.Store, layerA.Blob, cancellationToken).ConfigureAwait(false);
        var filesB = await LayerFiles.ReadAsync(b.Store, layerB.Blob, cancellationToken).ConfigureAwait(false);
        return new LayerDifference(index, LayerStatus.Differs, layerA, layerB, CompareFiles(filesA, filesB));
    }

    private static List<FileDifference> CompareFiles(IReadOnlyDictionary<string, LayerFile> a, IReadOnlyDictionary<string, LayerFile> b)
    {
        var differences = new List<FileDifference>();
        foreach (var path in a.Keys.Union(b.Keys).Order(StringComparer.Ordinal))
        {
            var inA = a.GetValueOrDefault(path);
            var inB = b.GetValueOrDefault(path);
            if (inA is null) differences.Add(new FileDifference(path, FileChange.Added, []));
            else if (inB is null) differences.Add(new FileDifference(path, FileChange.Removed, []));
            else if (inA.Differences(inB) is { Count: > 0 } fields) differences.Add(new FileDifference(path, FileChange.Changed, fields));
        }
        return differences;
    }
}
