using Hoist.Oci;

namespace Hoist.Registry;

/// <summary>
/// Brings an image from its registry into the content store: what the build engine calls for a <c>FROM</c> image
/// and what <c>hoist pull</c> runs. Narrow on purpose so that builds can be tested with a fake.
/// </summary>
public interface IImagePuller
{
    /// <summary>
    /// Pulls <paramref name="reference"/> for <paramref name="platform"/> (default: this machine), skipping blobs the
    /// store already has, and names it in the store when the reference has a tag.
    /// </summary>
    Task<ImagePull> PullAsync(ImageReference reference, Platform? platform, IProgress<TransferProgress>? progress,
        CancellationToken cancellationToken);
}
