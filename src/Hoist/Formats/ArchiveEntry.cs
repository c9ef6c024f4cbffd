using Hoist.Oci;

namespace Hoist.Formats;

/// <summary>An image as an archive lists it, while <see cref="ImageLoader"/> reads and verifies it: the name it
/// carries (none for an unnamed one), what that name points at (a manifest or an index) and the platform manifest
/// chosen from it, and the <c>org.opencontainers.image.ref.name</c> tags of its index.json entries (a bare
/// <c>latest</c> names no image, so <see cref="Reference"/> does not keep it).</summary>
internal sealed record ArchiveEntry(ImageReference? Reference, StoredDocument Target, StoredManifest Manifest)
{
    public IReadOnlyList<string> RefNames { get; init; } = [];

    /// <summary>The image ID: the config digest.</summary>
    public Digest Id => Manifest.Manifest.Config.Digest;
}
