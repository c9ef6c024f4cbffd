using Hoist.Dispatch;
using Hoist.Oci;

namespace Hoist.Building.Engine;

/// <summary>
/// A stage part-way through its steps: the image so far and its two running keys (see <see cref="StepKeys"/>).
/// Immutable: every step returns the next one.
/// </summary>
internal sealed record StageProgress(StageImage Image, Digest Filesystem, Digest Chain)
{
    /// <summary>A stage on an image (or scratch) starts its keys from that image's layers and config, and from the
    /// build's SOURCE_DATE_EPOCH only when the layers the stage writes depend on it (rewriting off, see
    /// <see cref="BuildClock.LayersFollowEpoch"/>); rewritten at export, the epoch changes no step.</summary>
    public static StageProgress Start(StageImage image, BuildClock clock)
    {
        // Created is left out: an image without history would otherwise get "now" and never hit.
        var config = StoredConfig.Create(image.ToImageConfig() with { Created = null }).Digest;
        var filesystem = StepKeys.BaseImage(image.Platform, image.Layers, config);
        if (clock.LayersFollowEpoch && clock.Epoch is { } epoch) filesystem = StepKeys.Timestamps(filesystem, epoch, clock.RewriteTimestamps);
        return new StageProgress(image, filesystem, StepKeys.StartChain(filesystem, config));
    }

    /// <summary>The keys after a layer step whose key is <paramref name="step"/>.</summary>
    public StageProgress AfterLayer(StageImage image, Digest step) => new(image, step, StepKeys.Chain(Chain, step));
}
