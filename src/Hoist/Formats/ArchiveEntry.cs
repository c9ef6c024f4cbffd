namespace Hoist.Formats;

/// <summary>An image of an archive read as an image source: what loading it would give, and the
/// <c>org.opencontainers.image.ref.name</c> tags its index.json entries carry (a bare <c>latest</c> names no image, so
/// <see cref="LoadedImage"/> does not keep it).</summary>
internal sealed record ArchiveEntry(LoadedImage Image, IReadOnlyList<string> RefNames);
