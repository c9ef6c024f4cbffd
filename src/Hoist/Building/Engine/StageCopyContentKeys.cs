using Hoist.Building.Cache;
using Hoist.Building.Context;
using Hoist.Dispatch;
using Hoist.Oci;
using Hoist.Snapshots;

namespace Hoist.Building.Engine;

/// <summary>
/// The second cache key of <c>COPY --from=stage</c>, as BuildKit's content-based cache: the digest of the files the COPY
/// selects in that stage's filesystem. It is computed only when the first key (built on the stage's filesystem key)
/// misses, so a stage rebuilt with byte-identical output (a comment edited in a compiled source) still hits, while a
/// warm build never opens the stage.
/// </summary>
internal sealed class StageCopyContentKeys(LayerDirectories layers, StepSources sources)
{
    /// <summary>The content key of <paramref name="step"/> on <paramref name="filesystem"/>; null for every other step
    /// and when the selection cannot be keyed (the step then reports why when it runs). Layers of the stage unpacked
    /// for it are reported to <paramref name="extractions"/> (the COPY's step).</summary>
    /// <param name="files">Takes the fingerprint of each selected file (for the step's miss explanation).</param>
    public async Task<Digest?> KeyAsync(LayerStep step, Digest filesystem, IProgress<LayerExtraction> extractions, Action<Copy.CopyEntryFingerprint>? files,
        CancellationToken cancellationToken)
    {
        if (step is not CopyStep { Source: StageRef } copy) return null;
        var sourceLayers = await sources.LayersAsync(copy.Source, cancellationToken).ConfigureAwait(false);
        await using var view = await layers.ReportingTo(extractions).OpenReadOnlyViewAsync(sourceLayers, cancellationToken).ConfigureAwait(false);
        var source = new StageRootSource(view.Path, copy.Source.Text);
        var content = await CopySourceDigest.ComputeAsync(source, view.Path, copy.Request, hashes: null, files, cancellationToken).ConfigureAwait(false);
        return content is null ? null : StepKeys.Copy(filesystem, copy.Request, "stage content", content);
    }

    /// <summary>The filesystem key after <paramref name="step"/> produced <paramref name="layer"/>: for a COPY from a
    /// stage it follows the layer, so the steps after it hit whichever of its two keys did.</summary>
    public static Digest After(LayerStep step, Digest filesystem, Digest key, ImageLayer layer) =>
        step is CopyStep { Source: StageRef } ? StepKeys.Produced(filesystem, layer.DiffId) : key;
}
